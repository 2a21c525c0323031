import { css, unsafeCSS } from '@lit/reactive-element';

/**
 * The 16 ANSI colours, light and dark defaults; each is themable as --bounded-console-color-N.
 * Every one reaches 4.5:1 as text on its theme's background but black on dark, which
 * stays black for backgrounds and is lightened as text by minimum-contrast.
 */
export const LIGHT_PALETTE = ['#000000', '#c91b00', '#008800', '#797900', '#0037da', '#b200b2', '#00818b', '#5e5e5e', '#666666', '#d0414d', '#0f8808', '#767900', '#366ee9', '#b4009e', '#047f9d', '#757575'];
export const DARK_PALETTE = ['#000000', '#d96161', '#0dbc79', '#e5e510', '#498ad1', '#c75ec7', '#11a8cd', '#e5e5e5', '#878787', '#f14c4c', '#23d18b', '#f5f543', '#3b8eea', '#d670d6', '#29b8db', '#ffffff'];
const LIGHT = LIGHT_PALETTE;
const DARK = DARK_PALETTE;

const paletteTokens = LIGHT.map((light, i) => `--_c${i}: var(--bounded-console-color-${i}, light-dark(${light}, ${DARK[i]}));`).join('\n');
const paletteRules = LIGHT.map((_, i) => `.f${i} { color: var(--_c${i}); } .b${i} { background-color: var(--_c${i}); }`).join('\n');

/**
 * Public custom properties (`--bounded-console-*`) are read once, on `:host`, into
 * private `--_*` ones; the rules below use only the private ones.
 */
