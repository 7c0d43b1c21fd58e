/**
 * Fuzz tests over mutated corpus files (and the curly and set fixtures): whatever the damage
 * (lines deleted, duplicated, swapped, cut off, stray braces, quotes, brackets, comments, very
 * long lines, CRLF), the importer never throws, accounts for every line, and quotes every line
 * it cites exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importConfig, type ImportResult } from '../../../../models/import';
import { MAX_LINE_LENGTH, splitLines } from '../../../../models/import/junos';
import { corpusNames, misquoted, readCorpus, unaccountedLines } from './support';

/** The big generated file is sampled by its head, to keep each run fast. */
const corpus = corpusNames().map((name) => ({ name, lines: splitLines(readCorpus(name)).slice(0, 1200) }));

const WORDS = [
  '{',
  '}',
  ';',
  '[',
  ']',
  '"',
  '/*',
  '*/',
  '#',
  'inactive:',
  'replace:',
  'set',
  'deactivate',
  'insert',
  'before',
  'after',
  'policy',
  'term',
  'from',
  'then',
  'except',
  'accept',
  'permit',
  'deny',
  'security',
  'policies',
  'from-zone',
  'to-zone',
  'global',
  'address',
  'address-set',
  'application',
  'junos-ssh',
  'any',
  '10.0.0.0/8',
  '2001:db8::/32',
  '1-2',
  '99999',
  '\t',
  ' ',
  '\u00e9',
  '\ufffd',
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
    length: fc.integer({ min: MAX_LINE_LENGTH - 10, max: MAX_LINE_LENGTH + 10_000 }),
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
        out.splice(i, 0, `set security address-book global address x ${'x'.repeat(m.length)}`);
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

function build(d: { file: (typeof corpus)[number]; mutations: Mutation[]; cut?: number; crlf: boolean }): {
  name: string;
  text: string;
} {
  let text = mutate(d.file.lines, d.mutations).join('\n');
  if (d.cut !== undefined) text = text.slice(0, Math.floor(text.length * d.cut));
  if (d.crlf) text = text.replace(/\n/g, '\r\n');
  return { name: d.file.name, text };
}

function checkInvariants(name: string, text: string, result: ImportResult): void {
  const lines = splitLines(text);
  expect(
    misquoted(
      name,
      lines,
      result.diagnostics.filter((d) => d.code !== 'binary-input'),
    ),
  ).toEqual([]);
  const early = result.diagnostics.some((d) => d.stage === 'detect' && d.severity === 'error');
  if (!early) expect(unaccountedLines(name, text, result.diagnostics)).toEqual([]);
  for (const dev of result.devices) {
    for (const list of dev.lists.values())
      for (const rule of list.rules) expect(rule.source.text).toBe(lines[rule.source.line - 1]);
    for (const n of dev.nat) expect(n.source.text).toBe(lines[n.source.line - 1]);
  }
}

describe('importing damaged Junos configurations', () => {
  it('never throws, accounts for every line and quotes every cited line exactly (forced vendor)', () => {
    fc.assert(
      fc.property(damaged, (d) => {
        const { name, text } = build(d);
        checkInvariants(name, text, importConfig({ name, text }, { vendor: 'junos' }));
      }),
      { numRuns: 250 },
    );
  });

  it('survives arbitrary text forced as junos', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.boolean(), (s, crlf) => {
        const text = crlf ? s.replace(/\n/g, '\r\n') : s;
        checkInvariants(
          'random.conf',
          text,
          importConfig({ name: 'random.conf', text }, { vendor: 'junos' }),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('CRLF line endings change nothing', () => {
    for (const { name, lines } of corpus) {
      const text = lines.join('\n');
      const a = importConfig({ name, text });
      const b = importConfig({ name, text: text.replace(/\n/g, '\r\n') });
      expect(b.diagnostics).toEqual(a.diagnostics);
      expect(b.devices[0]!.bindings).toEqual(a.devices[0]!.bindings);
    }
  });
});
