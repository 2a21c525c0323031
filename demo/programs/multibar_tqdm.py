# Several tqdm bars at once (position=...), with tqdm.write() lines above them:
# tqdm moves the cursor up to redraw each bar. Usage: multibar_tqdm.py BARS SECONDS.
import sys
import time

from tqdm import tqdm

bars, seconds = int(sys.argv[1]), int(sys.argv[2])
TOTAL = 1000
speeds = [0.15 + 0.11 * i for i in range(bars)]
progress = [
    tqdm(total=TOTAL, position=i, desc=f"worker {i + 1}", file=sys.stdout, ncols=90, mininterval=0.02, colour="green")
    for i in range(bars)
]
batches = [1] * bars
start = last = time.monotonic()
while time.monotonic() - start < seconds:
    time.sleep(0.02)
    now = time.monotonic()
    for i, bar in enumerate(progress):
        step = int(speeds[i] * (now - last) * TOTAL)
        if bar.n + step >= TOTAL:
            tqdm.write(f"worker {i + 1} finished batch {batches[i]}", file=sys.stdout)
            batches[i] += 1
            bar.reset(total=TOTAL)
        else:
            bar.update(step)
    last = now
for bar in progress:
    bar.close()
