import type { ReportDocument } from './document';

/**
 * The report as JSON: the whole document, as published in docs/report-schema.json. Two-space
 * indentation, keys in the document's own order, so equal documents give equal bytes.
 */
export function renderJson(doc: ReportDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
