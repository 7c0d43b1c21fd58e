/**
 * Helpers of the FortiOS importer tests: fixture and corpus access, verdicts, line accounting
 * (a section reported once names all its lines), and the golden rendering of a Device.
 * What all importers share is in ../shared/.
 */
import type { Diagnostic } from '../../../../models/diagnostics';
import type { ImportResult } from '../../../../models/import';
import { LineKind, parseFortios, splitLines } from '../../../../models/import/fortios';
import { lineAccounting, lineRanges } from '../shared/accounting';
import { vendorCorpus, vendorFixtures } from '../shared/corpus';
import { renderNeutral } from '../shared/golden';
import { fixtureHelpers } from '../shared/verdicts';

export { misquotedDiagnostics as misquoted } from '../shared/accounting';
export { codesAndLines, flow, verdict, listVerdict } from '../shared/verdicts';

export const { fixtureDir, goldenDir, fixtureNames, readFixture } = vendorFixtures('fortios', /\.conf$/);
/** The shared corpus, read in place (never copied). */
export const { corpusDir, corpusNames, readCorpus } = vendorCorpus('fortios');

export const { load, device, lineOf, expectVerdict } = fixtureHelpers(readFixture, splitLines, 'fortios');

const accounted = lineAccounting(LineKind.Diagnostic, lineRanges);

/** Lines neither classified by the parser nor named by a diagnostic: must be empty. */
export function unaccountedLines(name: string, text: string, diagnostics: readonly Diagnostic[]): number[] {
  const lines = splitLines(text);
  const { lineKinds } = parseFortios(name, text, lines);
  return accounted(lines, lineKinds, diagnostics);
}

/** The neutral golden rendering, with interface zones and addresses, bindings, routes and NAT rewrites. */
export function renderDevice(result: ImportResult): unknown {
  return renderNeutral(result, {
    interface: (i) =>
      `${i.name}${i.zone !== undefined ? ` zone ${i.zone}` : ''}${i.loopback ? ' loopback' : ''}${i.addresses.length > 0 ? ` ${i.addresses.join(' ')}` : ''}`,
    afterInterfaces: (d) => ({ zones: d.zones.map((z) => `${z.name}: ${z.interfaces.join(' ')}`) }),
    binding: (b) =>
      `${b.attachment}: ${b.list}${b.family !== undefined ? ` IPv${b.family}` : ''}${b.primary ? ' (primary)' : ''}`,
    trailing: (d) => ({
      rewrites: d.nat.map((n) => `${n.id}: ${n.rewrite ? JSON.stringify(n.rewrite) : 'none'}`),
      routes: d.routes.map(
        (r) => `${r.prefix} via ${r.nextHop ?? '-'} ${r.interface ?? ''} (line ${r.source?.line ?? 'none'})`,
      ),
    }),
  });
}
