/**
 * Golden files of the neutral model: the stable JSON rendering, the renderer of a Device that
 * vendors extend with their own fields, and the suite comparing (or, with UPDATE_GOLDEN=1,
 * rewriting) one golden per corpus file and fixture.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Binding, Device, Interface, InterfaceMatch, Match } from '../../../../models/device';
import { importConfig, type ImportResult } from '../../../../models/import';
import { formatAddressSet, formatServiceSet } from '../../../../models/net';
import type { Corpus, Fixtures } from './corpus';

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

// ---- the neutral rendering ----------------------------------------------------------------

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

/** What a vendor renders its own way; each field keeps its place in the output. */
export interface RenderFields {
  /** One line per interface; by default its name. */
  readonly interface?: (i: Interface) => string;
  /** Fields right after `interfaces` (zones, routes). */
  readonly afterInterfaces?: (d: Device) => Record<string, unknown>;
  /** One line per binding; by default the attachment, the list, and whether it is primary. */
  readonly binding?: (b: Binding) => string;
  /** Fields after `nat`, at the end of a device. */
  readonly trailing?: (d: Device) => Record<string, unknown>;
}

/**
 * A stable, reviewable rendering of the neutral model: what downstream stages see. Source
 * lines are cited by number only (the text is the input's, and some inputs are copyleft).
 */
export function renderNeutral(result: ImportResult, fields: RenderFields = {}): unknown {
  return {
    devices: result.devices.map((d) => ({
      name: d.name,
      vendor: d.vendor,
      support: { filtering: d.support.filtering, nat: d.support.nat, routes: d.support.routes },
      interfaces: d.interfaces.map(fields.interface ?? ((i) => i.name)),
      ...fields.afterInterfaces?.(d),
      bindings: d.bindings.map(
        fields.binding ?? ((b) => `${b.attachment}: ${b.list}${b.primary ? ' (primary)' : ''}`),
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
      ...fields.trailing?.(d),
    })),
    diagnostics: result.diagnostics.map(
      (d) => `${d.source.line} ${d.severity} ${d.code} (${d.stage}): ${d.message}`,
    ),
  };
}

// ---- the golden suite ---------------------------------------------------------------------

export interface GoldenCase {
  readonly name: string;
  readonly golden: string;
  readonly text: () => string;
}

/**
 * One case per corpus file (`corpus--<name>.json`, `/` as `--`) and per fixture
 * (`<name>.json`). Corpus files matching `copyleft` get no golden: a golden is a derivative
 * committed to this repository.
 */
export function goldenCases(
  corpus: Pick<Corpus, 'corpusNames' | 'readCorpus'>,
  fixtures: Pick<Fixtures, 'fixtureNames' | 'readFixture'>,
  copyleft?: RegExp,
): GoldenCase[] {
  return [
    ...corpus
      .corpusNames()
      .filter((name) => copyleft === undefined || !copyleft.test(name))
      .map((name) => ({
        name,
        golden: `corpus--${name.replace(/\//g, '--')}.json`,
        text: () => corpus.readCorpus(name),
      })),
    ...fixtures
      .fixtureNames()
      .map((name) => ({ name, golden: `${name}.json`, text: () => fixtures.readFixture(name) })),
  ];
}

export interface GoldenSuite {
  readonly title: string;
  readonly goldenDir: string;
  readonly cases: readonly GoldenCase[];
  readonly render: (result: ImportResult) => unknown;
  /** Also check that rendering twice gives the same text. */
  readonly deterministic?: boolean;
}

/** Registers the golden tests: each case against its golden, no stray golden, determinism. */
export function describeGoldens(suite: GoldenSuite): void {
  const { goldenDir, cases, render } = suite;
  const update = process.env.UPDATE_GOLDEN === '1';
  const rendered = ({ name, text }: GoldenCase): string =>
    stableJson(render(importConfig({ name, text: text() })));

  describe(suite.title, () => {
    it.each(cases)('$name converts to its reviewed golden', (c) => {
      const actual = `${rendered(c)}\n`;
      const file = path.join(goldenDir, c.golden);
      if (update) {
        mkdirSync(goldenDir, { recursive: true });
        writeFileSync(file, actual);
        return;
      }
      expect(existsSync(file), `${c.golden} is missing; run with UPDATE_GOLDEN=1 and review it`).toBe(true);
      expect(actual).toBe(readFileSync(file, 'utf8'));
    });

    it('has no golden without an input', () => {
      const expected = new Set(cases.map((c) => c.golden));
      expect(readdirSync(goldenDir).filter((f) => !expected.has(f))).toEqual([]);
    });

    if (suite.deterministic === true)
      it('renders deterministically', () => {
        expect(rendered(cases[0]!)).toBe(rendered(cases[0]!));
      });
  });
}
