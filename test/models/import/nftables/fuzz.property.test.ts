/**
 * Fuzz tests over mutated corpus files (text and JSON): whatever the damage (lines deleted,
 * duplicated, swapped, cut off, stray braces, quotes, semicolons, very long lines, CRLF), the
 * importer never throws, accounts for every line, and quotes every line it cites exactly.
 */
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../../models/import';
import { MAX_LINE_LENGTH } from '../../../../models/import/nftables';
import { fuzzer } from '../shared/fuzz';
import { corpusNames, readCorpus, splitLines, unaccountedLines } from './support';

const WORDS = [
  '{',
  '}',
  ';',
  ',',
  ':',
  '.',
  '"',
  '(',
  ')',
  '|',
  '&',
  '!=',
  '==',
  '<',
  '@',
  '$',
  '#',
  '\\',
  'table',
  'inet',
  'ip',
  'ip6',
  'chain',
  'set',
  'map',
  'vmap',
  'type',
  'filter',
  'nat',
  'hook',
  'input',
  'forward',
  'priority',
  'policy',
  'accept',
  'drop',
  'reject',
  'jump',
  'goto',
  'return',
  'ct',
  'state',
  'new',
  'tcp',
  'dport',
  'saddr',
  'iifname',
  'meta',
  'l4proto',
  'define',
  'elements',
  '=',
  'flags',
  'interval',
  '10.0.0.0/8',
  '2001:db8::/32',
  '1-2',
  '99999',
  '"nftables":',
  '[',
  ']',
  '\t',
  ' ',
  '\u00e9',
  '\ufffd',
];

const fuzz = fuzzer({
  vendor: 'nftables',
  corpus: corpusNames().map((name) => ({ name, lines: splitLines(readCorpus(name)) })),
  damage: {
    words: WORDS,
    maxLineLength: MAX_LINE_LENGTH,
    longBeyond: 10_000,
    longLines: [
      (length) => `\t\tip saddr { ${'10.0.0.1, '.repeat(Math.ceil(length / 10))} } accept`.slice(0, length),
      (length) => `${'{'.repeat(length)}`,
      (length) => `# ${'x'.repeat(length)}`,
    ],
  },
  invariants: {
    splitLines,
    unaccounted: (name, text, _lines, diagnostics) => unaccountedLines(name, text, diagnostics),
    positiveLines: true,
    natSources: true,
  },
});

describe('importing damaged nftables rulesets', () => {
  fuzz.itKeepsInvariantsWhenForced(200);

  fuzz.itQuotesLinesWhenDetected(100);

  fuzz.itSurvivesArbitraryText('random.nft', 300);

  fuzz.itIgnoresCrlf('CRLF line endings change neither the diagnostics nor the rules');

  it('deep nesting and self-referencing defines neither hang nor overflow', () => {
    const deep = `table inet t {\n chain c {\n type filter hook input priority 0;\n ip saddr ${'{'.repeat(20000)} accept\n }\n}\n`;
    const loop = 'define a = $b\ndefine b = $a\ntable inet t {\n chain c {\n ip saddr $a accept\n }\n}\n';
    const json = `{"nftables": [${'['.repeat(20000)}`;
    for (const [name, text] of [
      ['deep.nft', deep],
      ['loop.nft', loop],
      ['deep.json', json],
    ] as const) {
      const t0 = Date.now();
      const r = importConfig({ name, text }, { vendor: 'nftables' });
      expect(Date.now() - t0).toBeLessThan(5000);
      fuzz.check(name, text, r);
    }
  });

  it('a huge ruleset imports in reasonable time', () => {
    const rules = Array.from(
      { length: 20000 },
      (_, i) => `\t\tip saddr 10.${(i >> 8) & 255}.${i & 255}.0/24 tcp dport ${1 + (i % 60000)} accept`,
    );
    const text = `table inet big {\n\tchain input {\n\t\ttype filter hook input priority 0; policy drop;\n${rules.join('\n')}\n\t}\n}\n`;
    const t0 = Date.now();
    const r = importConfig({ name: 'big.nft', text });
    expect(Date.now() - t0).toBeLessThan(20000);
    expect(r.devices[0]!.lists.get('inet/big/input')!.rules).toHaveLength(20000);
  });
});
