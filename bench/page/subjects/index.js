// The subjects every suite compares, in the order tables and charts show them.
import * as boundedConsole from './bounded-console.js';
import * as domLog from './dom-log.js';
import * as domLogClear from './dom-log-clear.js';
import * as producerOnly from './producer-only.js';
import * as xterm from './xterm.js';
import * as xtermWebgl from './xterm-webgl.js';
import * as patternfly from './patternfly.js';
import * as ansiUp from './ansi-up.js';
import * as jupyterlab from './jupyterlab.js';

export const SUBJECTS = Object.fromEntries([boundedConsole, domLog, domLogClear, xterm, xtermWebgl, patternfly, ansiUp, jupyterlab, producerOnly].map((subject) => [subject.id, subject]));
