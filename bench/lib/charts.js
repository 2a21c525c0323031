// Inline SVG charts for the report: no chart library, no CDN, so the HTML and the
// README's SVGs stand alone.

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';

export function escapeXml(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

/** A standalone SVG document around `body`. */
export function svgDocument(width, height, body) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} font-size="11">
<rect width="100%" height="100%" fill="#fff"/>
${body}
</svg>
`;
}

export function text(x, y, content, attributes = '') {
  return `<text x="${fmt(x)}" y="${fmt(y)}" ${attributes}>${escapeXml(content)}</text>`;
}

function fmt(value) {
  return Number(value.toFixed(1));
}

/** Powers of ten from floor(log10(min)) to ceil(log10(max)). */
function decades(min, max) {
  const out = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) out.push(10 ** e);
  return out;
}

/** 1k, 10k, 1M, 2.35M: three significant digits at most. */
export function formatNumber(value) {
  if (value >= 1e6) return `${Number((value / 1e6).toPrecision(3))}M`;
  if (value >= 1e3) return `${Number((value / 1e3).toPrecision(3))}k`;
  return String(value);
}

function formatMs(value) {
  return value >= 1 ? String(value) : String(Number(value.toPrecision(1)));
}

/**
 * A log-log line chart panel at (x, y) of size w x h: `series` are
 * { color, points: [[x, y]], timeouts: [x] }; timeouts are drawn as crosses on
 * the top edge; `referenceY` is drawn as a dashed line. Both domains are
 * [min, max] powers of ten.
 */
export function logLogPanel({ x, y, w, h, title, xDomain, yDomain, series, referenceY, xLabel, yLabel }) {
  const left = x + 44;
  const top = y + 20;
  const right = x + w - 8;
  const bottom = y + h - 30;
  const px = (value) => left + ((Math.log10(value) - Math.log10(xDomain[0])) / (Math.log10(xDomain[1]) - Math.log10(xDomain[0]))) * (right - left);
  const py = (value) => bottom - ((Math.log10(value) - Math.log10(yDomain[0])) / (Math.log10(yDomain[1]) - Math.log10(yDomain[0]))) * (bottom - top);
  const parts = [text(left, y + 13, title, 'font-size="12" font-weight="600"')];
  for (const tick of decades(...xDomain)) {
    parts.push(`<line x1="${fmt(px(tick))}" x2="${fmt(px(tick))}" y1="${top}" y2="${bottom}" stroke="#e6e6e6"/>`);
    parts.push(text(px(tick), bottom + 13, formatNumber(tick), 'text-anchor="middle" fill="#444"'));
  }
  for (const tick of decades(...yDomain)) {
    parts.push(`<line x1="${left}" x2="${right}" y1="${fmt(py(tick))}" y2="${fmt(py(tick))}" stroke="#e6e6e6"/>`);
    parts.push(text(left - 4, py(tick) + 4, formatMs(tick), 'text-anchor="end" fill="#444"'));
  }
  parts.push(`<rect x="${left}" y="${top}" width="${fmt(right - left)}" height="${fmt(bottom - top)}" fill="none" stroke="#999"/>`);
  if (referenceY !== undefined) parts.push(`<line x1="${left}" x2="${right}" y1="${fmt(py(referenceY))}" y2="${fmt(py(referenceY))}" stroke="#c00" stroke-dasharray="4 3"/>`);
  if (xLabel) parts.push(text((left + right) / 2, bottom + 26, xLabel, 'text-anchor="middle" fill="#444"'));
  if (yLabel) parts.push(text(x + 10, (top + bottom) / 2, yLabel, `text-anchor="middle" fill="#444" transform="rotate(-90 ${x + 10} ${fmt((top + bottom) / 2)})"`));
  for (const { color, points, timeouts = [] } of series) {
    const inside = points.filter(([, value]) => value > 0);
    if (inside.length > 1) {
      const path = inside.map(([px_, py_], i) => `${i === 0 ? 'M' : 'L'}${fmt(px(px_))},${fmt(py(Math.max(py_, yDomain[0])))}`).join('');
      parts.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="1.8"/>`);
    }
    for (const [px_, py_] of inside) parts.push(`<circle cx="${fmt(px(px_))}" cy="${fmt(py(Math.max(py_, yDomain[0])))}" r="2.6" fill="${color}"/>`);
    for (const tx of timeouts) {
      const cx = px(tx);
      parts.push(`<path d="M${fmt(cx - 4)},${top - 4}L${fmt(cx + 4)},${top + 4}M${fmt(cx + 4)},${top - 4}L${fmt(cx - 4)},${top + 4}" stroke="${color}" stroke-width="2"/>`);
    }
  }
  return parts.join('\n');
}

