// Subject: JupyterLab 4's real OutputArea with its default stream renderer, fed one
// stream message per append as a kernel's IOPub messages arrive (OutputArea's own
// handler calls model.add the same way). Its model merges the messages into one
// output and the renderer rebuilds that output's <pre> from the whole text on every
// message; nothing bounds it (JupyterLab bounds outputs by count, not lines), so the
// capacity is not used. JupyterLab's packages are bundled by the bench server
// (../bundled/jupyterlab.js), loaded when the first one is created.

export const id = 'jupyterlab';
export const label = 'JupyterLab OutputArea (default renderer)';
/** It keeps every line; runs at larger capacities would only measure the same thing longer. */
export const maxCapacity = 10_000;
/** Seconds per append once it holds tens of thousands of lines: the flood suite is bounded by time, the others are not. */
export const suites = ['flood'];

export async function create(capacity, host) {
  const lab = await import('../bundled/jupyterlab.js?bundle');
  const rendermime = new lab.RenderMimeRegistry({ initialFactories: lab.standardRendererFactories });
  const model = new lab.OutputAreaModel();
  const area = new lab.OutputArea({ model, rendermime });
  const box = document.createElement('div');
  box.style.cssText = 'height:100%;overflow-y:auto;font:13px/1.4 monospace';
  host.append(box);
  lab.Widget.attach(area, box);
  let lines = 0;
  return {
    element: box,
    append(text) {
      model.add({ output_type: 'stream', name: 'stdout', text });
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
    },
    clear() {
      model.clear();
      lines = 0;
    },
    /** Renders synchronously in model.add(); what is left is the layout of the rebuilt <pre>. */
    async settle() {
      void box.offsetHeight;
      return 0;
    },
    full: () => lines >= capacity,
    destroy() {
      area.dispose();
      box.remove();
    },
  };
}
