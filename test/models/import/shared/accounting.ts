/**
 * Line accounting shared by the importers' tests: every input line is classified by the parser
 * or named by a diagnostic, and every diagnostic quotes its line exactly. Which kinds a vendor's
 * parser has, and how far a diagnostic reaches, stay with the vendor.
 */
import type { Diagnostic } from '../../../../models/diagnostics';

/** The lines diagnostics name: the first line of each. */
export const firstLines = (diagnostics: readonly Diagnostic[]): Set<number> =>
  new Set(diagnostics.map((d) => d.source.line));

/** The lines diagnostics name: every line of each one's range. */
export function lineRanges(diagnostics: readonly Diagnostic[]): Set<number> {
  const named = new Set<number>();
  for (const d of diagnostics) for (let l = d.source.line; l <= d.source.endLine; l++) named.add(l);
  return named;
}

/**
 * 1-based lines left unclassified (kind 0), or marked as diagnosed (`diagnosticKind`) without a
 * diagnostic naming them.
 */
export function unclassifiedLines(
  count: number,
  lineKinds: Uint8Array,
  diagnosticKind: number,
  named: ReadonlySet<number>,
): number[] {
  const missing: number[] = [];
  for (let i = 0; i < count; i++) {
    const kind = lineKinds[i]!;
    if (kind === 0 || (kind === diagnosticKind && !named.has(i + 1))) missing.push(i + 1);
  }
  return missing;
}

/** Diagnostics whose `source.text` is not the text of the line they name. */
export function misquotedDiagnostics(
  file: string,
  lines: readonly string[],
  diagnostics: readonly Diagnostic[],
): Diagnostic[] {
  return diagnostics.filter(
    (d) => d.source.file !== file || d.source.text !== (lines[d.source.line - 1] ?? ''),
  );
}

/**
 * A vendor's check that every line is accounted for: `(lines, lineKinds, diagnostics)` gives the
 * 1-based lines neither classified by the parser nor named by a diagnostic (must be empty).
 * `named` says which lines a diagnostic accounts for.
 */
export const lineAccounting =
  (diagnosticKind: number, named: (diagnostics: readonly Diagnostic[]) => ReadonlySet<number>) =>
  (lines: readonly string[], lineKinds: Uint8Array, diagnostics: readonly Diagnostic[]): number[] =>
    unclassifiedLines(lines.length, lineKinds, diagnosticKind, named(diagnostics));
