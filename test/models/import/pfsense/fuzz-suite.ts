/**
 * The fuzz properties both flavours keep over mutated corpus files: whatever the damage (lines
 * deleted, duplicated, swapped, cut off, stray tags and entities, very long lines, CRLF), the
 * importer never throws, and quotes every line it cites exactly. Every line of an XML file is
 * read by the XML parser, so line accounting is the parser's (nothing to add here).
 */
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../../models/import';
import { fuzzer } from '../shared/fuzz';
import { splitLines, vendorSupport } from './support';

const WORDS = [
  '<',
  '>',
  '/>',
  '</rule>',
  '<rule>',
  '<filter>',
  '</filter>',
  '<not/>',
  '<any/>',
  '<quick>yes</quick>',
  '<floating>yes</floating>',
  '<disabled/>',
  '<type>block</type>',
  '<interface>lan</interface>',
  '<address>',
  '</address>',
  '<network>(self)</network>',
  '<port>1-2</port>',
  '<![CDATA[',
  ']]>',
  '&amp;',
  '&bogus;',
  '"',
  '10.0.0.0/8',
  '2001:db8::/32',
  '99999',
  '\t',
  ' ',
  '\u00e9',
  '\ufffd',
];

export function describeFuzz(vendor: 'pfsense' | 'opnsense', runs: number): void {
  const S = vendorSupport(vendor);
  const fuzz = fuzzer({
    vendor,
    corpus: S.corpusNames().map((name) => ({ name, lines: splitLines(S.readCorpus(name)).slice(0, 1500) })),
    damage: {
      words: WORDS,
      maxLineLength: 10_000,
      longBeyond: 20_000,
      longLines: [
        (length) => `<descr>${'x'.repeat(length)}</descr>`,
        (length) => `<address>${'10.1.1.1 '.repeat(Math.ceil(length / 9))}</address>`,
      ],
    },
    invariants: {
      splitLines,
      positiveLines: true,
      natSources: true,
    },
  });

  describe(`importing damaged ${vendor} configurations`, () => {
    fuzz.itKeepsInvariantsWhenForced(runs);
    fuzz.itQuotesLinesWhenDetected(Math.ceil(runs / 2));
    fuzz.itSurvivesArbitraryText('random.xml', runs);
    fuzz.itIgnoresCrlf('CRLF line endings change neither the diagnostics nor the cited lines');

    it('a huge config (thousands of rules and aliases) imports quickly', () => {
      const rules = Array.from(
        { length: 4000 },
        (_, i) =>
          `<rule><type>pass</type><interface>lan</interface><protocol>tcp</protocol><source><address>A${i % 50}</address></source><destination><any/><port>${1 + (i % 60000)}</port></destination></rule>`,
      );
      const aliases = Array.from(
        { length: 50 },
        (_, i) =>
          `<alias><name>A${i}</name><type>network</type><address>10.${i}.0.0/16 A${(i + 1) % 50}</address></alias>`,
      );
      const text = `<?xml version="1.0"?>\n<${vendor}>\n<interfaces><lan><if>em0</if><ipaddr>10.0.0.1</ipaddr><subnet>24</subnet></lan></interfaces>\n<aliases>\n${aliases.join('\n')}\n</aliases>\n<filter>\n${rules.join('\n')}\n</filter>\n</${vendor}>\n`;
      const start = Date.now();
      const result = importConfig({ name: 'huge.xml', text });
      expect(Date.now() - start).toBeLessThan(20_000);
      expect(result.devices).toHaveLength(1);
      expect(result.diagnostics.some((d) => d.code === 'circular-reference')).toBe(true);
    });
  });
}
