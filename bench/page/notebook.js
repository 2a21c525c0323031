// Notebook suite, in the page: JupyterLab 4's real OutputArea fed stream messages
// as a kernel's IOPub messages arrive (one model.add per message, one message per
// task), with JupyterLab's default renderer and with bounded-console/jupyterlab.
//
// Variants:
//   jupyterlab       OutputAreaModel, JupyterLab's standard renderers (what a notebook does today)
//   bounded-console  RawStreamOutputAreaModel, our renderer for stdout/stderr
//   bounded-console-labmodel  JupyterLab's own OutputAreaModel with our renderer
//                    (what installing only the rendermime extension gives)
import { nextFrame, round3, startMonitors, summarize, yieldTask } from './measure.js';

async function mountArea(variant, maxLines, host) {
  const lab = await import('./bundled/jupyterlab.js?bundle');
  const rendermime = new lab.RenderMimeRegistry({ initialFactories: lab.standardRendererFactories });
  if (variant !== 'jupyterlab') rendermime.addFactory(lab.boundedConsoleRendererFactory({ maxLines }), lab.BOUNDED_CONSOLE_RANK);
  const model = variant === 'bounded-console' ? new lab.RawStreamOutputAreaModel() : new lab.OutputAreaModel();
  const area = new lab.OutputArea({ model, rendermime });
  const box = document.createElement('div');
  box.style.cssText = 'height:100%;overflow-y:auto';
  host.append(box);
  lab.Widget.attach(area, box);
  const renderer = () => area.node.querySelector('bounded-console');
  return {
    stream: (text) => model.add({ output_type: 'stream', name: 'stdout', text }),
    /** Resolves once what was added is applied, rendered and laid out. */
    async settle() {
      await renderer()?.flush();
      void box.offsetHeight;
    },
    /** The output's text as shown: the console's retained lines, or the default renderer's <pre>. */
    shownText: () => renderer()?.text ?? area.node.querySelector('pre')?.textContent ?? '',
    droppedLines: () => renderer()?.droppedLines ?? 0,
    destroy() {
      area.dispose();
      box.remove();
    },
  };
}

/** Lines as `for i in range(n): print(i)` prints them, in messages of `perMessage` lines. */
function printMessages(first, total, perMessage) {
  const messages = [];
  for (let start = first; start < first + total; start += perMessage) {
    let text = '';
    for (let i = start; i < Math.min(first + total, start + perMessage); i++) text += `${i}\n`;
    messages.push(text);
  }
  return messages;
}

/** The task after the next frame's rendering: by then the page shows what was laid out before it. */
async function frameShown() {
  await nextFrame();
  await yieldTask();
}

/**
 * `totalLines` lines in messages of `perMessage`, one message per task, until all are
 * sent or `timeLimitMs` has passed; then the time until the last line sent is shown.
 */
export async function runNotebookFlood({ variant, totalLines, perMessage, timeLimitMs, maxLines }, host) {
  const messages = printMessages(0, totalLines, perMessage);
  const area = await mountArea(variant, maxLines, host);
  try {
    const stop = startMonitors();
    const start = performance.now();
    let sent = 0;
    let addMs = 0;
    for (const message of messages) {
      if (performance.now() - start > timeLimitMs) break;
      const before = performance.now();
      area.stream(message);
      addMs += performance.now() - before;
      sent++;
      await yieldTask();
    }
    await area.settle();
    await frameShown();
    const shownMs = performance.now() - start;
    const watched = stop();
    const linesSent = sent * perMessage;
    const shown = area.shownText();
    return {
      variant,
      totalLines,
      perMessage,
      timeLimitMs,
      messagesSent: sent,
      linesSent,
      complete: sent === messages.length,
      lastLineShown: shown.endsWith(`\n${linesSent - 1}\n`),
      shownLines: shown.split('\n').length - 1,
      droppedLines: area.droppedLines(),
      shownMs: round3(shownMs),
      linesPerSec: Math.round((linesSent * 1000) / shownMs),
      addMs: round3(addMs),
      frames: watched.frames,
      frameGapMs: withoutSamples(watched.frameGapMs),
      eventLoopLateMs: withoutSamples(watched.eventLoopLateMs),
      longTasks: watched.longTasks,
    };
  } finally {
    area.destroy();
  }
}

/** One line appended to an output holding `lines` lines, until shown and laid out; `samples` measured after as many unmeasured. */
export async function runNotebookAppend({ variant, lines, samples, maxLines }, host) {
  const area = await mountArea(variant, maxLines, host);
  try {
    area.stream(printMessages(0, lines, lines)[0]);
    await area.settle();
    const times = [];
    for (let i = 0; i < 2 * samples; i++) {
      await frameShown();
      const start = performance.now();
      area.stream(`${lines + i}\n`);
      await area.settle();
      if (i >= samples) times.push(performance.now() - start);
    }
    return { variant, lines, samples, appendMs: withoutSamples(summarize(times)) };
  } finally {
    area.destroy();
  }
}

function withoutSamples({ samples: _samples, ...summary }) {
  for (const key of Object.keys(summary)) if (typeof summary[key] === 'number') summary[key] = round3(summary[key]);
  return summary;
}
