/**
 * Fuzz tests over mutated ASA corpus files: whatever the damage (lines deleted, duplicated,
 * swapped, cut off, random bytes and words, indentation, very long lines, CRLF), the importer
 * never throws, accounts for every line, and quotes every line it cites exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importConfig, type ImportResult } from '../../../../models/import';
import { MAX_LINE_LENGTH, parseCiscoAsa, splitLines } from '../../../../models/import/cisco-asa';
import { corpusNames, misquotedDiagnostics, readCorpus, unaccountedLines } from './support';

const corpus = corpusNames().map((name) => ({ name, lines: splitLines(readCorpus(name)) }));

const WORDS = [
  ' ',
  '\t',
  '!',
  ':',
  'access-list',
  'extended',
  'standard',
  'permit',
  'deny',
  'remark',
  'inactive',
  'line',
  '3',
  'object',
  'object-group',
  'group-object',
  'network-object',
  'port-object',
  'service-object',
  'host',
  'any',
  'any4',
  'any6',
  'interface',
  'eq',
  'lt',
  'gt',
  'neq',
  'range',
  'tcp',
  'udp',
  'tcp-udp',
  'icmp',
  'ip',
  'log',
  'time-range',
  'nameif',
  'security-level',
  '100',
  '0',
  'nat',
  '(inside,outside)',
  'static',
  'dynamic',
  'source',
  'destination',
  'access-group',
  'in',
  'out',
  'global',
  'same-security-traffic',
  'http',
  'ssh',
  'fqdn',
  '(hitcnt=0)',
  '(inactive)',
  '0xdeadbeef',
  '10.0.0.0',
  '255.255.255.0',
  '2001:db8::/64',
  '65536',
  'www',
  '\u00e9',
  '\ufffd',
  'constructor',
  '__proto__',
];

type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'swap'; at: number; with: number }
  | { kind: 'insert'; at: number; pos: number; text: string }
  | { kind: 'newline'; at: number; text: string }
  | { kind: 'long'; at: number; length: number };

const position = fc.nat({ max: 1_000_000 });
const junk = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 8 }).map((w) => w.join(' ')),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: position }),
  fc.record({ kind: fc.constant('duplicate' as const), at: position }),
  fc.record({ kind: fc.constant('swap' as const), at: position, with: position }),
  fc.record({ kind: fc.constant('insert' as const), at: position, pos: position, text: junk }),
  fc.record({ kind: fc.constant('newline' as const), at: position, text: junk }),
  fc.record({
    kind: fc.constant('long' as const),
    at: position,
    length: fc.integer({ min: MAX_LINE_LENGTH - 10, max: MAX_LINE_LENGTH + 40_000 }),
  }),
);

function mutate(lines: readonly string[], mutations: readonly Mutation[]): string[] {
  const out = [...lines];
  for (const m of mutations) {
    const i = out.length === 0 ? 0 : m.at % out.length;
    switch (m.kind) {
      case 'delete':
        out.splice(i, 1);
        break;
      case 'duplicate':
        if (out.length > 0) out.splice(i, 0, out[i]!);
        break;
      case 'swap': {
        if (out.length === 0) break;
        const j = m.with % out.length;
        [out[i], out[j]] = [out[j]!, out[i]!];
        break;
      }
      case 'insert': {
        const line = out[i] ?? '';
        const p = m.pos % (line.length + 1);
        out[i] = `${line.slice(0, p)}${m.text}${line.slice(p)}`;
        break;
      }
      case 'newline':
        out.splice(i, 0, m.text);
        break;
      case 'long':
        out.splice(i, 0, `access-list L remark ${'x'.repeat(m.length)}`);
        break;
    }
  }
  return out;
}

const damaged = fc.record({
  file: fc.constantFrom(...corpus),
  mutations: fc.array(mutation, { maxLength: 6 }),
  cut: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  crlf: fc.boolean(),
});

type Damaged = typeof damaged extends fc.Arbitrary<infer T> ? T : never;

function build(d: Damaged): { name: string; text: string } {
  let text = mutate(d.file.lines, d.mutations).join('\n');
  if (d.cut !== undefined) text = text.slice(0, Math.floor(text.length * d.cut));
  if (d.crlf) text = text.replace(/\n/g, '\r\n');
  return { name: d.file.name, text };
}

function checkInvariants(name: string, text: string, result: ImportResult): void {
  const lines = splitLines(text);
  const quoted = result.diagnostics.filter((d) => d.code !== 'binary-input');
  expect(misquotedDiagnostics(name, lines, quoted)).toEqual([]);
  for (const d of result.diagnostics) expect(d.source.line).toBeGreaterThanOrEqual(1);
  const early = result.diagnostics.some((d) => d.stage === 'detect' && d.severity === 'error');
  if (!early) {
    const parsed = parseCiscoAsa(name, text, lines);
    expect(unaccountedLines(lines, parsed.lineKinds, result.diagnostics)).toEqual([]);
  }
  for (const dev of result.devices) {
    for (const list of dev.lists.values())
      for (const rule of list.rules) expect(rule.source.text).toBe(lines[rule.source.line - 1]);
    for (const n of dev.nat) expect(n.source.text).toBe(lines[n.source.line - 1]);
  }
}

describe('importing damaged ASA files', () => {
  it('never throws, accounts for every line and quotes every cited line exactly (forced vendor)', () => {
    fc.assert(
      fc.property(damaged, (d) => {
        const { name, text } = build(d);
        checkInvariants(name, text, importConfig({ name, text }, { vendor: 'cisco-asa' }));
      }),
      { numRuns: 400 },
    );
  });

  it('never throws and quotes every cited line exactly when the vendor is detected', () => {
    fc.assert(
      fc.property(damaged, (d) => {
        const { name, text } = build(d);
        const result = importConfig({ name, text });
        const quoted = result.diagnostics.filter((x) => x.code !== 'binary-input');
        expect(misquotedDiagnostics(name, splitLines(text), quoted)).toEqual([]);
        if (result.vendor === null) expect(result.devices).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('survives arbitrary text forced as cisco-asa', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.boolean(), (s, crlf) => {
        const text = crlf ? s.replace(/\n/g, '\r\n') : s;
        checkInvariants(
          'random.cfg',
          text,
          importConfig({ name: 'random.cfg', text }, { vendor: 'cisco-asa' }),
        );
      }),
      { numRuns: 400 },
    );
  });

  it('survives sequences of ASA words forced as cisco-asa', () => {
    const line = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 12 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 30 }), (ls) => {
        const text = ls.join('\n');
        checkInvariants(
          'words.cfg',
          text,
          importConfig({ name: 'words.cfg', text }, { vendor: 'cisco-asa' }),
        );
      }),
      { numRuns: 400 },
    );
  });

  it('an undamaged file gives the same diagnostics and rules with CRLF line endings', () => {
    for (const { name, lines } of corpus) {
      const text = lines.join('\n');
      const a = importConfig({ name, text });
      const b = importConfig({ name, text: text.replace(/\n/g, '\r\n') });
      expect(b.diagnostics).toEqual(a.diagnostics);
      expect([...b.devices[0]!.lists.values()].flatMap((l) => l.rules.map((r) => r.source))).toEqual(
        [...a.devices[0]!.lists.values()].flatMap((l) => l.rules.map((r) => r.source)),
      );
    }
  });
});
