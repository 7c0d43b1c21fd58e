/**
 * Bad and unusual input: every problem is a diagnostic naming its line (asserted by code and
 * line), nothing throws, and what can be read is kept. Also VDOMs (one device per VDOM) and the
 * IPv6 policy table of FortiOS 6.x.
 */
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../../models/import';
import { codesAndLines, expectVerdict, flow, lineOf, load, verdict } from './support';

describe('malformed input (invalid--warnings.conf)', () => {
  const F = 'invalid--warnings.conf';
  const result = load(F);
  const at = (needle: string): number => lineOf(F, needle);

  it('names each bad line with its code', () => {
    const got = codesAndLines(result.diagnostics);
    const expected: Array<[string, number]> = [
      ['unrecognized-line', at('frobnicate the firewall')],
      ['unrecognized-line', lineOf(F, 'next', at('edit "no-ports"') + 3)],
      ['invalid-value', at('set comments "unterminated')],
      ['truncated-input', lineOf(F, 'config firewall policy', at('set comments "unterminated'))],
      ['invalid-value', at('set ip 10.0.0.1 255.0.255.0')],
      ['uncertain-match', at('set users "alice"')],
      ['unsupported-construct', at('set frobnication enable')],
      ['undefined-reference', at('set dstintf "port9"')],
      ['invalid-value', at('set subnet 10.0.0.300')],
      ['circular-reference', at('edit "g1"')],
      ['invalid-value', at('edit "bad-ports"')],
      ['invalid-value', at('edit "no-ports"')],
      ['undefined-reference', at('"UNKNOWN-SVC"')],
      ['undefined-reference', at('set dstaddr "ghost"')],
      ['invalid-value', at('set action allow')],
    ];
    for (const e of expected) expect(got).toContainEqual(e);
  });

  it('keeps the policies it can read, and the one with no action is a deny', () => {
    const rules = result.devices[0]!.lists.get('firewall policy')!.rules;
    expect(rules.map((r) => [r.source.line, r.action])).toEqual([
      [lineOf(F, '    edit 1', lineOf(F, 'config firewall policy')), 'permit'],
      [lineOf(F, '    edit 2', lineOf(F, 'config firewall policy')), 'deny'],
      [lineOf(F, '    edit 3', lineOf(F, 'config firewall policy')), 'permit'],
    ]);
  });

  it('a rule resting on unreadable objects is uncertain, and says why', () => {
    const r = result.devices[0]!.lists.get('firewall policy')!.rules[0]!;
    expect(r.match.uncertain).toContain("address 'bad-subnet'");
    expect(r.match.uncertain).toContain("service 'UNKNOWN-SVC' is not defined");
  });

  it('text that is not FortiOS, forced as FortiOS, is refused with one error on its first line', () => {
    const r = importConfig({ name: 'x.conf', text: '\nhello world\nfoo bar\n' }, { vendor: 'fortios' });
    expect(r.devices).toEqual([]);
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.source.line])).toEqual([
      ['vendor-mismatch', 2],
    ]);
  });

  it('a multi-line quoted value is one statement (its lines are not read as settings)', () => {
    const text = [
      'config system replacemsg http "url-block"',
      '    set buffer "<html>',
      'set srcintf evil',
      'end',
      '</html>"',
      'end',
      'config system global',
      '    set hostname "q"',
      'end',
    ].join('\n');
    const r = importConfig({ name: 'q.conf', text }, { vendor: 'fortios' });
    expect(r.diagnostics).toEqual([]);
    expect(r.devices[0]!.name).toBe('q');
  });

  it('a stray quote that runs over the next lines is one unrecognized statement spanning them', () => {
    const text = [
      '"yyy',
      'config system global',
      '    set alias x"',
      'config system global',
      '    set hostname "s"',
      'end',
    ].join('\n');
    const r = importConfig({ name: 's.conf', text }, { vendor: 'fortios' });
    expect(r.diagnostics.map((d) => [d.code, d.source.line, d.source.endLine])).toEqual([
      ['unrecognized-line', 1, 3],
    ]);
    expect(r.devices[0]!.name).toBe('s');
  });

  it("sections inside 'config vdom' without an 'edit' are reported once each, spanning their lines", () => {
    const text = ['config vdom', 'config system global', '    set hostname "v"', 'end', 'end'].join('\n');
    const r = importConfig({ name: 'v.conf', text }, { vendor: 'fortios' });
    expect(r.diagnostics.map((d) => [d.code, d.source.line, d.source.endLine])).toEqual([
      ['unrecognized-line', 2, 4],
    ]);
  });

  it('a section that is not modelled is reported once, spanning all its lines', () => {
    const text = [
      'config system global',
      '    set hostname "u"',
      'end',
      'config firewall DoS-policy',
      '    edit 1',
      '        set interface "port1"',
      '    next',
      'end',
    ].join('\n');
    const r = importConfig({ name: 'u.conf', text }, { vendor: 'fortios' });
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.source.line, d.source.endLine])).toEqual([
      ['unsupported-construct', 'warning', 4, 8],
    ]);
  });
});

describe('VDOMs (vdoms.conf)', () => {
  const F = 'vdoms.conf';
  const result = load(F);

  it('gives one device per VDOM, named hostname/vdom, with the interfaces of its VDOM', () => {
    expect(result.devices.map((d) => [d.name, d.interfaces.map((i) => i.name)])).toEqual([
      ['site-fw/root', ['port1', 'port2']],
      ['site-fw/plant', ['ot1', 'ot2']],
    ]);
  });

  it("each VDOM's policies apply to its own device only", () => {
    const [root, plant] = result.devices;
    expectVerdict(
      verdict(root!, flow('tcp', '10.10.4.4', '192.0.2.80', 40000, 443), { in: 'port2', out: 'port1' }),
      'permit',
      F,
      lineOf(F, '    edit 1', lineOf(F, 'config firewall policy')),
    );
    expectVerdict(
      verdict(plant!, flow('icmp', '10.30.0.5', '10.31.0.5', 0, 8), { in: 'ot1', out: 'ot2' }),
      'permit',
      F,
      lineOf(F, '    edit 1', lineOf(F, 'config firewall policy', lineOf(F, 'edit plant', 10))),
    );
  });

  it('policy6 decides IPv6 flows, firewall policy IPv4 flows', () => {
    const plant = result.devices[1]!;
    const p6 = lineOf(F, '    edit 1', lineOf(F, 'config firewall policy6'));
    expectVerdict(
      verdict(plant, flow('icmpv6', '2001:db8:31::9', '2001:db8:30::9', 0, 128), { in: 'ot2', out: 'ot1' }),
      'permit',
      F,
      p6,
    );
    expectVerdict(
      verdict(plant, flow('icmp', '10.31.0.9', '10.30.0.9', 0, 8), { in: 'ot2', out: 'ot1' }),
      'deny',
      F,
      null,
    );
    expectVerdict(
      verdict(plant, flow('icmpv6', '2001:db8:99::9', '2001:db8:30::9', 0, 128), { in: 'ot2', out: 'ot1' }),
      'deny',
      F,
      null,
    );
  });

  it('reports the local-in policies once, as a warning', () => {
    expect(
      result.diagnostics
        .filter((d) => d.code === 'unsupported-construct')
        .map((d) => [d.severity, d.source.line]),
    ).toEqual([['warning', lineOf(F, 'config firewall local-in-policy')]]);
  });
});
