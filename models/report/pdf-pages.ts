/**
 * Two small edits of a PDF printed by Chromium (the CLI's headless print, or Electron's
 * printToPDF), on its bytes as a Latin-1 string: the page each named destination (a section's
 * anchor) landed on, for the table of contents' page numbers; and the creation and
 * modification dates set to the report's date, for reproducible files. Skia writes plain
 * (uncompressed) object dictionaries, which is all this reads.
 */

/** Object number -> the text of its dictionary (PDF files as Skia writes them: no object streams). */
function objects(pdf: string): Map<number, string> {
  const out = new Map<number, string>();
  const re = /(?:^|[\r\n])(\d+) 0 obj\b/g;
  let m: RegExpExecArray | null;
  const starts: [number, number][] = [];
  while ((m = re.exec(pdf)) !== null) starts.push([Number(m[1]), m.index + m[0].length]);
  for (const [num, start] of starts) {
    const end = pdf.indexOf('endobj', start);
    const streamAt = pdf.indexOf('stream', start);
    const stop = streamAt >= 0 && streamAt < end ? streamAt : end;
    out.set(num, pdf.slice(start, stop < 0 ? start : stop));
  }
  return out;
}

/** The page (1-based) each named destination is on, from the PDF's /Dests dictionary. */
export function namedDestinationPages(pdf: string): Map<string, number> {
  const objs = objects(pdf);
  const result = new Map<string, number>();
  const catalog = [...objs.values()].find((o) => /\/Type\s*\/Catalog/.test(o));
  const pagesRef = catalog && /\/Pages\s+(\d+)\s+0\s+R/.exec(catalog);
  const destsRef = catalog && /\/Dests\s+(\d+)\s+0\s+R/.exec(catalog);
  if (!pagesRef || !destsRef) return result;
  const order = new Map<number, number>();
  const walk = (num: number, depth: number): void => {
    const o = objs.get(num);
    if (!o || depth > 32) return;
    if (/\/Type\s*\/Pages\b/.test(o)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(o);
      for (const k of kids?.[1]?.matchAll(/(\d+)\s+0\s+R/g) ?? []) walk(Number(k[1]), depth + 1);
    } else if (/\/Type\s*\/Page\b/.test(o)) order.set(num, order.size + 1);
  };
  walk(Number(pagesRef[1]), 0);
  const dests = objs.get(Number(destsRef[1])) ?? '';
  for (const m of dests.matchAll(/\/([A-Za-z0-9#_.-]+)\s*\[\s*(\d+)\s+0\s+R/g)) {
    const page = order.get(Number(m[2]));
    if (page !== undefined)
      result.set(
        m[1]!.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
        page,
      );
  }
  return result;
}

/** `D:20260301120000+00'00'` from an ISO instant. */
function pdfDate(iso: string): string | null {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+00'00'`;
}

/**
 * Sets /CreationDate and /ModDate to the report's date (same length, so the cross-reference
 * offsets stay valid): the same inputs then give the same PDF bytes.
 */
export function stampPdfDates(pdf: string, iso: string): string {
  const date = pdfDate(iso);
  if (date === null) return pdf;
  return pdf.replace(
    /\/(CreationDate|ModDate) \((D:\d{14}[^)]*)\)/g,
    (all: string, key: string, old: string) => (old.length === date.length ? `/${key} (${date})` : all),
  );
}
