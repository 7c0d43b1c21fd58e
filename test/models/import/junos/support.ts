/**
 * Helpers of the Junos importer tests: fixture and corpus access, verdicts with zones, line
 * accounting, and the golden rendering of a Device (Junos's own: it can leave source lines out).
 * What all importers share is in ../shared/.
 */
import type { Diagnostic } from '../../../../models/diagnostics';
import type { Device, Match } from '../../../../models/device';
import type { ImportResult } from '../../../../models/import';
import { LineKind, parseJunos, splitLines } from '../../../../models/import/junos';
import { formatAddressSet, formatServiceSet, type Flow } from '../../../../models/net';
import type { Verdict } from '../../../../models/reach';
import { firstLines, lineAccounting } from '../shared/accounting';
import { repoRoot, vendorCorpus, vendorFixtures } from '../shared/corpus';
import { fixtureHelpers, listVerdict as anyListVerdict, verdict as deviceVerdict } from '../shared/verdicts';

export { misquotedDiagnostics as misquoted } from '../shared/accounting';
export { stableJson } from '../shared/golden';
export { codesAndLines, flow } from '../shared/verdicts';

export { repoRoot };
export const { fixtureDir, goldenDir, fixtureNames, readFixture } = vendorFixtures('junos', /\.(set|conf)$/);
/** The shared corpus, read in place (never copied). */
export const { corpusDir, corpusNames, readCorpus } = vendorCorpus('junos');

export const { load, device, lineOf, expectVerdict } = fixtureHelpers(readFixture, splitLines, 'junos');

export interface Ask {
  readonly in?: string;
  readonly out?: string;
  readonly from?: string;
  readonly toZone?: string;
  readonly to?: 'transit' | 'to-device' | 'from-device';
}

/** A device verdict; `from` is the source zone. */
export function verdict(dev: Device, f: Flow, ask: Ask = {}): Verdict {
  const { from, ...rest } = ask;
  return deviceVerdict(dev, f, { ...rest, ...(from !== undefined ? { fromZone: from } : {}) });
}

export const listVerdict = (dev: Device, list: string, f: Flow): Verdict => anyListVerdict(dev, list, f);

const accounted = lineAccounting(LineKind.Diagnostic, firstLines);

/** Lines neither classified by the parser nor named by a diagnostic: must be empty. */
export function unaccountedLines(name: string, text: string, diagnostics: readonly Diagnostic[]): number[] {
  const lines = splitLines(text);
  const { lineKinds } = parseJunos(name, text, lines);
  return accounted(lines, lineKinds, diagnostics);
}

// ---- golden rendering ---------------------------------------------------------------------

/** Long address lists (thousands of generated objects) are cut, with a count and a hash of the whole. */
function short(text: string): string {
  if (text.length <= 240) return text;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `${text.slice(0, 160)}… [${text.split(', ').length} parts, fnv1a ${h.toString(16).padStart(8, '0')}]`;
}

function renderMatch(m: Match): Record<string, unknown> {
  return {
    src: short(formatAddressSet(m.src)),
    dst: short(formatAddressSet(m.dst)),
    service: formatServiceSet(m.service),
    ...(m.matchesNew ? {} : { matchesNew: false }),
    ...(m.uncertain !== undefined ? { uncertain: m.uncertain } : {}),
  };
}

/**
 * A stable rendering of the neutral model. With `lines: false` source lines are left out, so
 * the set and curly forms of one configuration render identically.
 */
export function renderDevice(result: ImportResult, lines = true): unknown {
  const at = (n: number | undefined | null): number | undefined => (lines ? (n ?? undefined) : undefined);
  return {
    devices: result.devices.map((d) => ({
      name: d.name,
      vendor: d.vendor,
      support: { filtering: d.support.filtering, nat: d.support.nat, routes: d.support.routes },
      interfaces: d.interfaces.map(
        (i) =>
          `${i.name}${i.zone !== undefined ? ` zone ${i.zone}` : ''}${i.addresses.length ? ` ${i.addresses.join(' ')}` : ''}`,
      ),
      zones: d.zones.map((z) => `${z.name}: ${z.interfaces.join(' ')}`),
      bindings: d.bindings.map(
        (b) =>
          `${b.attachment}: ${b.list}${b.inInterface ? ` in ${b.inInterface}` : ''}${b.outInterface ? ` out ${b.outInterface}` : ''}` +
          `${b.fromZone ? ` from-zone ${b.fromZone}` : ''}${b.toZone ? ` to-zone ${b.toZone}` : ''}${b.family ? ` IPv${b.family}` : ''}${b.primary ? ' (primary)' : ''}`,
      ),
      lists: [...d.lists.values()].map((l) => ({
        name: l.name,
        fallThrough:
          l.fallThrough.kind === 'return'
            ? 'return'
            : `${l.fallThrough.action} (line ${lines ? (l.fallThrough.source?.line ?? 'none') : l.fallThrough.source ? 'set' : 'none'})`,
        rules: l.rules.map((r) => ({
          id: r.id,
          line: at(r.source.line),
          name: r.origin.name,
          action: r.action,
          ...(r.target !== undefined ? { target: r.target } : {}),
          ...renderMatch(r.match),
          ...(r.detail !== undefined ? { detail: r.detail } : {}),
          ...(r.uncertainEffect !== undefined ? { uncertainEffect: r.uncertainEffect } : {}),
        })),
      })),
      routes: d.routes.map((r) => `${r.prefix}${r.nextHop ? ` via ${r.nextHop}` : ''}`),
      nat: d.nat.map((n) => ({
        id: n.id,
        line: at(n.source.line),
        kind: n.kind,
        translates: n.translates,
        ...renderMatch(n.match),
        to: n.to,
        list: n.list,
      })),
    })),
    ...(lines
      ? {
          diagnostics: result.diagnostics.map(
            (d) => `${d.source.line} ${d.severity} ${d.code} (${d.stage}): ${d.message}`,
          ),
        }
      : {}),
  };
}