/**
 * A grouped bar chart panel: `groups` are { label, bars: [{ value, color, note }] };
 * `log` draws a log scale (values must be > 0). Each bar is labelled with its
 * `note` (or its value) above it.
 */
export function barPanel({ x, y, w, h, title, groups, log = false, unit = '', referenceLine }) {
  const left = x + 44;
  const top = y + 22;
  const right = x + w - 8;
  const bottom = y + h - 22;
  const values = groups.flatMap((group) => group.bars.map((bar) => bar.value)).filter((value) => value > 0);
  const max = Math.max(...values, referenceLine ?? 0, 1e-9);
  const min = Math.min(...values, referenceLine ?? max, max);
  // Headroom above the tallest bar for its label.
  const domain = log ? [10 ** Math.floor(Math.log10(min)), 10 ** Math.ceil(Math.log10(max * 4))] : [0, niceCeiling(max * 1.3)];
  const py = log
    ? (value) => bottom - ((Math.log10(Math.max(value, domain[0])) - Math.log10(domain[0])) / (Math.log10(domain[1]) - Math.log10(domain[0]))) * (bottom - top)
    : (value) => bottom - (Math.max(0, value) / domain[1]) * (bottom - top);
  const parts = [text(left, y + 13, title, 'font-size="12" font-weight="600"')];
  const ticks = log ? decades(...domain) : [0, 0.25, 0.5, 0.75, 1].map((f) => f * domain[1]);
  for (const tick of ticks) {
    parts.push(`<line x1="${left}" x2="${right}" y1="${fmt(py(tick))}" y2="${fmt(py(tick))}" stroke="#e6e6e6"/>`);
    parts.push(text(left - 4, py(tick) + 4, `${tickLabel(tick)}${unit}`, 'text-anchor="end" fill="#444"'));
  }
  if (referenceLine !== undefined) {
    parts.push(`<line x1="${left}" x2="${right}" y1="${fmt(py(referenceLine))}" y2="${fmt(py(referenceLine))}" stroke="#c00" stroke-dasharray="4 3"/>`);
  }
  const groupWidth = (right - left) / groups.length;
  groups.forEach((group, g) => {
    const gx = left + g * groupWidth;
    const barWidth = Math.min(26, (groupWidth - 10) / Math.max(1, group.bars.length));
    const start = gx + (groupWidth - barWidth * group.bars.length) / 2;
    group.bars.forEach((bar, b) => {
      const bx = start + b * barWidth;
      if (bar.value === null || bar.value === undefined) {
        parts.push(text(bx + barWidth / 2, bottom - 3, 'n/a', 'text-anchor="middle" font-size="8" fill="#888"'));
        return;
      }
      const by = py(bar.value);
      parts.push(`<rect x="${fmt(bx + 1)}" y="${fmt(by)}" width="${fmt(barWidth - 2)}" height="${fmt(Math.max(0.5, bottom - by))}" fill="${bar.color}"><title>${escapeXml(bar.title ?? '')}</title></rect>`);
      // Vertical labels: they never overlap their neighbours.
      const lx = bx + barWidth / 2 + 3;
      parts.push(text(lx, by - 3, bar.note ?? '', `font-size="9" fill="#333" transform="rotate(-90 ${fmt(lx)} ${fmt(by - 3)})"`));
    });
    parts.push(text(gx + groupWidth / 2, bottom + 13, group.label, 'text-anchor="middle" fill="#444"'));
  });
  parts.push(`<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="#999"/>`);
  return parts.join('\n');
}

function tickLabel(value) {
  if (value > 0 && value < 1) return String(Number(value.toPrecision(2)));
  return formatNumber(Number(value.toPrecision(3)));
}

function niceCeiling(value) {
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((step) => step * power).find((candidate) => candidate >= value);
}

/** A row of colour swatches with labels, starting at (x, y). */
export function legend(x, y, entries) {
  let cx = x;
  const parts = [];
  for (const { color, label } of entries) {
    parts.push(`<rect x="${cx}" y="${y - 9}" width="12" height="12" fill="${color}"/>`);
    parts.push(text(cx + 16, y + 1, label));
    cx += 24 + label.length * 6.2;
  }
  return parts.join('\n');
}
