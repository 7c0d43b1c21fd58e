/**
 * Bad input: truncated or broken JSON is `malformed-input` naming the line, hostile nesting and
 * huge files neither throw nor hang, loops in groups are `circular-reference`, forced imports of
 * other text are a vendor mismatch, and bad object values are `invalid-value` on their lines.
 */
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../../models/import';
import { codesAndLines, flow, lineOf, load, readFixture, splitLines, verdict } from './support';

const forced = (name: string, text: string) => importConfig({ name, text }, { vendor: 'checkpoint' });

describe('malformed JSON', () => {
  it('a truncated rulebase is malformed-input on the line where the JSON breaks, and imports nothing', () => {
    const T = 'truncated--invalid.show-access-rulebase.json';
    const result = load(T);
    expect(result.vendor).toBe('checkpoint');
    expect(result.devices).toEqual([]);
    const lines = splitLines(readFixture(T));
    expect(codesAndLines(result.diagnostics)).toEqual([['malformed-input', lines.length]]);
    expect(result.diagnostics[0]!.severity).toBe('error');
  });

  it('a corpus rulebase cut anywhere names the line of the cut', () => {
    const text = readFixture('refs.show-access-rulebase.json');
    for (const cut of [0.2, 0.5, 0.9]) {
      const part = text.slice(0, Math.floor(text.length * cut));
      const result = forced('cut.json', part);
      const d = result.diagnostics.find((x) => x.code === 'malformed-input')!;
      expect(d.source.line).toBe(splitLines(part).length);
      expect(d.source.text).toBe(splitLines(part)[d.source.line - 1]);
    }
  });

  it('a stray character in the middle names its line', () => {
    const lines = splitLines(readFixture('refs.show-access-rulebase.json'));
    lines[20] = `${lines[20]} @`;
    const result = forced('stray.json', lines.join('\n'));
    expect(codesAndLines(result.diagnostics.filter((d) => d.code === 'malformed-input'))).toEqual([
      ['malformed-input', 21],
    ]);
  });

  it('nesting 100,000 levels deep is malformed-input, not a stack overflow', () => {
    const result = forced('deep.json', `{"rulebase": ${'['.repeat(100_000)}`);
    expect(result.diagnostics.map((d) => d.code)).toContain('malformed-input');
    expect(result.devices).toEqual([]);
  });

  it('JSON that is not a Check Point export is a vendor mismatch', () => {
    const result = forced('other.json', '{"nftables": []}\n');
    expect(result.devices).toEqual([]);
    expect(result.diagnostics.some((d) => d.code === 'vendor-mismatch' && d.severity === 'error')).toBe(true);
  });

  it('text that is neither JSON nor Gaia is a vendor mismatch', () => {
    const result = forced('other.txt', 'hello\nworld\n');
    expect(result.devices).toEqual([]);
    expect(result.diagnostics.some((d) => d.code === 'vendor-mismatch' && d.severity === 'error')).toBe(true);
  });
});

