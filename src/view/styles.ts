import { css } from 'lit';

/**
 * Public custom properties (`--bounded-console-*`) are read once, on `:host`, into
 * private `--_*` ones; the rules below use only the private ones.
 */
export const styles = css`
  :host {
    --_background: var(--bounded-console-background, #1e1e1e);
    --_foreground: var(--bounded-console-foreground, #d4d4d4);
    --_font-family: var(
      --bounded-console-font-family,
      ui-monospace, 'Cascadia Mono', 'DejaVu Sans Mono', Menlo, Consolas, monospace
    );
    --_font-size: var(--bounded-console-font-size, 13px);
    --_line-height: var(--bounded-console-line-height, 1.4);
    --_padding-inline: var(--bounded-console-padding-inline, 8px);
    --_jump-background: var(--bounded-console-jump-background, #0e639c);
    --_jump-foreground: var(--bounded-console-jump-foreground, #ffffff);

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
    outline: 2px solid var(--_jump-background);
    outline-offset: -2px;
  }

  .sizer {
    width: 1px;
  }

  .rows {
    position: absolute;
    top: 0;
    left: 0;
    min-width: 100%;
    box-sizing: border-box;
    padding-inline: var(--_padding-inline);
    will-change: transform;
  }

  .line,
  .probe {
    height: 1lh;
    white-space: pre;
    overflow-wrap: normal;
  }

  .probe {
    position: absolute;
    visibility: hidden;
    pointer-events: none;
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
