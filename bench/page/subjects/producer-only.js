// Subject: no widget at all. The producer's writes go nowhere, so its row shows
// what the producer and the measuring cost by themselves: the floor under every
// other subject's frame gaps and event-loop lateness.

export const id = 'producer-only';
export const label = 'no widget (producer only)';
export const maxCapacity = Infinity;
/** A floor for the flood and the bursts only: appending into nothing has no cost curve to show. */
export const suites = ['flood', 'pacing'];

export function create(_capacity, host) {
  let sink = 0;
  return {
    element: host,
    append(text) {
      sink += text.length;
    },
    clear() {},
    settle: async () => 0,
    full: () => true,
    retainedChars: () => 0,
    destroy() {
      sink = 0;
    },
  };
}
