/**
 * Helpers of the pfSense and OPNsense importer tests: fixture and corpus access, verdicts, the
 * line a rule cites (its `<rule>` start tag), and the golden rendering of a Device. What all
 * importers share is in ../shared/.
 */
import type { ImportResult } from '../../../../models/import';
import { splitLines } from '../../../../models/import/pfsense';
import { vendorCorpus, vendorFixtures } from '../shared/corpus';
import { renderNeutral } from '../shared/golden';
import { fixtureHelpers } from '../shared/verdicts';

export { misquotedDiagnostics } from '../shared/accounting';
export { codesAndLines, flow, verdict, listVerdict } from '../shared/verdicts';
export { splitLines };

/** The neutral golden rendering, plus bindings' interfaces, interface addresses, NAT rewrites and routes. */
export function renderDevice(result: ImportResult): unknown {
  return renderNeutral(result, {
    interface: (i) =>
      `${i.name}${i.zone !== undefined ? ` zone ${i.zone}` : ''}${i.loopback === true ? ' (loopback)' : ''}${i.addresses.length > 0 ? ` ${i.addresses.join(' ')}` : ''}`,
    afterInterfaces: (d) => ({ zones: d.zones.map((z) => `${z.name}: ${z.interfaces.join(' ')}`) }),
    binding: (b) =>
      `${b.attachment}: ${b.list}${b.inInterface !== undefined ? ` in ${b.inInterface}` : ''}${b.outInterface !== undefined ? ` out ${b.outInterface}` : ''}${b.primary ? ' (primary)' : ''}`,
    trailing: (dev) => ({
      rewrites: dev.nat.map((n) => `${n.id}: ${n.rewrite ? JSON.stringify(n.rewrite) : 'none'}`),
      routes: dev.routes.map(
        (r) => `${r.prefix} via ${r.nextHop ?? '-'} ${r.interface ?? ''} (line ${r.source?.line ?? 'none'})`,
      ),
    }),
  });
}

/** A vendor's fixtures and corpus, and the helpers over them. */
export function vendorSupport(vendor: 'pfsense' | 'opnsense') {
  const fixtures = vendorFixtures(vendor, /\.xml$/);
  const corpus = vendorCorpus(vendor);
  const helpers = fixtureHelpers(fixtures.readFixture, splitLines, vendor);
  /** The line of the `<rule>` (or other record) start tag above the first line containing `needle`. */
  const ruleLine = (name: string, needle: string, tag = '<rule'): number => {
    const lines = splitLines(fixtures.readFixture(name));
    let at = helpers.lineOf(name, needle) - 1;
    while (at >= 0 && !lines[at]!.trimStart().startsWith(tag)) at--;
    if (at < 0) throw new Error(`${name}: no ${tag} above ${needle}`);
    return at + 1;
  };
  return { ...fixtures, ...corpus, ...helpers, ruleLine };
}
