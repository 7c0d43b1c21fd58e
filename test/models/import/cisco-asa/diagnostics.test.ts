/**
 * Diagnostics by code and line, for the fixtures that provoke them, and the edge cases:
 * deep and looping object-group nesting, host names, time ranges, empty and foreign input.
 */
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../../models/import';
import { parseCiscoAsa, splitLines } from '../../../../models/import/cisco-asa';
import {
  codesAndLines,
  fixtureNames,
  flow,
  lineOf,
  listVerdict,
  load,
  parse,
  readFixture,
  unaccountedLines,
} from './support';

describe('diagnostics by code and line', () => {
  it('undefined objects, groups, interfaces and ACLs are errors on the referencing line; unused objects are info', () => {
    const f = 'undefined-references--invalid.cfg';
    expect(codesAndLines(load(f).diagnostics)).toEqual([
      ['undefined-reference', lineOf(f, 'network-object object MISSING_OBJ')],
      ['undefined-reference', lineOf(f, 'group-object MISSING_GROUP')],
      ['undefined-reference', lineOf(f, 'object NOPE')],
      ['undefined-reference', lineOf(f, 'interface nowhere')],
      ['undefined-reference', lineOf(f, 'access-group A in interface nowhere')],
      ['undefined-reference', lineOf(f, 'NOLIST')],
      ['unused-object', lineOf(f, 'object network UNUSED')],
    ]);
    expect(
      load(f)
        .diagnostics.filter((d) => d.code === 'undefined-reference')
        .every((d) => d.severity === 'error'),
    ).toBe(true);
  });

  it('garbage: unknown commands and sub-commands, bad entries; banners, crypto and passwords are ignored silently', () => {
    const f = 'garbage--recovery.cfg';
    const result = load(f);
    expect(codesAndLines(result.diagnostics)).toEqual([
      ['unrecognized-line', lineOf(f, 'frobnicate on')],
      ['unrecognized-line', lineOf(f, 'flux-capacitor')],
      ['unrecognized-line', lineOf(f, 'indented-orphan')],
      ['unrecognized-line', lineOf(f, 'object-group network')],
      ['invalid-value', lineOf(f, ' subnet 10.0.0.0')],
      ['unrecognized-line', lineOf(f, 'nosuchport')],
      ['unrecognized-line', lineOf(f, 'any any frobnicate')],
      ['unrecognized-line', lineOf(f, 'allow ip')],
      ['unused-object', lineOf(f, 'object network X')],
    ]);
    // the tab-separated entry is a rule; CRLF is stripped from every cited text
    const rules = result.devices[0]!.lists.get('B')!.rules;
    expect(rules.map((r) => r.source.line)).toEqual([lineOf(f, 'B\textended')]);
    expect(rules[0]!.source.text.endsWith('\r')).toBe(false);
  });

  it('inactive entries are listed as info on their line', () => {
    const f = 'inactive-remarks-standard.cfg';
    expect(codesAndLines(load(f).diagnostics)).toEqual([['disabled-rule', lineOf(f, 'eq ssh inactive')]]);
  });

  it('each NAT line says it is recorded, not applied', () => {
    const f = 'nat.cfg';
    expect(codesAndLines(load(f).diagnostics)).toEqual([
      ['lossy-conversion', lineOf(f, 'static 198.51.100.10')],
      ['lossy-conversion', lineOf(f, 'dynamic interface')],
      ['lossy-conversion', lineOf(f, 'destination static')],
    ]);
  });

  it('every fixture line is accounted for', () => {
    for (const f of fixtureNames()) {
      const lines = splitLines(readFixture(f));
      expect(unaccountedLines(lines, parse(f).lineKinds, load(f).diagnostics)).toEqual([]);
    }
  });
});

describe('object-group nesting guards', () => {
  const chain = (depth: number, loop: boolean): string => {
    const out = ['hostname deep'];
    for (let k = 0; k < depth; k++) {
      out.push(
        `object-group network G${k}`,
        k + 1 < depth
          ? ` group-object G${k + 1}`
          : loop
            ? ' group-object G0'
            : ' network-object host 10.0.0.1',
      );
    }
    out.push('access-list A extended permit ip any object-group G0');
    return out.join('\n');
  };

  it('a 1,000-deep chain of group-object neither hangs nor overflows: a diagnostic where it stops', () => {
    const text = chain(1000, false);
    const t0 = Date.now();
    const result = importConfig({ name: 'deep.cfg', text }, { vendor: 'cisco-asa' });
    expect(Date.now() - t0).toBeLessThan(5000);
    const deep = result.diagnostics.filter((d) => d.code === 'invalid-value');
    expect(deep).toHaveLength(1);
    expect(deep[0]!.severity).toBe('warning');
    expect(deep[0]!.source.line).toBe(2 * 65 + 1);
    expect(deep[0]!.message).toMatch(/deeper than 64/);
    const rule = result.devices[0]!.lists.get('A')!.rules[0]!;
    expect(rule.match.uncertain).toMatch(/deeper than 64/);
    // the host at the bottom is out of reach, so the permit is assumed (uncertain)
    const v = listVerdict(result.devices[0]!, 'A', flow('tcp', '1.1.1.1', '10.0.0.1', 1, 2));
    expect(v.action).toBe('permit');
  });

  it('a loop of group-object is followed once, without a hang', () => {
    const result = importConfig({ name: 'loop.cfg', text: chain(5, true) }, { vendor: 'cisco-asa' });
    expect(result.devices).toHaveLength(1);
    expect(result.devices[0]!.lists.get('A')!.rules[0]!.match.dst.v4).toEqual([]);
  });
});

describe('host names, time ranges and foreign input', () => {
  it('an fqdn object makes the entry uncertain: a permit is assumed to match, a deny not', () => {
    const text = [
      'hostname f',
      'object network WEB',
      ' fqdn www.example.com',
      'access-list A extended deny ip any object WEB',
      'access-list A extended permit tcp any object WEB eq 443',
    ].join('\n');
    const result = importConfig({ name: 'f.cfg', text });
    expect(codesAndLines(result.diagnostics)).toEqual([['hostname-address', 3]]);
    const v = listVerdict(result.devices[0]!, 'A', flow('tcp', '1.1.1.1', '93.184.216.34', 1, 443));
    expect([v.action, v.rule?.line]).toEqual(['permit', 5]);
    expect(v.uncertain.join(' ')).toMatch(/www\.example\.com/);
  });

  it('a time-range entry is uncertain-match on its line', () => {
    const text = ['hostname t', 'access-list A extended permit ip any any time-range WORKHOURS'].join('\n');
    expect(codesAndLines(importConfig({ name: 't.cfg', text }).diagnostics)).toEqual([
      ['uncertain-match', 2],
    ]);
  });

  it('a file of comments only, forced as cisco-asa, is a vendor mismatch without a device', () => {
    const result = importConfig({ name: 'c.cfg', text: '! nothing\n: here\n' }, { vendor: 'cisco-asa' });
    expect(result.devices).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toContain('vendor-mismatch');
  });

  it('the device is named by hostname, else by the file name', () => {
    expect(load('nat.cfg').devices[0]!.name).toBe('nat');
    const r = importConfig({ name: 'dir/edge-fw.asa', text: 'access-list A extended permit ip any any\n' });
    expect(r.devices[0]!.name).toBe('edge-fw');
  });

  it('parse gives one line kind per line, CRLF or not', () => {
    const text = 'hostname x\r\ninterface G0\r\n nameif inside\r\n';
    expect(parseCiscoAsa('x.cfg', text).lineKinds).toHaveLength(3);
  });
});
