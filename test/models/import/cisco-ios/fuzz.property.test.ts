/**
 * Fuzz tests over mutated IOS / NX-OS corpus files: whatever the damage (lines deleted, duplicated,
 * swapped, cut off, random bytes and words, quotes and `!`, very long lines, CRLF), the
 * importer never throws, accounts for every line, and quotes every line it cites exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importConfig, type ImportResult } from '../../../../models/import';
import { MAX_LINE_LENGTH, parseCiscoIos, splitLines } from '../../../../models/import/cisco-ios';
import { corpusNames, misquotedDiagnostics, readCorpus, unaccountedLines } from './support';

const corpus = corpusNames().map((name) => ({ name, lines: splitLines(readCorpus(name)) }));

const WORDS = [
  '!',
  '"',
  '^C',
  '#',
  '\t',
  ' ',
  'permit',
  'deny',
  'remark',
  'any',
  'host',
  'eq',
  'range',
  'lt',
  'gt',
  'neq',
  'www',
  'established',
  'log',
  'object-group',
  'group-object',
  'addrgroup',
  'portgroup',
  'ip access-list extended X',
  'ip access-list Y',
  'access-list 10',
  'access-list 150',
  'interface Gi0/0',
  ' ip access-group X in',
  ' zone-member security Z',
  'zone security Z',
  'zone-pair security P source Z destination self',
  ' service-policy type inspect PM',
  'policy-map type inspect PM',
  'class-map type inspect match-all C',
  ' class type inspect C',
  '  inspect',
  ' match access-group name X',
  'banner motd ^C',
  'crypto pki certificate chain T',
  '10.0.0.0 0.0.0.255',
  '10.0.0.0/8',
  '2001:db8::/32',
  '0.0.0.254',
  '99',
  '-',
  '\u00e9',
  '\ufffd',
];

type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'swap'; at: number; with: number }
  | { kind: 'insert'; at: number; pos: number; text: string }
  | { kind: 'newline'; at: number; text: string }
  | { kind: 'long'; at: number; length: number; rule: boolean };

const position = fc.nat({ max: 1_000_000 });
const junk = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 }).map((w) => w.join(' ')),
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
    rule: fc.boolean(),
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
        out.splice(i, 0, m.rule ? ` remark ${'x'.repeat(m.length)}` : '!'.repeat(m.length));
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

/** The invariants every import must keep, whatever its input. */
function checkInvariants(name: string, text: string, result: ImportResult): void {
  const lines = splitLines(text);
  const quoted = result.diagnostics.filter((d) => d.code !== 'binary-input');
  expect(misquotedDiagnostics(name, lines, quoted)).toEqual([]);
  for (const d of result.diagnostics) expect(d.source.line).toBeGreaterThanOrEqual(1);
  const early = result.diagnostics.some((d) => d.stage === 'detect' && d.severity === 'error');
  if (!early) {
    const parsed = parseCiscoIos(name, text, lines);
    expect(unaccountedLines(lines, parsed.lineKinds, result.diagnostics)).toEqual([]);
  }
  for (const dev of result.devices) {
    for (const list of dev.lists.values()) {
      for (const rule of list.rules) expect(rule.source.text).toBe(lines[rule.source.line - 1]);
    }
  }
}

describe('importing damaged IOS / NX-OS files', () => {
  it('never throws, accounts for every line and quotes every cited line exactly (forced vendor)', () => {
    fc.assert(
      fc.property(damaged, (d) => {
        const { name, text } = build(d);
        checkInvariants(name, text, importConfig({ name, text }, { vendor: 'cisco-ios' }));
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

  it('survives arbitrary text forced as cisco-ios', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.boolean(), (s, crlf) => {
        const text = crlf ? s.replace(/\n/g, '\r\n') : s;
        checkInvariants(
          'random.cfg',
          text,
          importConfig({ name: 'random.cfg', text }, { vendor: 'cisco-ios' }),
        );
      }),
      { numRuns: 400 },
    );
  });

  it('an undamaged file is a fixed point: the same lines as rules, diagnostics and devices', () => {
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

describe('pathological inputs', () => {
  it('a 1,000-deep object-group chain and a 1,000-group loop resolve without a hang or a stack overflow', () => {
    const depth = 1000;
    const chain: string[] = [];
    for (let k = 0; k < depth; k++)
      chain.push(`object-group network G${k}`, k + 1 < depth ? ` group-object G${k + 1}` : ' host 10.9.9.9');
    chain.push('object-group network L0', ' group-object L999');
    for (let k = 1; k < depth; k++) chain.push(`object-group network L${k}`, ` group-object L${k - 1}`);
    chain.push(
      'ip access-list extended DEEP',
      ' permit ip any object-group G0',
      ' permit ip any object-group L0',
    );
    const text = chain.join('\n');
    const started = Date.now();
    const result = importConfig({ name: 'deep.cfg', text });
    expect(Date.now() - started).toBeLessThan(5000);
    checkInvariants('deep.cfg', text, result);
    expect(result.diagnostics.filter((d) => d.code === 'invalid-value')).toHaveLength(1);
    expect(result.devices[0]!.lists.get('DEEP')!.rules[0]!.match.dst.v4).toEqual([0x0a090909, 0x0a09090a]);
  });
});
