/**
 * Fuzz tests over mutated IOS / NX-OS corpus files: whatever the damage (lines deleted, duplicated,
 * swapped, cut off, random bytes and words, quotes and `!`, very long lines, CRLF), the
 * importer never throws, accounts for every line, and quotes every line it cites exactly.
 */
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../../models/import';
import { MAX_LINE_LENGTH, parseCiscoIos, splitLines } from '../../../../models/import/cisco-ios';
import { fuzzer } from '../shared/fuzz';
import { corpusNames, readCorpus, unaccountedLines } from './support';

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

const fuzz = fuzzer({
  vendor: 'cisco-ios',
  corpus: corpusNames().map((name) => ({ name, lines: splitLines(readCorpus(name)) })),
  damage: {
    words: WORDS,
    maxLineLength: MAX_LINE_LENGTH,
    longLines: [(length) => ` remark ${'x'.repeat(length)}`, (length) => '!'.repeat(length)],
  },
  invariants: {
    splitLines,
    unaccounted: (name, text, lines, diagnostics) =>
      unaccountedLines(lines, parseCiscoIos(name, text, lines).lineKinds, diagnostics),
    positiveLines: true,
    natSources: false,
  },
});

describe('importing damaged IOS / NX-OS files', () => {
  fuzz.itKeepsInvariantsWhenForced(400);

  fuzz.itQuotesLinesWhenDetected(300);

  fuzz.itSurvivesArbitraryText('random.cfg', 400);

  fuzz.itIgnoresCrlf('an undamaged file is a fixed point: the same lines as rules, diagnostics and devices');
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
    fuzz.check('deep.cfg', text, result);
    expect(result.diagnostics.filter((d) => d.code === 'invalid-value')).toHaveLength(1);
    expect(result.devices[0]!.lists.get('DEEP')!.rules[0]!.match.dst.v4).toEqual([0x0a090909, 0x0a09090a]);
  });
});
