// Subject: xterm.js with @xterm/addon-webgl, the renderer its docs recommend for
// speed. This bench's Chromium runs headless with --disable-gpu, so WebGL is
// SwiftShader's (rendered on the CPU); the renderer found is in each run's notes.
import { WebglAddon } from '@xterm/addon-webgl';
import { createTerminal } from './xterm.js';

export const id = 'xterm-webgl';
export const label = 'xterm.js (WebGL renderer)';
export const maxCapacity = 100_000;
/** A peer for the floods; its append costs are the DOM renderer's parse plus a canvas draw. */
export const suites = ['flood', 'pacing'];

/** The WebGL renderer the page gets, or why there is none. */
function webglRenderer() {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (gl === null) return null;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = info === null ? gl.getParameter(gl.RENDERER) : gl.getParameter(info.UNMASKED_RENDERER_WEBGL);
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return String(renderer);
}

/** As the DOM-renderer subject, with the WebGL addon loaded; fails with "WebGL unavailable: …" when it cannot run. */
export async function create(capacity, host) {
  const renderer = webglRenderer();
  if (renderer === null) throw new Error('WebGL unavailable: no webgl2 context in this browser');
  let lost = false;
  const subject = await createTerminal(capacity, host, (term) => {
    try {
      const addon = new WebglAddon();
      addon.onContextLoss(() => {
        lost = true;
      });
      term.loadAddon(addon);
    } catch (error) {
      throw new Error(`WebGL unavailable: ${error.message}`);
    }
  });
  return {
    ...subject,
    /** Notes kept with the run: which WebGL it ran on, and whether the context was lost (xterm then stops drawing). */
    describe: () => ({ renderer, contextLost: lost }),
  };
}
