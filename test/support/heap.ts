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
