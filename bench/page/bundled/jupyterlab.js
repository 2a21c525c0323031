// Bundled by the bench server (loaded as jupyterlab.js?bundle): JupyterLab 4's real
// output area (OutputArea, OutputAreaModel, RenderMimeRegistry with its standard
// renderers), and bounded-console/jupyterlab as built in dist/ (its renderer uses
// the <bounded-console> the page has already defined from dist/bounded-console.js).
export { OutputArea, OutputAreaModel } from '@jupyterlab/outputarea';
export { RenderMimeRegistry, standardRendererFactories } from '@jupyterlab/rendermime';
export { Widget } from '@lumino/widgets';
export { BOUNDED_CONSOLE_RANK, BoundedConsoleRenderer, RawStreamOutputAreaModel, boundedConsoleRendererFactory } from '../../../dist/lib/jupyterlab/index.js';
