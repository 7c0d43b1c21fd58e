import type { Diagnostic } from '../../models/diagnostics';

/**
 * Diagnostics as CSV (RFC 4180), one row per diagnostic. Config text is hostile: a cell that a
 * spreadsheet would run as a formula (leading = + - @, tab or CR) is prefixed with an apostrophe.
 */

const HEADER = ['severity', 'code', 'stage', 'file', 'line', 'end_line', 'message', 'text'] as const;

export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function diagnosticsToCsv(diagnostics: readonly Diagnostic[]): string {
  const rows = diagnostics.map((d) =>
    [d.severity, d.code, d.stage, d.source.file, d.source.line, d.source.endLine, d.message, d.source.text]
      .map(csvCell)
      .join(','),
  );
  return [HEADER.join(','), ...rows].join('\r\n') + '\r\n';
}
