/**
 * Helpers of the iptables importer tests: fixture and corpus access, verdicts, line accounting,
 * and the golden rendering of a Device (the neutral one). What all importers share is in
 * ../shared/.
 */
import type { ImportResult } from '../../../../models/import';
import { LineKind, parseIptables, splitLines, type IptablesParse } from '../../../../models/import/iptables';
import { firstLines, lineAccounting } from '../shared/accounting';
import { repoRoot, vendorCorpus, vendorFixtures } from '../shared/corpus';
import { renderNeutral } from '../shared/golden';
import { fixtureHelpers, type DeviceAsk } from '../shared/verdicts';

export { misquotedDiagnostics } from '../shared/accounting';
export { stableJson } from '../shared/golden';
export { codesAndLines, flow, listVerdict, verdict } from '../shared/verdicts';

export { repoRoot };
export const { fixtureDir, goldenDir, fixtureNames, readFixture } = vendorFixtures(
  'iptables',
  /\.iptables-save$/,
);
/** The shared corpus, read in place (never copied: some files are CC BY-SA). */
export const { corpusDir, corpusNames, readCorpus } = vendorCorpus('iptables');

export const { load, device, lineOf, expectVerdict } = fixtureHelpers(readFixture, splitLines);

export function parse(name: string): IptablesParse {
  return parseIptables(name, readFixture(name));
}

export type Ask = Pick<DeviceAsk, 'in' | 'out' | 'to'>;

/**
 * Lines neither classified by the parser nor named by a diagnostic: must be empty. Each line is
 * blank, a comment, a table, a chain, a rule, a COMMIT, or has a diagnostic on that very line.
 */
export const unaccountedLines = lineAccounting(LineKind.Diagnostic, firstLines);

/** The neutral rendering, as is: iptables has no zones, interface addresses or routes. */
export const renderDevice = (result: ImportResult): unknown => renderNeutral(result);
