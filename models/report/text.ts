/**
 * Text from configs is hostile: names, comments and descriptions end up in HTML, SVG, XML and
 * spreadsheets. Every renderer shows it as text through these helpers, and shows the characters
 * that could change how the text reads (control characters, bidirectional overrides) as
 * visible markers instead of passing them on.
 */

/** C0/C1 controls except tab and newline, DEL, bidi embeddings/overrides/isolates, line/paragraph separators, BOM. */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]/g;

const hex = (c: string): string => c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');

/**
 * The text with invisible or reordering characters shown as their code points (`\u001b` as
 * `[U+001B]`, a right-to-left override as `[U+202E]`): plain ASCII, legible in any font, in a
 * browser as in a PDF or a spreadsheet. Tabs and newlines stay.
 */
export function visible(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(INVISIBLE, (c) => `[U+${hex(c)}]`);
}

/** One line: tabs and line breaks shown as `⇥` and `↵` too (table cells, labels). */
export function visibleLine(text: string): string {
  return visible(text).replace(/\t/g, '\u21e5').replace(/\n/g, '\u21b5');
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text content or attribute value for HTML, SVG and XML: escaped, invisibles shown. */
export function esc(text: string | number | null | undefined): string {
  if (text === null || text === undefined) return '';
  return visible(String(text)).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Like `esc`, on one line. */
export function escLine(text: string | number | null | undefined): string {
  if (text === null || text === undefined) return '';
  return esc(visibleLine(String(text)));
}

/** Cuts a label to `max` characters with an ellipsis (the full text goes in a tooltip). */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('')}\u2026`;
}

/** A fragment identifier from a report id (`P3`, `F12`): only [A-Za-z0-9-]. */
export function anchor(id: string): string {
  return id.replace(/[^A-Za-z0-9-]/g, '-');
}
