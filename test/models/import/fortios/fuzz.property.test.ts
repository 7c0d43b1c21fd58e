/**
 * Fuzz tests over mutated corpus files: whatever the damage (lines deleted, duplicated, swapped,
 * cut off, stray quotes, `config` / `edit` / `next` / `end` out of place, very long lines,
 * CRLF), the importer never throws, accounts for every line, and quotes every line it cites
 * exactly. Huge inputs finish in bounded time.
 */
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../../models/import';
import { MAX_LINE_LENGTH, splitLines } from '../../../../models/import/fortios';
import { fuzzer } from '../shared/fuzz';
import { corpusNames, readCorpus, unaccountedLines } from './support';

const WORDS = [
  'config',
  'edit',
  'next',
  'end',
  'set',
  'unset',
  'append',
  'select',
  '"',
  '\\',
  '#',
  'config firewall policy',
  'config firewall address',
  'config system zone',
  'config vdom',
  'config global',
  'edit 1',
  'set srcintf any',
  'set dstintf "port1"',
  'set srcaddr all',
  'set service ALL',
  'set action accept',
  'set status disable',
  'set member "g"',
  'set intrazone allow',
  'set tcp-portrange 1-2:3-4',
  'set protocol IP',
  'set subnet 10.0.0.0 255.0.0.0',
  'set ip 10.0.0.1/8',
  '99999',
  '\t',
  ' ',
  '\u00e9',
  '\ufffd',
];

const fuzz = fuzzer({
  vendor: 'fortios',
  /** The full configurations are sampled by their head and policy part, to keep each run fast. */
  corpus: corpusNames().map((name) => {
    const lines = splitLines(readCorpus(name));
    const policy = lines.indexOf('config firewall policy');
    return {
      name,
      lines: lines.length < 2000 ? lines : [...lines.slice(0, 700), ...lines.slice(policy - 50, policy + 60)],
    };
  }),
  damage: {
    words: WORDS,
    maxLineLength: MAX_LINE_LENGTH,
    longBeyond: 10_000,
    longLines: [(length) => `    set comments "${'x'.repeat(length)}"`, (length) => `"${'y'.repeat(length)}`],
  },
  invariants: {
    splitLines,
    unaccounted: (name, text, _lines, diagnostics) => unaccountedLines(name, text, diagnostics),
    positiveLines: true,
    natSources: true,
  },
});

describe('importing damaged FortiOS configurations', () => {
  fuzz.itKeepsInvariantsWhenForced(200);

  fuzz.itQuotesLinesWhenDetected(100);

  fuzz.itSurvivesArbitraryText('random.conf', 300);

  fuzz.itIgnoresCrlf('CRLF line endings change neither the diagnostics nor the rules');

  it('a huge file (20,000 policies; 20,000 lines opening a quote) imports in bounded time', () => {
    const policies = ['config firewall policy'];
    for (let i = 1; i <= 20_000; i++)
      policies.push(
        `    edit ${i}`,
        '        set srcintf "any"',
        '        set dstintf "any"',
        `        set srcaddr "all"`,
        '        set dstaddr "all"',
        '        set service "ALL"',
        '    next',
      );
    policies.push('end');
    let t0 = performance.now();
    const r = importConfig({ name: 'big.conf', text: policies.join('\n') });
    expect(r.devices[0]!.lists.get('firewall policy')!.rules).toHaveLength(20_000);
    expect(performance.now() - t0).toBeLessThan(30_000);
    const quotes = Array.from(
      { length: 20_000 },
      (_, i) => `config system global\n set alias "a${i}\nend`,
    ).join('\n');
    t0 = performance.now();
    importConfig({ name: 'quotes.conf', text: quotes }, { vendor: 'fortios' });
    expect(performance.now() - t0).toBeLessThan(10_000);
  }, 60_000);

  it('deeply nested address groups and a long group cycle are cut, not overflowed', () => {
    const groups = ['config firewall addrgrp'];
    for (let i = 0; i < 5000; i++)
      groups.push(`    edit "g${i}"`, `        set member "g${(i + 1) % 5000}"`, '    next');
    groups.push(
      'end',
      'config firewall policy',
      '    edit 1',
      '        set srcintf any',
      '        set dstintf any',
      '        set srcaddr "g0"',
      '        set dstaddr all',
      '        set service ALL',
      '        set action accept',
      '    next',
      'end',
    );
    const r = importConfig({ name: 'deep.conf', text: groups.join('\n') }, { vendor: 'fortios' });
    expect(r.devices[0]!.lists.get('firewall policy')!.rules[0]!.match.uncertain).toBeDefined();
  });
});
