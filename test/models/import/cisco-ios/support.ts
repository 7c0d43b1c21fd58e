/**
 * Shared helpers of the Cisco IOS / NX-OS importer tests: fixture and corpus access, flows, verdicts,
 * line accounting, and the stable golden rendering of a Device.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Diagnostic, DiagnosticCode } from '../../../../models/diagnostics';
import type { Device, InterfaceMatch, Match } from '../../../../models/device';
import { importConfig, type ImportResult } from '../../../../models/import';
import { LineKind, parseCiscoIos, splitLines, type IosParse } from '../../../../models/import/cisco-ios';
import {
  type Flow,
  formatAddressSet,
  formatServiceSet,
  parseAddress,
  parseProtocol,
} from '../../../../models/net';
import { evaluateDevice, evaluateList, type DeviceQuery, type Verdict } from '../../../../models/reach';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const fixtureDir = path.join(repoRoot, 'test', 'fixtures', 'import', 'cisco-ios');
export const goldenDir = path.join(fixtureDir, 'golden');
/** The shared corpus, read in place (never copied: one file is GPL). */
export const corpusRoot = path.resolve(repoRoot, '..', 'shared', 'corpus');

export const fixtureNames = (): string[] =>
  readdirSync(fixtureDir)
    .filter((f) => /\.(cfg|txt)$/.test(f))
    .sort();

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

export const readFixture = (name: string): string => readFileSync(path.join(fixtureDir, name), 'utf8');
export const readCorpus = (name: string): string => readFileSync(path.join(corpusRoot, name), 'utf8');

/** Imports a fixture under its own file name (so SourceRefs name it). */
export function load(name: string, text?: string): ImportResult {
  return importConfig(
    { name, text: text ?? readFixture(name) },
    text === undefined ? {} : { vendor: 'cisco-ios' },
  );
}

/** The one device of a fixture that must import cleanly enough to give one. */
export function device(name: string): Device {
  const result = load(name);
  expect(result.devices).toHaveLength(1);
  return result.devices[0]!;
}

export function parse(name: string): IosParse {
  return parseCiscoIos(name, readFixture(name));
}

/** `[code, line]` pairs, in order, for asserting diagnostics by code and line. */
export const codesAndLines = (diagnostics: readonly Diagnostic[]): Array<[DiagnosticCode, number]> =>
  diagnostics.map((d) => [d.code, d.source.line]);

/** The 1-based number of the first line of a fixture containing `needle` (tests cite lines by content). */
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
  readonly fromZone?: string;
  readonly toZone?: string;
}

export function verdict(dev: Device, f: Flow, ask: Ask = {}): Verdict {
  const query: DeviceQuery = {
    flow: f,
    attachment: ask.to ?? 'transit',
    ...(ask.in !== undefined ? { inInterface: ask.in } : {}),
    ...(ask.out !== undefined ? { outInterface: ask.out } : {}),
    ...(ask.fromZone !== undefined ? { fromZone: ask.fromZone } : {}),
    ...(ask.toZone !== undefined ? { toZone: ask.toZone } : {}),
  };
  return evaluateDevice(dev, query);
}

export function listVerdict(dev: Device, list: string, f: Flow, ask: Ask = {}): Verdict {
  const query: DeviceQuery = {
    flow: f,
    ...(ask.in !== undefined ? { inInterface: ask.in } : {}),
    ...(ask.out !== undefined ? { outInterface: ask.out } : {}),
  };
  const v = evaluateList(dev, list, query);
  if (v === null) throw new Error(`no list ${list}`);
  return v;
}

/**
 * Asserts the verdict and the line it cites, by number and by exact text (what the CLI prints
 * and an auditor checks). `line` null means no rule is cited.
 */
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

/**
 * Lines neither classified by the parser nor named by a diagnostic: must be empty. Each line is
 * blank, a comment, a header, an entry, a member, a binding, deliberately ignored, or within the
 * line range of a diagnostic.
 */
export function unaccountedLines(
  lines: readonly string[],
  lineKinds: Uint8Array,
  diagnostics: readonly Diagnostic[],
): number[] {
  const named = new Set<number>();
  for (const d of diagnostics) for (let l = d.source.line; l <= d.source.endLine; l++) named.add(l);
  const missing: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const kind = lineKinds[i]!;
    if (kind === 0 || (kind === LineKind.Diagnostic && !named.has(i + 1))) missing.push(i + 1);
  }
  return missing;
}

