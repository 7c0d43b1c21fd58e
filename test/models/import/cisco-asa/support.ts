/**
 * Helpers of the Cisco ASA importer tests: fixture and corpus access, verdicts, line accounting,
 * and the golden rendering of a Device. What all importers share is in ../shared/.
 */
import type { Device } from '../../../../models/device';
import type { ImportResult } from '../../../../models/import';
import { LineKind, parseCiscoAsa, splitLines, type AsaParse } from '../../../../models/import/cisco-asa';
import type { Flow } from '../../../../models/net';
import type { Verdict } from '../../../../models/reach';
import { firstLines, lineAccounting } from '../shared/accounting';
import { repoRoot, vendorCorpus, vendorFixtures } from '../shared/corpus';
import { renderNeutral } from '../shared/golden';
import { fixtureHelpers, listVerdict as anyListVerdict, type DeviceAsk } from '../shared/verdicts';

export { misquotedDiagnostics } from '../shared/accounting';
export { stableJson } from '../shared/golden';
export { codesAndLines, flow, verdict } from '../shared/verdicts';

/** The neutral golden rendering, plus what ASA bindings narrow on, interface addresses, routes. */
export function renderDevice(result: ImportResult): unknown {
  return renderNeutral(result, {
    interface: (i) => `${i.name}${i.addresses.length > 0 ? ` ${i.addresses.join(' ')}` : ''}`,
    binding: (b) =>
      `${b.attachment}: ${b.list}${b.inInterface !== undefined ? ` in ${b.inInterface}` : ''}${b.outInterface !== undefined ? ` out ${b.outInterface}` : ''}${b.primary ? ' (primary)' : ''}`,
    trailing: (dev) => ({
      routes: dev.routes.map(
        (r) => `${r.prefix} via ${r.nextHop ?? '-'} ${r.interface ?? ''} (line ${r.source?.line ?? 'none'})`,
      ),
    }),
  });
}

export { repoRoot };
export const { fixtureDir, goldenDir, fixtureNames, readFixture } = vendorFixtures('cisco-asa', /\.cfg$/);
/** The shared corpus, read in place (never copied). */
export const { corpusDir, corpusNames, readCorpus } = vendorCorpus('cisco-asa');

export const { load, device, lineOf, expectVerdict } = fixtureHelpers(readFixture, splitLines, 'cisco-asa');

export function parse(name: string): AsaParse {
  return parseCiscoAsa(name, readFixture(name));
}

export type Ask = Pick<DeviceAsk, 'in' | 'out' | 'to'>;

export const listVerdict = (dev: Device, list: string, f: Flow): Verdict => anyListVerdict(dev, list, f);

/** Lines neither classified by the parser nor named by a diagnostic: must be empty. */
export const unaccountedLines = lineAccounting(LineKind.Diagnostic, firstLines);
