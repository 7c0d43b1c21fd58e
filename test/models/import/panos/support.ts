/**
 * Helpers of the PAN-OS importer tests: fixture and corpus access, verdicts with zones, and the
 * golden rendering of a Device. What all importers share is in ../shared/.
 */
import type { Device } from '../../../../models/device';
import type { ImportResult } from '../../../../models/import';
import { splitLines } from '../../../../models/import/panos';
import type { Flow } from '../../../../models/net';
import type { Verdict } from '../../../../models/reach';
import { repoRoot, vendorCorpus, vendorFixtures } from '../shared/corpus';
import { renderNeutral } from '../shared/golden';
import { fixtureHelpers, verdict as deviceVerdict } from '../shared/verdicts';

export { misquotedDiagnostics as misquoted } from '../shared/accounting';
export { stableJson } from '../shared/golden';
export { codesAndLines, flow } from '../shared/verdicts';
export { repoRoot, splitLines };

export const { fixtureDir, goldenDir, fixtureNames, readFixture } = vendorFixtures(
  'panos',
  /\.(xml|set|txt|conf)$/,
);
/** The shared corpus, read in place (never copied). */
export const { corpusDir, corpusNames, readCorpus } = vendorCorpus('panos');

export const { load, device, lineOf, expectVerdict } = fixtureHelpers(readFixture, splitLines, 'panos');

/** A verdict between two zones. */
export function verdict(dev: Device, f: Flow, from: string, to: string): Verdict {
  return deviceVerdict(dev, f, { fromZone: from, toZone: to });
}

/**
 * The golden rendering: the neutral model with zones, interfaces with their zone and addresses,
 * bindings with their zones, routes, and NAT with its list and rewrite.
 */
export function renderDevice(result: ImportResult, lines = true): unknown {
  const r = renderNeutral(result, {
    interface: (i) =>
      `${i.name}${i.zone !== undefined ? ` zone ${i.zone}` : ''}${i.addresses.length ? ` ${i.addresses.join(' ')}` : ''}${i.loopback ? ' loopback' : ''}`,
    afterInterfaces: (d) => ({ zones: d.zones.map((z) => `${z.name}: ${z.interfaces.join(' ')}`) }),
    binding: (b) =>
      `${b.attachment}: ${b.list}${b.fromZone ? ` from-zone ${b.fromZone}` : ''}${b.toZone ? ` to-zone ${b.toZone}` : ''}${b.primary ? ' (primary)' : ''}`,
    trailing: (d) => ({
      routes: d.routes.map(
        (x) =>
          `${x.prefix}${x.nextHop ? ` via ${x.nextHop}` : ''}${x.interface ? ` dev ${x.interface}` : ''}`,
      ),
      natLists: d.nat.map(
        (n) => `${n.id}: ${n.list}${n.rewrite ? ` rewrite ${JSON.stringify(n.rewrite)}` : ''}`,
      ),
      notes: d.support.notes,
    }),
  }) as { devices: Array<Record<string, unknown>>; diagnostics: string[] };
  if (lines) return shorten(r);
  // Without source lines: the XML and set forms of one policy must render the same.
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([k]) => k !== 'line')
          .map(([k, x]) => [k, strip(x)]),
      );
    if (typeof v === 'string') return v.replace(/\(line \d+\)/g, '(line)');
    return v;
  };
  return { devices: strip(r.devices) };
}

/** Long address lists (thousands of generated objects) are cut, with a count and a hash of the whole. */
function shorten(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shorten);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, shorten(x)]));
  if (typeof v !== 'string' || v.length <= 240) return v;
  let h = 0x811c9dc5;
  for (let i = 0; i < v.length; i++) h = Math.imul(h ^ v.charCodeAt(i), 0x01000193) >>> 0;
  return `${v.slice(0, 160)}… [${v.split(', ').length} parts, fnv1a ${h.toString(16).padStart(8, '0')}]`;
}
