import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { BoundedConsoleRenderer, checkRendererOptions, type BoundedConsoleRendererOptions } from './BoundedConsoleRenderer.js';
import { STDERR_MIME_TYPE, STDOUT_MIME_TYPE } from './mimeTypes.js';

/**
 * Rank of the factory: after HTML, Markdown, LaTeX, SVG and images (50–90), as
 * JupyterLab ranks its own text (120) and error (110) renderers, which this one
 * replaces for the two stream types (a registry keeps one factory per MIME type).
 */
export const BOUNDED_CONSOLE_RANK = 100;

/** A renderer factory for stdout and stderr (tracebacks included) that renders them in `<bounded-console>`. */
export function boundedConsoleRendererFactory(options: BoundedConsoleRendererOptions = {}): IRenderMime.IRendererFactory {
  // Bad options fail here, once, rather than in every output.
  checkRendererOptions(options);
  return {
    safe: true,
    mimeTypes: [STDOUT_MIME_TYPE, STDERR_MIME_TYPE],
    defaultRank: BOUNDED_CONSOLE_RANK,
    createRenderer: (rendererOptions) => new BoundedConsoleRenderer(rendererOptions, options),
  };
}

/**
 * A JupyterLab / Notebook 7 rendermime extension (a `jupyterlab.mimeExtension`)
 * that renders stdout and stderr with `<bounded-console>`; `maxLines` sets its
 * `max-lines`.
 */
export function boundedConsoleExtension(options: BoundedConsoleRendererOptions = {}): IRenderMime.IExtension {
  return {
    id: 'bounded-console:stream-renderer',
    description: 'Renders stdout and stderr in <bounded-console>: a bounded scrollback that never freezes the tab.',
    rendererFactory: boundedConsoleRendererFactory(options),
    rank: BOUNDED_CONSOLE_RANK,
    dataType: 'string',
  };
}

