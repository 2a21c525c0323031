import { Attr, RGB_FLAG, type StyledLine } from '../core/index.js';
import type { ContrastAdjuster, Rgb } from './contrast.js';

/** Hyperlinks are made only for these schemes; any other shows as plain text. */
const SAFE_LINK = /^(?:https?:|mailto:)/i;

/** Levels of the 6×6×6 colour cube, palette entries 16–231. */
const CUBE = [0, 95, 135, 175, 215, 255];

/**
 * Fills `row` with a line: plain text as one text node, styled text as spans whose
 * classes name the 16 themable colours and attributes; 256-colour and truecolour
 * values are set through the style object. Text is only ever assigned as text.
 * With `contrast`, a colour too close to its background is replaced, on the span,
 * by one that reaches the console's minimum contrast.
 */
export function renderLine(row: HTMLElement, line: StyledLine, contrast: ContrastAdjuster | null = null): void {
  const runs = line.runs;
  if (runs === null) {
    row.textContent = line.text;
    return;
  }
  const nodes: Node[] = [];
  const text = line.text;
  if (runs[0]! > 0) nodes.push(document.createTextNode(text.slice(0, runs[0])));
  let truncated = false;
  for (let r = 0; r < runs.length; r += 4) {
    const attrs = runs[r + 3]!;
    if (attrs & Attr.TailBackground) {
      // The background runs past the text come last; the truncation flag is on the last of them.
      for (let t = r; t < runs.length; t += 4) if (runs[t + 3]! & Attr.Truncated) truncated = true;
      break;
    }
    const start = runs[r]!;
    const end = r + 4 < runs.length ? Math.min(text.length, runs[r + 4]!) : text.length;
    if (end <= start) continue;
    nodes.push(styledNode(text.slice(start, end), runs[r + 1]!, runs[r + 2]!, attrs, line.links?.[r / 4] ?? '', contrast));
  }
  if (truncated) nodes.push(truncationMark());
  row.replaceChildren(...nodes);
}

function styledNode(text: string, fg: number, bg: number, attrs: number, link: string, contrast: ContrastAdjuster | null): Node {
  if (fg === 0 && bg === 0 && (attrs & ~Attr.Blank) === 0) return document.createTextNode(text);
  const safeLink = attrs & Attr.Link && SAFE_LINK.test(link);
  const node = document.createElement(safeLink ? 'a' : 'span');
  node.textContent = text;
  if (safeLink) {
    const anchor = node as HTMLAnchorElement;
    anchor.href = link;
    anchor.target = '_blank';
    anchor.rel = 'noopener noreferrer';
    anchor.setAttribute('part', 'link');
  } else if (attrs & Attr.Stderr) {
    node.setAttribute('part', 'stderr');
  }
  if (attrs & Attr.Inverse) [fg, bg] = [bg === 0 ? -1 : bg, fg === 0 ? -1 : fg];
  const classes: string[] = [];
  applyColor(node, classes, 'f', 'color', fg);
  applyColor(node, classes, 'b', 'backgroundColor', bg);
  if (attrs & Attr.Bold) classes.push('bold');
  if (attrs & Attr.Dim) classes.push('dim');
  if (attrs & Attr.Italic) classes.push('italic');
  if (attrs & Attr.Underline) classes.push('underline');
  if (attrs & Attr.Strikethrough) classes.push('strike');
  if (attrs & Attr.Hidden) classes.push('hidden');
  if (attrs & Attr.Stderr) classes.push('stderr');
  if (classes.length > 0) node.className = classes.join(' ');
  // Stderr text without a colour of its own is tinted by CSS (its default palette passes); hidden text stays hidden.
  const tinted = fg === 0 && attrs & Attr.Stderr;
  if (contrast !== null && !tinted && !(attrs & Attr.Hidden)) {
    const adjusted = contrast.textColor(fg, bg);
    if (adjusted !== null) node.style.color = adjusted;
  }
  return node;
}

/**
 * Sets one colour: the 16 palette colours by class (themable through custom
 * properties), others by value. -1 is the opposite default, for inverse video.
 */
function applyColor(node: HTMLElement, classes: string[], prefix: 'f' | 'b', property: 'color' | 'backgroundColor', color: number): void {
  if (color === 0) return;
  if (color === -1) {
    classes.push(prefix === 'f' ? 'f-bg' : 'b-fg');
  } else if (color <= 16) {
    classes.push(`${prefix}${color - 1}`);
  } else {
    node.style[property] = cssColor(color);
  }
}

/** CSS for palette entries 16–255 and truecolours. */
export function cssColor(color: number): string {
  if (color >= RGB_FLAG) return `#${(color & 0xffffff).toString(16).padStart(6, '0')}`;
  const [r, g, b] = colorRgb(color);
  return `rgb(${r} ${g} ${b})`;
}

/** Palette entries 16–255 (the cube and the grey ramp) and truecolours as RGB. */
export function colorRgb(color: number): Rgb {
  if (color >= RGB_FLAG) return [(color >> 16) & 0xff, (color >> 8) & 0xff, color & 0xff];
  const index = color - 1;
  if (index >= 232) {
    const level = 8 + (index - 232) * 10;
    return [level, level, level];
  }
  const cube = index - 16;
  return [CUBE[Math.floor(cube / 36)]!, CUBE[Math.floor(cube / 6) % 6]!, CUBE[cube % 6]!];
}

function truncationMark(): HTMLElement {
  const mark = document.createElement('span');
  mark.className = 'truncated';
  mark.setAttribute('part', 'truncated');
  mark.textContent = ' …';
  mark.title = 'Line truncated: text past max-line-length was dropped';
  return mark;
}