export const styles = css`
  /* No color-scheme of its own: it inherits the page's, so light-dark() picks what the page shows. */
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([theme='auto']) {
    color-scheme: light dark;
  }

  :host {
    --_background: var(--bounded-console-background, light-dark(#ffffff, #1e1e1e));
    --_foreground: var(--bounded-console-foreground, light-dark(#1f1f1f, #d4d4d4));
    --_stderr: var(--bounded-console-stderr-color, light-dark(#c42b1c, #f48771));
    --_link: var(--bounded-console-link-color, light-dark(#0b5cad, #6cb6ff));
    --_font-family: var(
      --bounded-console-font-family,
      ui-monospace, 'Cascadia Mono', 'DejaVu Sans Mono', Menlo, Consolas, monospace
    );
    --_font-size: var(--bounded-console-font-size, 13px);
    --_line-height: var(--bounded-console-line-height, 1.25);
    --_padding-inline: var(--bounded-console-padding-inline, 8px);
    --_jump-background: var(--bounded-console-jump-background, #0e639c);
    --_jump-foreground: var(--bounded-console-jump-foreground, #ffffff);
    --_focus: var(--bounded-console-focus-color, light-dark(#0e639c, #3794ff));
    --_gutter: var(--bounded-console-gutter-color, light-dark(#6e6e6e, #8f8f8f));
    --_selection: var(--bounded-console-selection-background, light-dark(#add6ff, #264f78));
    --_match: var(--bounded-console-match-background, light-dark(#f8e08e, #613214));
    --_current-match: var(--bounded-console-current-match-background, light-dark(#f5a623, #9e6a03));
    --_bar-background: light-dark(#f3f3f3, #252526);
    --_bar-border: light-dark(#8a8a8a, #6b6b6b);
    ${unsafeCSS(paletteTokens)}

    display: block;
    position: relative;
    height: 20em;
    contain: content;
    background: var(--_background);
    color: var(--_foreground);
    font-family: var(--_font-family);
    font-size: var(--_font-size);
    line-height: var(--_line-height);
  }

  :host([hidden]) {
    display: none;
  }

  .viewport {
    position: relative;
    box-sizing: border-box;
    height: 100%;
    overflow: auto;
    overscroll-behavior: contain;
  }

  .viewport:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }

  /* Out of flow, like the rows: it sizes the scroll range, never the console (a grid or flex item keeps its width for a long line). */
  .sizer {
    position: absolute;
    top: 0;
    left: 0;
    width: 1px;
  }

  :host([toolbar]) {
    display: flex;
    flex-direction: column;
  }
  :host([toolbar]) .viewport {
    flex: 1;
    min-height: 0;
    height: auto;
  }
  .toolbar {
    display: flex;
    flex: none;
    gap: 4px;
    padding: 3px 6px;
    border-bottom: 1px solid var(--_bar-border);
    background: var(--_bar-background);
    font-family: system-ui, sans-serif;
    font-size: 12px;
  }
  .toolbar button {
    padding: 2px 8px;
    border: 1px solid var(--_bar-border);
    border-radius: 3px;
    background: var(--_background);
    color: var(--_foreground);
    font: inherit;
    cursor: pointer;
  }
  .toolbar button[aria-pressed='true'] {
    background: var(--_selection);
  }
  .toolbar button:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }

  /* Wrapped rows are cut to the viewport's width by the console itself. */
  .viewport.wrapped {
    overflow-x: hidden;
  }

  .rows {
    position: absolute;
    top: 0;
    left: 0;
    min-width: 100%;
    box-sizing: border-box;
    padding-inline: var(--_padding-inline);
    will-change: transform;
    /* The console selects in its own model (over every line, not only the drawn ones); the browser's would stop at the drawn rows. */
    user-select: none;
    -webkit-user-select: none;
    cursor: text;
  }

  ::highlight(bounded-console-selection) {
    background-color: var(--_selection);
  }
  ::highlight(bounded-console-match) {
    background-color: var(--_match);
  }
  ::highlight(bounded-console-current-match) {
    background-color: var(--_current-match);
  }

  .dropped {
    color: var(--_gutter);
    font-style: italic;
  }

  .find {
    position: absolute;
    top: 4px;
    right: 16px;
    display: flex;
    gap: 2px;
    align-items: center;
    padding: 3px 4px;
    border: 1px solid var(--_bar-border);
    border-radius: 4px;
    background: var(--_bar-background);
    box-shadow: 0 1px 4px rgb(0 0 0 / 30%);
    font: inherit;
  }
  .find[hidden] {
    display: none;
  }
  .find input {
    width: 16ch;
    padding: 2px 4px;
    border: 1px solid var(--_bar-border);
    border-radius: 2px;
    background: var(--_background);
    color: var(--_foreground);
    font: inherit;
  }
  .find input[aria-invalid='true'] {
    outline: 2px solid var(--_c1);
  }
  .find button {
    min-width: 2.2em;
    padding: 2px 4px;
    border: 1px solid transparent;
    border-radius: 2px;
    background: transparent;
    color: var(--_foreground);
    font: inherit;
    cursor: pointer;
  }
  .find button[aria-pressed='true'] {
    border-color: var(--_focus);
    background: var(--_selection);
  }
  .find :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: -1px;
  }
  .find-status {
    min-width: 10ch;
    padding-inline: 4px;
    white-space: nowrap;
    color: var(--_gutter);
  }

  .line,
  .probe {
    height: 1lh;
    white-space: pre;
    overflow-wrap: normal;
  }

  /* Stands for the text before a long line's drawn columns. */
  .spacer {
    display: inline-block;
  }

  .gutter {
    display: inline-block;
    min-width: calc(var(--_gutter-digits, 1) * 1ch);
    margin-inline-end: 2ch;
    text-align: end;
    color: var(--_gutter);
    user-select: none;
  }

  .announcer {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  .probe,
  .palette {
    position: absolute;
    visibility: hidden;
    pointer-events: none;
  }

  /* Styled text. The stderr tint comes before the palette so an explicit colour wins. */
  .stderr {
    color: var(--_stderr);
  }
  ${unsafeCSS(paletteRules)}
  .f-bg {
    color: var(--_background);
  }
  .b-fg {
    background-color: var(--_foreground);
  }
  .bold {
    font-weight: bold;
  }
  .dim {
    opacity: 0.6;
  }
  .italic {
    font-style: italic;
  }
  .underline {
    text-decoration-line: underline;
  }
  .strike {
    text-decoration-line: line-through;
  }
  .underline.strike {
    text-decoration-line: underline line-through;
  }
  .hidden {
    color: transparent;
  }
  a {
    color: var(--_link);
    text-decoration-line: underline;
  }
  .truncated {
    opacity: 0.6;
    cursor: help;
  }

  .jump {
    position: absolute;
    right: 16px;
    bottom: 12px;
    padding: 4px 10px;
    border: 0;
    border-radius: 4px;
    background: var(--_jump-background);
    color: var(--_jump-foreground);
    font: inherit;
    cursor: pointer;
    box-shadow: 0 1px 4px rgb(0 0 0 / 40%);
  }

  .jump[hidden] {
    display: none;
  }
`;