/** Diagnostics whose `source.text` is not the text of the line they name. */
export function misquotedDiagnostics(
  file: string,
  lines: readonly string[],
  diagnostics: readonly Diagnostic[],
): Diagnostic[] {
  return diagnostics.filter(
    (d) => d.source.file !== file || d.source.text !== (lines[d.source.line - 1] ?? ''),
  );
}

// ---- golden rendering ---------------------------------------------------------------------

const iface = (m: InterfaceMatch | undefined): string | undefined =>
  m ? `${m.negate ? '!' : ''}${m.names.join(',')}` : undefined;

function renderMatch(m: Match): Record<string, unknown> {
  return {
    src: formatAddressSet(m.src),
    dst: formatAddressSet(m.dst),
    service: formatServiceSet(m.service),
    ...(m.inInterface ? { in: iface(m.inInterface) } : {}),
    ...(m.outInterface ? { out: iface(m.outInterface) } : {}),
    ...(m.matchesNew ? {} : { matchesNew: false }),
    ...(m.uncertain !== undefined ? { uncertain: m.uncertain } : {}),
  };
}

/**
 * A stable, reviewable rendering of the neutral model: what downstream stages see. Source
 * lines are cited by number only (the text is the input's).
 */
export function renderDevice(result: ImportResult): unknown {
  return {
    devices: result.devices.map((d) => ({
      name: d.name,
      vendor: d.vendor,
      support: { filtering: d.support.filtering, nat: d.support.nat, routes: d.support.routes },
      interfaces: d.interfaces.map(
        (i) =>
          `${i.name}${i.zone !== undefined ? ` zone ${i.zone}` : ''}${i.addresses.length > 0 ? ` ${i.addresses.join(' ')}` : ''}`,
      ),
      zones: d.zones.map((z) => `${z.name}: ${z.interfaces.join(' ')}`),
      routes: d.routes.map(
        (r) => `${r.prefix} -> ${r.nextHop ?? ''}${r.interface ?? ''} (line ${r.source?.line ?? 'none'})`,
      ),
      bindings: d.bindings.map(
        (b) =>
          `${b.attachment}: ${b.list}${b.inInterface !== undefined ? ` in ${b.inInterface}` : ''}${b.outInterface !== undefined ? ` out ${b.outInterface}` : ''}` +
          `${b.fromZone !== undefined ? ` from ${b.fromZone}` : ''}${b.toZone !== undefined ? ` to ${b.toZone}` : ''}${b.family !== undefined ? ` IPv${b.family}` : ''}`,
      ),
      lists: [...d.lists.values()].map((l) => ({
        name: l.name,
        line: l.source?.line ?? null,
        fallThrough:
          l.fallThrough.kind === 'return'
            ? 'return'
            : `${l.fallThrough.action} (line ${l.fallThrough.source?.line ?? 'none'})`,
        rules: l.rules.map((r) => ({
          id: r.id,
          line: r.source.line,
          action: r.action,
          ...(r.target !== undefined ? { target: r.target } : {}),
          ...renderMatch(r.match),
          ...(r.label !== undefined ? { label: r.label } : {}),
          ...(r.detail !== undefined ? { detail: r.detail } : {}),
          ...(r.uncertainEffect !== undefined ? { uncertainEffect: r.uncertainEffect } : {}),
        })),
      })),
      nat: d.nat.map((n) => ({
        id: n.id,
        line: n.source.line,
        kind: n.kind,
        translates: n.translates,
        ...renderMatch(n.match),
        to: n.to,
      })),
    })),
    diagnostics: result.diagnostics.map(
      (d) => `${d.source.line} ${d.severity} ${d.code} (${d.stage}): ${d.message}`,
    ),
  };
}

/** JSON with two-space indentation, but flat objects and arrays of scalars on one line each. */
export function stableJson(value: unknown, indent = ''): string {
  const flat = (v: unknown): boolean =>
    v === null ||
    typeof v !== 'object' ||
    (Array.isArray(v)
      ? v.every((x) => x === null || typeof x !== 'object') && v.length <= 4
      : Object.values(v as object).every((x) => x === null || typeof x !== 'object'));
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (flat(value)) return JSON.stringify(value);
    return `[\n${value.map((v) => inner + stableJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  if (flat(value))
    return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')} }`;
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${stableJson(v, inner)}`).join(',\n')}\n${indent}}`;
}
