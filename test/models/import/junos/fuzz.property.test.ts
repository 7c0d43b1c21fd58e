/**
 * Fuzz tests over mutated corpus files (and the curly and set fixtures): whatever the damage
 * (lines deleted, duplicated, swapped, cut off, stray braces, quotes, brackets, comments, very
 * long lines, CRLF), the importer never throws, accounts for every line, and quotes every line
 * it cites exactly.
 */
import { describe, expect, it } from 'vitest';
import { MAX_LINE_LENGTH, splitLines } from '../../../../models/import/junos';
import { fuzzer } from '../shared/fuzz';
import { corpusNames, readCorpus, unaccountedLines } from './support';

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

const fuzz = fuzzer({
  vendor: 'junos',
  /** The big generated file is sampled by its head, to keep each run fast. */
  corpus: corpusNames().map((name) => ({ name, lines: splitLines(readCorpus(name)).slice(0, 1200) })),
  damage: {
    words: WORDS,
    maxLineLength: MAX_LINE_LENGTH,
    longBeyond: 10_000,
    longLines: [(length) => `set security address-book global address x ${'x'.repeat(length)}`],
  },
  invariants: {
    splitLines,
    unaccounted: (name, text, _lines, diagnostics) => unaccountedLines(name, text, diagnostics),
    positiveLines: false,
    natSources: true,
  },
});

describe('importing damaged Junos configurations', () => {
  fuzz.itKeepsInvariantsWhenForced(250);

  fuzz.itSurvivesArbitraryText('random.conf', 300);

  it('CRLF line endings change nothing', () => {
    for (const [a, b] of fuzz.lineEndings()) {
      expect(b.diagnostics).toEqual(a.diagnostics);
      expect(b.devices[0]!.bindings).toEqual(a.devices[0]!.bindings);
    }
  });
});
