/**
 * Shared helpers of the Cisco ASA importer tests: fixture and corpus access, flows, verdicts,
 * line accounting, and the stable golden rendering of a Device.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Diagnostic, DiagnosticCode } from '../../../../models/diagnostics';
import type { Device } from '../../../../models/device';
import { importConfig, type ImportResult } from '../../../../models/import';
import { LineKind, parseCiscoAsa, splitLines, type AsaParse } from '../../../../models/import/cisco-asa';
import { type Flow, parseAddress, parseProtocol } from '../../../../models/net';
import { evaluateDevice, evaluateList, type DeviceQuery, type Verdict } from '../../../../models/reach';

import { renderDevice as renderNeutral } from '../iptables/support';

export { stableJson } from '../iptables/support';

/** The iptables golden rendering, plus what ASA bindings narrow on, interface addresses, routes. */
export function renderDevice(result: ImportResult): unknown {
  const base = renderNeutral(result) as { devices: Array<Record<string, unknown>>; diagnostics: unknown };
  return {
    devices: base.devices.map((d, k) => {
      const dev = result.devices[k]!;
      return {
        ...d,
        interfaces: dev.interfaces.map(
          (i) => `${i.name}${i.addresses.length > 0 ? ` ${i.addresses.join(' ')}` : ''}`,
        ),
        bindings: dev.bindings.map(
          (b) =>
            `${b.attachment}: ${b.list}${b.inInterface !== undefined ? ` in ${b.inInterface}` : ''}${b.outInterface !== undefined ? ` out ${b.outInterface}` : ''}${b.primary ? ' (primary)' : ''}`,
        ),
        routes: dev.routes.map(
          (r) =>
            `${r.prefix} via ${r.nextHop ?? '-'} ${r.interface ?? ''} (line ${r.source?.line ?? 'none'})`,
        ),
      };
    }),
    diagnostics: base.diagnostics,
  };
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const fixtureDir = path.join(repoRoot, 'test', 'fixtures', 'import', 'cisco-asa');
export const goldenDir = path.join(fixtureDir, 'golden');
/** The shared corpus, read in place (never copied). */
export const corpusDir = path.resolve(repoRoot, '..', 'shared', 'corpus', 'cisco-asa');

export const fixtureNames = (): string[] =>
  readdirSync(fixtureDir)
    .filter((f) => /\.cfg$/.test(f))
    .sort();
export const corpusNames = (): string[] => readdirSync(corpusDir).sort();

export const readFixture = (name: string): string => readFileSync(path.join(fixtureDir, name), 'utf8');
export const readCorpus = (name: string): string => readFileSync(path.join(corpusDir, name), 'utf8');

export function load(name: string): ImportResult {
  return importConfig({ name, text: readFixture(name) });
}

export function device(name: string): Device {
  const result = load(name);
  expect(result.vendor).toBe('cisco-asa');
  expect(result.devices).toHaveLength(1);
  return result.devices[0]!;
}

export function parse(name: string): AsaParse {
  return parseCiscoAsa(name, readFixture(name));
}

export const codesAndLines = (diagnostics: readonly Diagnostic[]): Array<[DiagnosticCode, number]> =>
  diagnostics.map((d) => [d.code, d.source.line]);

/** The 1-based number of the first line of a fixture containing `needle`. */
export function lineOf(name: string, needle: string, from = 1): number {
  const lines = splitLines(readFixture(name));
  const k = lines.findIndex((l, i) => i + 1 >= from && l.includes(needle));
  if (k < 0) throw new Error(`${name}: no line contains ${needle}`);
  return k + 1;
}

const address = (text: string): Flow['src'] => {
  const a = parseAddress(text);
  if (!a.ok) throw new Error(a.error);
  return a.value;
};

/** A flow; for ICMP, `sport` is the code and `dport` the type. */
export function flow(proto: string, src: string, dst: string, sport = 0, dport = 0): Flow {
  const p = parseProtocol(proto);
  if (p === null) throw new Error(`protocol ${proto}`);
  return { proto: p, src: address(src), dst: address(dst), sport, dport };
}

export interface Ask {
  readonly in?: string;
  readonly out?: string;
  readonly to?: 'transit' | 'to-device' | 'from-device';
}

export function verdict(dev: Device, f: Flow, ask: Ask = {}): Verdict {
  const query: DeviceQuery = {
    flow: f,
    attachment: ask.to ?? 'transit',
    ...(ask.in !== undefined ? { inInterface: ask.in } : {}),
    ...(ask.out !== undefined ? { outInterface: ask.out } : {}),
  };
  return evaluateDevice(dev, query);
}

export function listVerdict(dev: Device, list: string, f: Flow): Verdict {
  const v = evaluateList(dev, list, { flow: f });
  if (v === null) throw new Error(`no list ${list}`);
  return v;
}

/** Asserts the verdict and the line it cites, by number and by exact text. */
export function expectVerdict(
  v: Verdict,
  action: 'permit' | 'deny',
  file: string,
  line: number | null,
): void {
  expect({ action: v.action, line: v.rule?.line ?? null }).toEqual({ action, line });
  if (line !== null) {
    expect(v.rule?.file).toBe(file);
    expect(v.rule?.text).toBe(splitLines(readFixture(file))[line - 1]);
  }
}

/** Lines neither classified by the parser nor named by a diagnostic: must be empty. */
export function unaccountedLines(
  lines: readonly string[],
  lineKinds: Uint8Array,
  diagnostics: readonly Diagnostic[],
): number[] {
  const named = new Set(diagnostics.map((d) => d.source.line));
  const missing: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const kind = lineKinds[i]!;
    if (kind === 0 || (kind === LineKind.Diagnostic && !named.has(i + 1))) missing.push(i + 1);
  }
  return missing;
}

export function misquotedDiagnostics(
  file: string,
  lines: readonly string[],
  diagnostics: readonly Diagnostic[],
): Diagnostic[] {
  return diagnostics.filter(
    (d) => d.source.file !== file || d.source.text !== (lines[d.source.line - 1] ?? ''),
  );
}
