// Frame gaps measured in the page itself with requestAnimationFrame, for the
// end-to-end tests that check a flood leaves the page its frames.

/** Starts recording the time between animation frames in `page` (window.frameGaps). */
export function startFrameGaps(page) {
  return page.evaluate(() => {
    window.frameGaps = [];
    let last = performance.now();
    const tick = (time) => {
      if (window.frameGaps === null) return;
      window.frameGaps.push(time - last);
      last = time;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Stops recording; resolves with the gaps in milliseconds, the first (partial) one left out. */
export function stopFrameGaps(page) {
  return page.evaluate(() => {
    const gaps = window.frameGaps.slice(1);
    window.frameGaps = null;
    return gaps;
  });
}

/** { p99, worst, frames } of `gaps`. */
export function frameGapFigures(gaps) {
  const sorted = [...gaps].sort((a, b) => a - b);
  return { p99: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))], worst: sorted.at(-1), frames: sorted.length };
}
