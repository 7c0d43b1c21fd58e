/**
 * Fuzz tests over mutated corpus files (XML, set, brace and dataplane forms) and the fixtures:
 * whatever the damage (lines deleted, duplicated, swapped, cut off, stray tags, braces, quotes,
 * brackets, very long lines, CRLF), the importer never throws, never hangs, and quotes every
 * line it cites exactly. (Line accounting: the set and brace readers turn every non-blank line
 * into a node or a diagnostic, and the XML reader reads the whole document or reports where it
 * stopped, so no line is left unaccounted by construction.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_LINE_LENGTH, importPanos, splitLines } from '../../../../models/import/panos';
import { fuzzer } from '../shared/fuzz';
import { corpusNames, fixtureNames, readCorpus, readFixture } from './support';

const WORDS = [
  '<',
  '>',
  '</entry>',
  '<entry name="x">',
  '<member>',
  '</member>',
  '<![CDATA[',
  ']]>',
  '&amp;',
  '&bogus;',
  '{',
  '}',
  ';',
  '[',
  ']',
  '"',
  "'",
  '#',
  'set',
  'delete',
  'rulebase',
  'security',
  'rules',
  'from',
  'to',
  'source',
  'destination',
  'negate-source',
  'yes',
  'application-default',
  'service',
  'action',
  'allow',
  'deny',
  'any',
  'address-group',
  'static',
  'dynamic',
  'ip-wildcard',
  '10.0.0.0/0.0.255.255',
  '10.0.0.0/8',
  '2001:db8::/32',
  '1-2',
  '99999',
  '\t',
  ' ',
  '\u00e9',
  '\ufffd',
];

const files = [
  ...corpusNames().map((name) => ({ name, lines: splitLines(readCorpus(name)).slice(0, 1500) })),
  ...fixtureNames().map((name) => ({ name, lines: splitLines(readFixture(name)) })),
];

const fuzz = fuzzer({
  vendor: 'panos',
  corpus: files,
  damage: {
    words: WORDS,
    maxLineLength: MAX_LINE_LENGTH,
    longBeyond: 10_000,
    longLines: [
      (length) => `set address x ip-netmask ${'1'.repeat(length)}`,
      (length) => `<entry name="${'x'.repeat(length)}"/>`,
    ],
  },
  invariants: {
    splitLines,
    positiveLines: true,
    natSources: true,
  },
});

describe('importing damaged PAN-OS exports', () => {
  fuzz.itKeepsInvariantsWhenForced(200);

  fuzz.itQuotesLinesWhenDetected(100);

  fuzz.itSurvivesArbitraryText('random.xml', 200);

  fuzz.itIgnoresCrlf('CRLF line endings change neither the diagnostics nor the rules’ sources');

  it('huge inputs do not hang: 20,000 address objects in a group, and a 10,000-member set list', () => {
    const objects = Array.from(
      { length: 20_000 },
      (_, i) => `set address a${i} ip-netmask 10.${(i >> 8) & 255}.${i & 255}.0/24`,
    );
    const members = Array.from({ length: 10_000 }, (_, i) => `a${i}`).join(' ');
    const text = [
      'set zone in network layer3 ethernet1/1',
      'set zone out network layer3 ethernet1/2',
      ...objects,
      `set address-group big static [ ${members} ]`,
      'set rulebase security rules r from in to out source big destination any application any service any action allow',
    ].join('\n');
    const t0 = performance.now();
    const r = importPanos('huge.set', text);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.devices).toHaveLength(1);
  });

  it('nested groups a thousand deep and a cycle among them neither overflow nor hang', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 1000 }), (depth) => {
        const lines = Array.from(
          { length: depth },
          (_, i) => `set address-group g${i} static g${(i + 1) % depth}`,
        );
        lines.push(
          'set rulebase security rules r from any to any source g0 destination any application any service any action allow',
        );
        const r = importPanos('nest.set', lines.join('\n'));
        // A short loop is cut where it closes; a long one where nesting exceeds the limit.
        const codes = r.diagnostics.map((d) => d.code);
        expect(codes).toContain(depth <= 32 ? 'circular-reference' : 'unsupported-construct');
      }),
      { numRuns: 20 },
    );
  });
});
