/**
 * Helpers of the nftables importer tests: fixture and corpus access, verdicts, line accounting
 * and the golden rendering. What all importers share is in ../shared/.
 */
import type { Diagnostic } from '../../../../models/diagnostics';
import type { ImportResult } from '../../../../models/import';
import { LineKind, parseNftText, splitLines } from '../../../../models/import/nftables';
import { lineRanges, unclassifiedLines } from '../shared/accounting';
import { vendorCorpus, vendorFixtures } from '../shared/corpus';
import { renderNeutral } from '../shared/golden';
import { fixtureHelpers, type DeviceAsk } from '../shared/verdicts';

export { misquotedDiagnostics } from '../shared/accounting';
export { codesAndLines, flow, listVerdict, verdict } from '../shared/verdicts';
export { splitLines };

export const { fixtureDir, goldenDir, fixtureNames, readFixture } = vendorFixtures(
  'nftables',
  /\.(nft|json)$/,
);
export const { corpusDir, corpusNames, readCorpus } = vendorCorpus('nftables');
export const { load, device, lineOf, expectVerdict } = fixtureHelpers(readFixture, splitLines, 'nftables');

export type Ask = Pick<DeviceAsk, 'in' | 'out' | 'to'>;

const isJson = (text: string): boolean => /^\s*[[{]/.test(text);

/**
 * Lines neither classified by the text parser nor named by a diagnostic (must be empty). JSON
 * is read as a whole: its lines are structure by construction.
 */
export function unaccountedLines(name: string, text: string, diagnostics: readonly Diagnostic[]): number[] {
  if (isJson(text)) return [];
  const lines = splitLines(text);
  const { lineKinds } = parseNftText(name, text, lines);
  return unclassifiedLines(lines.length, lineKinds, LineKind.diagnosed, lineRanges(diagnostics));
}

/** The neutral rendering, with each binding's family and each NAT rule's structured rewrite. */
export const renderDevice = (result: ImportResult): unknown =>
  renderNeutral(result, {
    binding: (b) =>
      `${b.attachment}: ${b.list}${b.family !== undefined ? ` (IPv${b.family})` : ''}${b.primary ? ' (primary)' : ''}`,
    trailing: (d) => ({
      rewrites: d.nat
        .filter((n) => n.rewrite !== undefined)
        .map((n) => `${n.id}: ${JSON.stringify(n.rewrite)}`),
    }),
  });
