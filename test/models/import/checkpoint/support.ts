/**
 * Helpers of the Check Point importer tests: fixture and corpus access, packages of files that
 * share a prefix, verdicts, and the golden rendering of a Device. What all importers share is
 * in ../shared/.
 */
import type { Device } from '../../../../models/device';
import type { ImportResult, InputFile } from '../../../../models/import';
import { importCheckPointPackage, splitLines } from '../../../../models/import/checkpoint';
import { renderNeutral } from '../shared/golden';
import { repoRoot, vendorCorpus, vendorFixtures } from '../shared/corpus';
import { expectCitedVerdict, fixtureHelpers } from '../shared/verdicts';
import type { Verdict } from '../../../../models/reach';

export { stableJson } from '../shared/golden';
export { misquotedDiagnostics as misquoted } from '../shared/accounting';
export { codesAndLines, flow, verdict, listVerdict } from '../shared/verdicts';

export { repoRoot, splitLines };
export const { fixtureDir, goldenDir, fixtureNames, readFixture } = vendorFixtures(
  'checkpoint',
  /\.(json|txt)$/,
);
/** The shared corpus, read in place (never copied). */
export const { corpusDir, corpusNames, readCorpus } = vendorCorpus('checkpoint');

export const { load, device, lineOf } = fixtureHelpers(readFixture, splitLines, 'checkpoint');

/** The files of a fixture package (names starting with `prefix.`), sorted. */
export const fixturePackage = (prefix: string): InputFile[] =>
  fixtureNames()
    .filter((n) => n.startsWith(`${prefix}.`))
    .map((name) => ({ name, text: readFixture(name) }));

export const corpusPackage = (prefix: string): InputFile[] =>
  corpusNames()
    .filter((n) => n.startsWith(`${prefix}.`))
    .map((name) => ({ name, text: readCorpus(name) }));

export const importPackage = (files: readonly InputFile[]): ImportResult => importCheckPointPackage(files);

/** The device of a package named `name`. */
export function packageDevice(result: ImportResult, name: string): Device {
  const d = result.devices.find((x) => x.name === name);
  if (d === undefined)
    throw new Error(`no device ${name} in ${result.devices.map((x) => x.name).join(', ')}`);
  return d;
}

/** A verdict and the line it cites, by number and exact text, in whichever file of a package it is. */
export function expectVerdict(
  v: Verdict,
  action: 'permit' | 'deny',
  file: string,
  line: number | null,
  files: readonly InputFile[] = [],
): void {
  const textOf = (f: string): string =>
    files.find((x) => x.name === f)?.text ?? (fixtureNames().includes(f) ? readFixture(f) : readCorpus(f));
  expectCitedVerdict(v, action, file, line, (f) => splitLines(textOf(f)));
}

/** The golden rendering: the shared neutral one plus interfaces with addresses and routes. */
export const render = (result: ImportResult): unknown =>
  renderNeutral(result, {
    interface: (i) =>
      `${i.name}${i.addresses.length ? ` ${i.addresses.join(' ')}` : ''}${i.loopback ? ' (loopback)' : ''}`,
    afterInterfaces: (d) => ({
      routes: d.routes.map(
        (r) =>
          `${r.prefix}${r.nextHop ? ` via ${r.nextHop}` : ''}${r.interface ? ` dev ${r.interface}` : ''}`,
      ),
      notes: d.support.notes,
    }),
  });