describe('objects', () => {
  it('a group that contains itself is a circular-reference on the group, and the rule is uncertain', () => {
    const L = 'loop--warnings.show-access-rulebase.json';
    const result = load(L);
    const loop = result.diagnostics.find((d) => d.code === 'circular-reference')!;
    expect(loop.source.line).toBe(lineOf(L, '"name": "loop-a"') - 2);
    const dev = result.devices[0]!;
    // the drop rule is uncertain, so it is assumed not to match: the permit below decides
    const v = verdict(dev, flow('tcp', '10.1.0.66', '10.0.0.1', 1, 2));
    expect(v.action).toBe('permit');
    expect(v.uncertain.join(' ')).toContain('loop-a');
  });

  it('a bad address, a bad port and an unknown object type are reported on the object', () => {
    const doc = {
      uid: 'c0ffee00-0000-4000-8000-0000000000b0',
      name: 'Network',
      rulebase: [
        {
          uid: 'c0ffee00-0000-4000-8000-0000000000b1',
          type: 'access-rule',
          'rule-number': 1,
          source: ['c0ffee00-0000-4000-8000-0000000000c1', 'c0ffee00-0000-4000-8000-0000000000c3'],
          destination: ['c0ffee00-0000-4000-8000-0000000000c0'],
          service: ['c0ffee00-0000-4000-8000-0000000000c2'],
          action: 'c0ffee00-0000-4000-8000-0000000000d0',
          enabled: true,
        },
      ],
      'objects-dictionary': [
        { uid: 'c0ffee00-0000-4000-8000-0000000000c0', name: 'Any', type: 'CpmiAnyObject' },
        {
          uid: 'c0ffee00-0000-4000-8000-0000000000c1',
          name: 'bad',
          type: 'host',
          'ipv4-address': '10.0.0.300',
        },
        { uid: 'c0ffee00-0000-4000-8000-0000000000c2', name: 'bad-port', type: 'service-tcp', port: '80,81' },
        { uid: 'c0ffee00-0000-4000-8000-0000000000c3', name: 'corp.example', type: 'dns-domain' },
        { uid: 'c0ffee00-0000-4000-8000-0000000000d0', name: 'Drop', type: 'RulebaseAction' },
      ],
    };
    const text = JSON.stringify(doc, null, 2);
    const result = forced('bad.show-access-rulebase.json', text);
    const lines = splitLines(text);
    const lineOfText = (needle: string): number => lines.findIndex((l) => l.includes(needle)) + 1;
    expect(codesAndLines(result.diagnostics.filter((d) => d.code === 'invalid-value'))).toEqual([
      ['invalid-value', lineOfText('"name": "bad"') - 2],
      ['invalid-value', lineOfText('"name": "bad-port"') - 2],
    ]);
    const rule = result.devices[0]!.lists.get('Network')!.rules[0]!;
    expect(rule.match.uncertain).toBeDefined();
  });
});

describe('huge inputs', () => {
  it('a rulebase of 5,000 rules and 5,000 hosts imports in well under the time limit', () => {
    const host = (i: number) => `c0ffee00-0000-4000-8001-${i.toString(16).padStart(12, '0')}`;
    const ruleUid = (i: number) => `c0ffee00-0000-4000-8002-${i.toString(16).padStart(12, '0')}`;
    const ANY = 'c0ffee00-0000-4000-8000-0000000000c0';
    const ACCEPT = 'c0ffee00-0000-4000-8000-0000000000d1';
    const rules = Array.from({ length: 5000 }, (_, i) => ({
      uid: ruleUid(i),
      type: 'access-rule',
      'rule-number': i + 1,
      source: [host(i)],
      destination: [ANY],
      service: [ANY],
      action: ACCEPT,
      enabled: true,
    }));
    const objects = [
      { uid: ANY, name: 'Any', type: 'CpmiAnyObject' },
      { uid: ACCEPT, name: 'Accept', type: 'RulebaseAction' },
      ...Array.from({ length: 5000 }, (_, i) => ({
        uid: host(i),
        name: `h${i}`,
        type: 'host',
        'ipv4-address': `10.${(i >> 8) & 255}.${i & 255}.1`,
      })),
    ];
    const text = JSON.stringify(
      { uid: ruleUid(99999), name: 'Network', rulebase: rules, 'objects-dictionary': objects },
      null,
      2,
    );
    const start = Date.now();
    const result = importConfig({ name: 'big.show-access-rulebase.json', text });
    expect(Date.now() - start).toBeLessThan(10_000);
    expect(result.devices[0]!.lists.get('Network')!.rules).toHaveLength(5000);
    expect(verdict(result.devices[0]!, flow('tcp', '10.19.135.1', '8.8.8.8', 1, 2)).ruleId).toBe(
      'Network#5000',
    );
  });
});
