// What the JupyterLab tests need, served bundled by esbuild (test/esbuild-bundle.js)
// as a JupyterLab build would bundle it: JupyterLab's real output area and
// rendermime packages, and bounded-console/jupyterlab from its sources. The tests
// import it with ?bundle and never the element's module directly, so the element
// is defined once.
export { OutputArea, OutputAreaModel } from '@jupyterlab/outputarea';
export { RenderMimeRegistry, standardRendererFactories } from '@jupyterlab/rendermime';
export { Widget } from '@lumino/widgets';
export * from '../../src/jupyterlab/index.js';
export { default } from '../../src/jupyterlab/index.js';
