// bounded-console/jupyterlab: <bounded-console> as JupyterLab's and Notebook 7's
// renderer of stream output, and an output-area model that keeps the raw stream.
import { boundedConsoleExtension } from './extension.js';

export { BoundedConsoleRenderer, type BoundedConsoleRendererOptions, type BoundedConsoleRenderStats } from './BoundedConsoleRenderer.js';
export { BOUNDED_CONSOLE_RANK, boundedConsoleExtension, boundedConsoleRendererFactory } from './extension.js';
export { STDERR_MIME_TYPE, STDOUT_MIME_TYPE } from './mimeTypes.js';
export { RawStreamContentFactory, RawStreamOutputAreaModel, RawStreamOutputModel } from './RawStreamOutputAreaModel.js';
export { RawStreamText } from './RawStreamText.js';

/** The extension with the console's defaults: what a `jupyterlab.mimeExtension` entry loads. */
const extension = boundedConsoleExtension();
export default extension;
