import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Diagnostic } from '../../../../models/diagnostics';
import { splitLines, stripBom } from '../../../../models/topology/inputs/text';

export const FIXTURES = join(__dirname, '../../../fixtures/topology/inputs');

export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

/** Every diagnostic names `file`, is at stage topology and quotes its line exactly. */
export function expectQuotedExactly(file: string, text: string, diagnostics: readonly Diagnostic[]): void {
  const lines = splitLines(stripBom(text));
  for (const d of diagnostics) {
    expect(d.stage).toBe('topology');
    expect(d.source.file).toBe(file);
    expect(d.source.line).toBeGreaterThanOrEqual(1);
    expect(d.source.text).toBe(lines[d.source.line - 1] ?? '');
  }
}

/** The diagnostics as `line code` strings, for compact assertions. */
export const summary = (diagnostics: readonly Diagnostic[]): string[] =>
  diagnostics.map((d) => `${d.source.line} ${d.severity} ${d.code}`);
