/**
 * Shared helpers of the Junos importer tests: fixture and corpus access, flows, verdicts with
 * zones, line accounting, and the stable golden rendering of a Device.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Diagnostic, DiagnosticCode } from '../../../../models/diagnostics';
import type { Device, Match } from '../../../../models/device';
import { importConfig, type ImportResult } from '../../../../models/import';
import { LineKind, parseJunos, splitLines } from '../../../../models/import/junos';
import {
  type Flow,
  formatAddressSet,
  formatServiceSet,
  parseAddress,
  parseProtocol,
} from '../../../../models/net';
import { evaluateDevice, evaluateList, type DeviceQuery, type Verdict } from '../../../../models/reach';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const fixtureDir = path.join(repoRoot, 'test', 'fixtures', 'import', 'junos');
export const goldenDir = path.join(fixtureDir, 'golden');
/** The shared corpus, read in place (never copied). */
export const corpusDir = path.resolve(repoRoot, '..', 'shared', 'corpus', 'junos');

export const fixtureNames = (): string[] =>
  readdirSync(fixtureDir)
    .filter((f) => /\.(set|conf)$/.test(f))
    .sort();
export const corpusNames = (): string[] => readdirSync(corpusDir).sort();
export const readFixture = (name: string): string => readFileSync(path.join(fixtureDir, name), 'utf8');
export const readCorpus = (name: string): string => readFileSync(path.join(corpusDir, name), 'utf8');

export function load(name: string): ImportResult {
  return importConfig({ name, text: readFixture(name) });
}

export function device(name: string): Device {
  const result = load(name);
  expect(result.vendor).toBe('junos');
  expect(result.devices).toHaveLength(1);
  return result.devices[0]!;
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
  readonly from?: string;
  readonly toZone?: string;
  readonly to?: 'transit' | 'to-device' | 'from-device';
}

export function verdict(dev: Device, f: Flow, ask: Ask = {}): Verdict {
  const query: DeviceQuery = {
    flow: f,
    attachment: ask.to ?? 'transit',
    ...(ask.in !== undefined ? { inInterface: ask.in } : {}),
    ...(ask.out !== undefined ? { outInterface: ask.out } : {}),
    ...(ask.from !== undefined ? { fromZone: ask.from } : {}),
    ...(ask.toZone !== undefined ? { toZone: ask.toZone } : {}),
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
export function unaccountedLines(name: string, text: string, diagnostics: readonly Diagnostic[]): number[] {
  const lines = splitLines(text);
  const { lineKinds } = parseJunos(name, text, lines);
  const named = new Set(diagnostics.map((d) => d.source.line));
  const missing: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const kind = lineKinds[i]!;
    if (kind === 0 || (kind === LineKind.Diagnostic && !named.has(i + 1))) missing.push(i + 1);
  }
  return missing;
}

/** Diagnostics whose `source.text` is not the text of the line they name. */
export function misquoted(
  file: string,
  lines: readonly string[],
  diagnostics: readonly Diagnostic[],
): Diagnostic[] {
  return diagnostics.filter(
    (d) => d.source.file !== file || d.source.text !== (lines[d.source.line - 1] ?? ''),
  );
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
