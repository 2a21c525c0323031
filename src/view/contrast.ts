/** An sRGB colour, each channel 0–255. */
export type Rgb = readonly [number, number, number];

/** The colours text is drawn in, as the browser resolved them for one console. */
export interface Palette {
  readonly background: Rgb;
  readonly foreground: Rgb;
  /** The 16 ANSI colours. */
  readonly colors: readonly Rgb[];
}

/** Parses a computed colour (`rgb(1, 2, 3)`, `rgba(…)`, `rgb(1 2 3)`, `#rrggbb`); null for anything else. */
export function parseColor(value: string): Rgb | null {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(value);
  if (hex) return [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16), parseInt(hex[3]!, 16)];
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(value);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  return null;
}

export function cssRgb([r, g, b]: Rgb): string {
  return `rgb(${r}, ${g}, ${b})`;
}

function channel(value: number): number {
  const v = value / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance. */
function luminance([r, g, b]: Rgb): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG contrast ratio, 1 to 21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Mixing steps tried toward black or white: 1/64 of the way each. */
const STEPS = 64;

/**
 * `fg` moved toward black or white (away from `bg`'s luminance; the other way if
 * that cannot reach it) just far enough to stand `minimum`:1 against `bg`, as
 * xterm's minimumContrastRatio does; null when it already does. Keeps the hue as
 * far as the mix allows.
 */
export function ensureContrast(fg: Rgb, bg: Rgb, minimum: number): Rgb | null {
  if (contrastRatio(fg, bg) >= minimum) return null;
  const darkFirst = luminance(bg) > 0.18;
  let best: Rgb = fg;
  for (const target of darkFirst ? [0, 255] : [255, 0]) {
    for (let step = 1; step <= STEPS; step++) {
      const t = step / STEPS;
      const mixed: Rgb = [fg[0] + (target - fg[0]) * t, fg[1] + (target - fg[1]) * t, fg[2] + (target - fg[2]) * t].map(Math.round) as unknown as Rgb;
      if (contrastRatio(mixed, bg) >= minimum) return mixed;
      if (contrastRatio(mixed, bg) > contrastRatio(best, bg)) best = mixed;
    }
  }
  return best;
}

/**
 * Adjusts text colours to the console's minimum contrast. Colours are the core's
 * numbers (0 the default, 1–256 palette entries plus one, RGB_FLAG | 0xRRGGBB),
 * and -1 the opposite default (inverse video); results are cached per pair until
 * the palette changes.
 */
export class ContrastAdjuster {
  readonly minimum: number;
  readonly #palette: Palette;
  readonly #rgbOf: (color: number) => Rgb;
  readonly #cache = new Map<number, string | null>();

  /** `rgbOf` gives palette entries 16–255 and truecolours (colours above 16). */
  constructor(palette: Palette, minimum: number, rgbOf: (color: number) => Rgb) {
    this.#palette = palette;
    this.minimum = minimum;
    this.#rgbOf = rgbOf;
  }

  /** Whether this adjuster already serves `palette` at `minimum` (then rows drawn with it stay right). */
  serves(palette: Palette, minimum: number): boolean {
    const same = (a: Rgb, b: Rgb) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
    const own = this.#palette;
    return (
      minimum === this.minimum &&
      same(palette.background, own.background) &&
      same(palette.foreground, own.foreground) &&
      palette.colors.every((color, i) => same(color, own.colors[i]!))
    );
  }

  /** The CSS colour to draw `fg` text in on `bg`, or null to keep `fg` as it is. */
  textColor(fg: number, bg: number): string | null {
    // Colours are below 2^25; a pair packs into one exact number key.
    const key = (fg + 1) * 2 ** 26 + (bg + 1);
    let adjusted = this.#cache.get(key);
    if (adjusted === undefined) {
      const better = ensureContrast(this.#rgb(fg, this.#palette.foreground), this.#rgb(bg, this.#palette.background), this.minimum);
      adjusted = better === null ? null : cssRgb(better);
      this.#cache.set(key, adjusted);
    }
    return adjusted;
  }

  #rgb(color: number, byDefault: Rgb): Rgb {
    if (color === 0) return byDefault;
    if (color === -1) return byDefault === this.#palette.foreground ? this.#palette.background : this.#palette.foreground;
    if (color <= 16) return this.#palette.colors[color - 1]!;
    return this.#rgbOf(color);
  }
}
