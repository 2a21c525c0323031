// Figures shared by the page and the comparison panes: frames of the last second,
// the worst gap between them, the JS heap where the browser tells it, and rates.

/** Counts animation frames: frame rate and worst gap over the last second. */
export class FrameMeter {
  #times = [];

  constructor() {
    const tick = (time) => {
      this.#times.push(time);
      while (this.#times.length > 1 && this.#times[1] < time - 1000) this.#times.shift();
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }

  /** { fps, worstGap } over the last second; a frame still awaited counts as a growing gap. */
  read(now = performance.now()) {
    const times = this.#times;
    let fps = 0;
    let worstGap = 0;
    for (let i = 0; i < times.length; i++) {
      if (times[i] >= now - 1000) fps++;
      if (i > 0) worstGap = Math.max(worstGap, times[i] - times[i - 1]);
    }
    if (times.length > 0) worstGap = Math.max(worstGap, now - times.at(-1));
    return { fps, worstGap };
  }
}

/** Used JS heap in MB, or null where the browser does not expose it (only Chromium has performance.memory). */
export function heapMB() {
  const memory = performance.memory;
  return memory ? memory.usedJSHeapSize / 1e6 : null;
}

/** A rate over a sliding window of about a second: add(amount) as it comes, perSecond() to read. */
export class Rate {
  #samples = [];
  #total = 0;

  add(amount, now = performance.now()) {
    this.#total += amount;
    this.#samples.push([now, this.#total]);
    while (this.#samples.length > 2 && this.#samples[1][0] < now - 1000) this.#samples.shift();
  }

  get total() {
    return this.#total;
  }

  perSecond(now = performance.now()) {
    const samples = this.#samples;
    while (samples.length > 1 && samples[1][0] < now - 1000) samples.shift();
    const first = samples[0];
    if (first === undefined || now - first[0] < 50) return 0;
    // All that came after the oldest sample kept came within the last second.
    return (this.#total - first[1]) / Math.min(1, (now - first[0]) / 1000);
  }

  reset() {
    this.#samples = [];
    this.#total = 0;
  }
}

export const integer = new Intl.NumberFormat('en');
export const oneDecimal = new Intl.NumberFormat('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A count short enough for a figure: exact below 100,000, then in k or M. */
export function formatCount(n) {
  if (n < 1e5) return integer.format(Math.round(n));
  if (n < 1e6) return `${integer.format(Math.round(n / 1e3))} k`;
  return `${(n / 1e6).toFixed(n < 1e7 ? 2 : 1)} M`;
}

/** Bytes per second as MB/s, with fewer decimals as it grows. */
export function formatMBps(bytesPerSecond) {
  const mb = bytesPerSecond / 1e6;
  return mb >= 100 ? integer.format(Math.round(mb)) : oneDecimal.format(mb);
}
