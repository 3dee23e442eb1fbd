/** Small helpers for writing SVG text by hand (exports): escaping and number formatting. */

/** Text for XML content and attribute values: nothing from a scenario ever becomes markup. */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A coordinate with at most two decimals. */
export function n2(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/** Marked pixels as runs: [start, length] pairs. */
export function runs(bins: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  for (let px = 0; px < bins.length; px++) {
    if (!bins[px]) continue;
    let end = px;
    while (end + 1 < bins.length && bins[end + 1]) end++;
    out.push([px, end - px + 1]);
    px = end;
  }
  return out;
}

export const SVG_FONT = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';

export function svgDocument(width: number, height: number, title: string, body: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${SVG_FONT}">\n` +
    `<title>${xmlEscape(title)}</title>\n<rect width="${width}" height="${height}" fill="#ffffff"/>\n${body}</svg>\n`
  );
}
