# Several rich progress bars in one live display, with log lines above it: rich
# moves the cursor up and erases to redraw. Usage: multibar_rich.py BARS SECONDS.
import sys
import time

from rich.console import Console
from rich.progress import Progress

bars, seconds = int(sys.argv[1]), int(sys.argv[2])
TOTAL = 1000
speeds = [0.15 + 0.11 * i for i in range(bars)]
console = Console(force_terminal=True, width=100)
with Progress(console=console, refresh_per_second=30) as progress:
    tasks = [progress.add_task(f"worker {i + 1}", total=TOTAL) for i in range(bars)]
    batches = [1] * bars
    start = last = time.monotonic()
    while time.monotonic() - start < seconds:
        time.sleep(0.02)
        now = time.monotonic()
        for i, task in enumerate(tasks):
            step = speeds[i] * (now - last) * TOTAL
            if progress.tasks[i].completed + step >= TOTAL:
                progress.console.print(f"[bold]worker {i + 1}[/bold] finished batch {batches[i]}")
                batches[i] += 1
                progress.reset(task, total=TOTAL)
            else:
                progress.advance(task, step)
        last = now
