/**
 * Fuzz tests over mutated ASA corpus files: whatever the damage (lines deleted, duplicated,
 * swapped, cut off, random bytes and words, indentation, very long lines, CRLF), the importer
 * never throws, accounts for every line, and quotes every line it cites exactly.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { importConfig } from '../../../../models/import';
import { MAX_LINE_LENGTH, parseCiscoAsa, splitLines } from '../../../../models/import/cisco-asa';
import { fuzzer } from '../shared/fuzz';
import { corpusNames, readCorpus, unaccountedLines } from './support';

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

const fuzz = fuzzer({
  vendor: 'cisco-asa',
  corpus: corpusNames().map((name) => ({ name, lines: splitLines(readCorpus(name)) })),
  damage: {
    words: WORDS,
    maxWords: 8,
    maxLineLength: MAX_LINE_LENGTH,
    longLines: [(length) => `access-list L remark ${'x'.repeat(length)}`],
  },
  invariants: {
    splitLines,
    unaccounted: (name, text, lines, diagnostics) =>
      unaccountedLines(lines, parseCiscoAsa(name, text, lines).lineKinds, diagnostics),
    positiveLines: true,
    natSources: true,
  },
});

describe('importing damaged ASA files', () => {
  fuzz.itKeepsInvariantsWhenForced(400);

  fuzz.itQuotesLinesWhenDetected(300);

  fuzz.itSurvivesArbitraryText('random.cfg', 400);

  it('survives sequences of ASA words forced as cisco-asa', () => {
    const line = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 12 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 30 }), (ls) => {
        const text = ls.join('\n');
        fuzz.check('words.cfg', text, importConfig({ name: 'words.cfg', text }, { vendor: 'cisco-asa' }));
      }),
      { numRuns: 400 },
    );
  });

  fuzz.itIgnoresCrlf('an undamaged file gives the same diagnostics and rules with CRLF line endings');
});
