interface MemoryInfo {
  usedJSHeapSize: number;
}

/** Whether gc() and precise heap sizes are exposed (Chromium with --js-flags=--expose-gc --enable-precise-memory-info). */
export function canMeasureHeap(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === 'function' && 'memory' in performance;
}

/**
 * JS heap in use after full collections. It collects from fresh macrotasks: a
 * collection made deep in a test's stack can find stale pointers there and keep
 * garbage alive.
 */
export async function heapAfterGc(): Promise<number> {
  const gc = (globalThis as unknown as { gc: () => void }).gc;
  for (let i = 0; i < 2; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
  }
  return (performance as unknown as { memory: MemoryInfo }).memory.usedJSHeapSize;
}

export const MiB = 1024 * 1024;

/** Put in the names of tests that measure the heap: only Chromium exposes it. */
export const CHROMIUM_ONLY = '(Chromium only: needs gc() and performance.memory)';

/**
 * For a `before` hook of heap tests: skips them where the browser exposes no heap
 * size (Firefox), and fails in Chromium if it was started without the flags that
 * expose it, so they never pass silently there.
 */
export function skipUnlessHeapMeasurable(context: Mocha.Context): void {
  if (canMeasureHeap()) return;
  if (navigator.userAgent.includes('Chrome/')) {
    throw new Error('Chromium was started without --js-flags=--expose-gc --enable-precise-memory-info: heap tests cannot run');
  }
  context.skip();
}
