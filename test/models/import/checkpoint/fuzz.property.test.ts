/**
 * Fuzz tests over mutated corpus files and fixtures: whatever the damage (lines deleted,
 * duplicated, swapped, cut off, stray brackets, quotes and words, very long lines, CRLF), the
 * importer never throws, accounts for every Gaia line, and quotes every line it cites exactly.
 * Damaged JSON is `malformed-input` naming a line; it never yields a half-read rulebase.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importConfig, type ImportResult } from '../../../../models/import';
import { GAIA_MAX_LINE, GaiaLine, parseGaia, splitLines } from '../../../../models/import/checkpoint';
import { firstLines, lineAccounting } from '../shared/accounting';
import { build, damagedFiles, fuzzer } from '../shared/fuzz';
import { corpusNames, fixtureNames, readCorpus, readFixture } from './support';

const WORDS = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ',',
  ':',
  'null',
  'true',
  '"uid": "97aeb369-9aea-11d5-bd16-0090272ccb30"',
  '"type": "access-rule"',
  '"rulebase": [',
  '"source-negate": true',
  '"enabled": false',
  'set interface eth9 ipv4-address',
  'set static-route',
  'nexthop gateway address',
  'mask-length',
  '10.0.0.0/8',
  '2001:db8::/32',
  '99999',
  '\t',
  '\u00e9',
  '\ufffd',
];

const accounted = lineAccounting(GaiaLine.Diagnosed, firstLines);
const unaccounted = (
  name: string,
  text: string,
  lines: readonly string[],
  diagnostics: Parameters<typeof accounted>[2],
) => {
  if (/^\uFEFF?\s*[[{]/.test(text)) return []; // JSON: read as a whole, not line by line
  return accounted(lines, parseGaia(name, text).lineKinds, diagnostics);
};

const corpus = [
  ...corpusNames()
    .filter((n) => !n.includes('services-tcp') && !n.includes('service-groups'))
    .map((name) => ({ name, lines: splitLines(readCorpus(name)) })),
  ...fixtureNames().map((name) => ({ name, lines: splitLines(readFixture(name)) })),
];

const damage = {
  words: WORDS,
  maxLineLength: GAIA_MAX_LINE,
  longBeyond: 10_000,
  longLines: [
    (length: number) => `set interface eth0 ipv4-address ${'1'.repeat(length)}`,
    (length: number) => `"name": "${'x'.repeat(length)}",`,
  ] as const,
};

const fuzz = fuzzer({
  vendor: 'checkpoint',
  corpus,
  damage,
  invariants: { splitLines, unaccounted, positiveLines: true, natSources: true },
});

describe('importing damaged Check Point exports', () => {
  fuzz.itKeepsInvariantsWhenForced(200);

  fuzz.itQuotesLinesWhenDetected(100);

  fuzz.itSurvivesArbitraryText('random.json', 200);

  it('CRLF line endings change neither the diagnostics nor the cited rules', () => {
    const sources = (r: ImportResult): unknown[] =>
      r.devices.flatMap((d) => [...d.lists.values()].flatMap((l) => l.rules.map((x) => x.source)));
    for (const [a, b] of fuzz.lineEndings()) {
      expect(b.diagnostics).toEqual(a.diagnostics);
      expect(sources(b)).toEqual(sources(a));
    }
  });

  it('damaged JSON either imports cleanly or is malformed-input on a real line, never half-read', () => {
    const jsonOnly = corpus.filter((c) => c.name.endsWith('.json') && !c.name.includes('--invalid'));
    fc.assert(
      fc.property(damagedFiles(jsonOnly, damage), (d) => {
        const { name, text } = build(d, damage);
        const result = importConfig({ name, text }, { vendor: 'checkpoint' });
        const bad = result.diagnostics.find((x) => x.code === 'malformed-input');
        if (bad !== undefined) {
          expect(result.devices).toEqual([]);
          expect(bad.source.line).toBeGreaterThanOrEqual(1);
          expect(bad.source.line).toBeLessThanOrEqual(splitLines(text).length);
        }
      }),
      { numRuns: 150 },
    );
  });
});
