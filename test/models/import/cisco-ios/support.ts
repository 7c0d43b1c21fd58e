/**
 * Helpers of the Cisco IOS / NX-OS importer tests: fixture and corpus access, verdicts, line
 * accounting, and the golden rendering of a Device. What all importers share is in ../shared/.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { importConfig, type ImportResult } from '../../../../models/import';
import { LineKind, parseCiscoIos, splitLines, type IosParse } from '../../../../models/import/cisco-ios';
import { lineAccounting, lineRanges } from '../shared/accounting';
import { corpusRoot, readText, repoRoot, vendorFixtures } from '../shared/corpus';
import { renderNeutral } from '../shared/golden';
import { fixtureHelpers, type DeviceAsk } from '../shared/verdicts';

export { misquotedDiagnostics } from '../shared/accounting';
export { stableJson } from '../shared/golden';
export { codesAndLines, flow, listVerdict, verdict } from '../shared/verdicts';

export { corpusRoot, repoRoot };
export const { fixtureDir, goldenDir, fixtureNames, readFixture } = vendorFixtures(
  'cisco-ios',
  /\.(cfg|txt)$/,
);

/** IOS / NX-OS corpus files, relative to the corpus root: cisco-ios/ and Batfish's example networks. */
export function corpusNames(): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(path.join(corpusRoot, rel), { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name !== 'oracles') walk(r);
      } else if (/\.(cfg|txt|acl)$/.test(e.name)) out.push(r);
    }
  };
  walk('cisco-ios');
  walk('batfish-examples');
  return out.sort();
}

/** A corpus file, read in place (never copied: one file is GPL). */
export const readCorpus = (name: string): string => readText(corpusRoot, name);

export const { device, lineOf, expectVerdict } = fixtureHelpers(readFixture, splitLines);

/** Imports a fixture under its own file name (so SourceRefs name it), or `text` under that name as IOS. */
export function load(name: string, text?: string): ImportResult {
  return importConfig(
    { name, text: text ?? readFixture(name) },
    text === undefined ? {} : { vendor: 'cisco-ios' },
  );
}

export function parse(name: string): IosParse {
  return parseCiscoIos(name, readFixture(name));
}

export type Ask = DeviceAsk;

/**
 * Lines neither classified by the parser nor named by a diagnostic: must be empty. Each line is
 * blank, a comment, a header, an entry, a member, a binding, deliberately ignored, or within the
 * line range of a diagnostic.
 */
export const unaccountedLines = lineAccounting(LineKind.Diagnostic, lineRanges);

/** The neutral golden rendering, plus zones, interface zones and addresses, routes, and what bindings narrow on. */
export function renderDevice(result: ImportResult): unknown {
  return renderNeutral(result, {
    interface: (i) =>
      `${i.name}${i.zone !== undefined ? ` zone ${i.zone}` : ''}${i.addresses.length > 0 ? ` ${i.addresses.join(' ')}` : ''}`,
    afterInterfaces: (d) => ({
      zones: d.zones.map((z) => `${z.name}: ${z.interfaces.join(' ')}`),
      routes: d.routes.map(
        (r) => `${r.prefix} -> ${r.nextHop ?? ''}${r.interface ?? ''} (line ${r.source?.line ?? 'none'})`,
      ),
    }),
    binding: (b) =>
      `${b.attachment}: ${b.list}${b.inInterface !== undefined ? ` in ${b.inInterface}` : ''}${b.outInterface !== undefined ? ` out ${b.outInterface}` : ''}` +
      `${b.fromZone !== undefined ? ` from ${b.fromZone}` : ''}${b.toZone !== undefined ? ` to ${b.toZone}` : ''}${b.family !== undefined ? ` IPv${b.family}` : ''}`,
  });
}
