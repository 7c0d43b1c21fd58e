/**
 * Fuzz tests over mutated corpus files: whatever the damage (lines deleted, duplicated,
 * swapped, cut off, random bytes and words, quotes and `!`, very long lines, CRLF), the
 * importer never throws, accounts for every line, and quotes every line it cites exactly.
 */
import { describe } from 'vitest';
import { MAX_LINE_LENGTH, parseIptables, splitLines } from '../../../../models/import/iptables';
import { fuzzer } from '../shared/fuzz';
import { corpusNames, readCorpus, unaccountedLines } from './support';

const WORDS = [
  '!',
  '"',
  "'",
  '\\',
  '-A',
  '-I',
  '-N',
  '-P',
  '-j',
  '-g',
  '-m',
  '-s',
  '-p',
  '--dport',
  '--sport',
  '--comment',
  '*filter',
  '*nat',
  'COMMIT',
  ':X -',
  ':INPUT',
  '[1:2]',
  '0',
  '99',
  'ACCEPT',
  'DROP',
  'RETURN',
  '#',
  '\t',
  ' ',
  'tcp',
  '10.0.0.0/8',
  '2001:db8::/32',
  '1:',
  ':1',
  'a:b',
  '3/4',
  '-',
  '--',
  '\u00e9',
  '\ufffd',
];

const fuzz = fuzzer({
  vendor: 'iptables',
  corpus: corpusNames().map((name) => ({ name, lines: splitLines(readCorpus(name)) })),
  damage: {
    words: WORDS,
    maxLineLength: MAX_LINE_LENGTH,
    longLines: [
      (length) => `-A FORWARD -m comment --comment "${'x'.repeat(length)}" -j ACCEPT`,
      (length) => '#'.repeat(length),
    ],
  },
  invariants: {
    splitLines,
    unaccounted: (name, text, lines, diagnostics) =>
      unaccountedLines(lines, parseIptables(name, text, lines).lineKinds, diagnostics),
    positiveLines: true,
    natSources: false,
  },
});

describe('importing damaged iptables-save files', () => {
  fuzz.itKeepsInvariantsWhenForced(400);

  fuzz.itQuotesLinesWhenDetected(300);

  fuzz.itSurvivesArbitraryText('random.iptables-save', 400);

  fuzz.itIgnoresCrlf('an undamaged file is a fixed point: the same lines as rules, diagnostics and devices');
});
