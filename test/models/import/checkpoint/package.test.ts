/**
 * Packages: the grouping key, merging object lists into a rulebase (single-file import reports
 * unresolved uids with their lines, the package resolves them), NAT and gateways, and the Gaia
 * configuration parser the site model uses.
 */
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../../models/import';
import { checkPointPackageKey, parseGaiaConfiguration } from '../../../../models/import/checkpoint';
import {
  codesAndLines,
  fixturePackage,
  flow,
  importPackage,
  lineOf,
  packageDevice,
  readFixture,
  verdict,
} from './support';

describe('checkPointPackageKey', () => {
  it('is the folder and the prefix before .show-… or .gaia…', () => {
    expect(checkPointPackageKey('site/lab-basic-fw-policy.show-hosts.json')).toBe('site/lab-basic-fw-policy');
    expect(checkPointPackageKey('lab-basic-fw-policy.gaia-gw-show-configuration.txt')).toBe(
      'lab-basic-fw-policy',
    );
    expect(checkPointPackageKey('a\\b\\pkg.show-access-rulebase.json')).toBe('a\\b\\pkg');
    expect(checkPointPackageKey('pkg.show-services-tcp.2.json')).toBe('pkg');
    expect(checkPointPackageKey('pkg.gw1-show-configuration.txt')).toBe('pkg');
  });

  it('is null for names that do not follow the pattern', () => {
    expect(checkPointPackageKey('firewall.json')).toBeNull();
    expect(checkPointPackageKey('show-hosts.json')).toBeNull();
    expect(checkPointPackageKey('pkg.iptables-save')).toBeNull();
  });

  it('groups every corpus file of the lab package under one key', () => {
    const keys = new Set(fixturePackage('layers').map((f) => checkPointPackageKey(f.name)));
    expect([...keys]).toEqual(['layers']);
  });
});

describe('references resolved through sibling files', () => {
  const R = 'refs.show-access-rulebase.json';

  it('alone, each unresolved uid is an undefined-reference on the line of the reference', () => {
    const result = importConfig({ name: R, text: readFixture(R) });
    const refs = result.diagnostics.filter((d) => d.code === 'undefined-reference');
    expect(codesAndLines(refs)).toEqual([
      ['undefined-reference', lineOf(R, '"c0ffee07-0000-4000-8000-000000000007"')],
      ['undefined-reference', lineOf(R, '"c0ffee08-0000-4000-8000-000000000008"')],
    ]);
    expect(refs[0]!.source.text.trim()).toBe('"c0ffee07-0000-4000-8000-000000000007"');
    // the unresolved rule is uncertain: it permits conservatively, and says why
    const v = verdict(result.devices[0]!, flow('tcp', '192.0.2.1', '192.0.2.2', 40000, 80));
    expect(v.action).toBe('permit');
    expect(v.uncertain.join(' ')).toContain('is undefined');
  });

  it('with its object lists, the package resolves them: no diagnostic, exact verdicts', () => {
    const result = importPackage(fixturePackage('refs'));
    expect(result.diagnostics).toEqual([]);
    const dev = result.devices[0]!;
    expect(dev.support.filtering).toBe('full');
    expect(verdict(dev, flow('tcp', '10.1.3.4', '10.2.0.10', 40000, 80)).action).toBe('permit');
    const v = verdict(dev, flow('tcp', '192.0.2.1', '10.2.0.10', 40000, 80));
    expect([v.action, v.rule?.line]).toEqual(['deny', lineOf(R, '"name": "cleanup"') - 2]);
  });

  it('object lists alone give no device', () => {
    const result = importPackage(fixturePackage('refs').filter((f) => !f.name.includes('rulebase')));
    expect(result.devices).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['empty-input', 'info'],
      ['empty-input', 'info'],
    ]);
  });
});

describe('NAT and gateways of the layers package', () => {
  const result = importPackage(fixturePackage('layers'));

  it('one device per gateway; the Gaia file belongs to the gateway of its hostname', () => {
    expect(result.devices.map((d) => d.name)).toEqual(['fw-gw', 'fw-gw2']);
    expect(packageDevice(result, 'fw-gw').routes.length).toBe(4);
    expect(packageDevice(result, 'fw-gw2').routes).toEqual([]);
    expect(
      packageDevice(result, 'fw-gw2').interfaces.map((i) => `${i.name} ${i.addresses.join(' ')}`),
    ).toEqual(['eth0 192.0.2.1/24']);
  });

  it('static destination NAT and hide NAT are recorded; disabled and no-translation rules are not', () => {
    const nat = packageDevice(result, 'fw-gw').nat;
    const N = 'layers.show-nat-rulebase.json';
    expect(nat.map((n) => [n.id, n.kind, n.translates, n.source.file])).toEqual([
      ['nat#1', 'dnat', 'destination', N],
      ['nat#2', 'masquerade', 'source', N],
    ]);
    expect(nat[0]!.to).toContain('web-srv');
    expect(packageDevice(result, 'fw-gw').support.nat).toBe('recorded');
  });

  it('an exact static NAT to a single host gets a structured rewrite', () => {
    // web-srv without its IPv6 address: one host, so the translation is exact.
    const files = fixturePackage('layers').map((f) => ({
      ...f,
      text: f.text.replace('"ipv6-address": "2001:db8:2::10"', '"ipv6-address": ""'),
    }));
    const nat = packageDevice(importPackage(files), 'fw-gw').nat;
    expect(nat[0]!.rewrite).toEqual({ address: '10.2.0.10' });
  });
});

describe('parseGaiaConfiguration', () => {
  const G = 'layers.gaia-show-configuration.txt';
  const net = parseGaiaConfiguration(G, readFixture(G));

  it('reads interfaces (VLAN sub-interfaces, IPv6, loopback) and leaves out disabled ones', () => {
    expect(net.interfaces.map((i) => [i.name, i.addresses, i.loopback])).toEqual([
      ['eth0', ['10.1.0.1/16'], false],
      ['eth1', ['10.2.0.1/24', '2001:db8:2::1/64'], false],
      ['eth2.30', ['10.30.0.1/24'], false],
      ['lo', ['127.0.0.1/8'], true],
    ]);
    expect(net.interfaces[0]!.source.line).toBe(lineOf(G, 'set interface eth0 ipv4-address'));
  });

  it('reads static routes (address and logical next hops, IPv6); blackhole routes are an info', () => {
    expect(net.routes.map((r) => [r.prefix, r.nextHop ?? null, r.interface ?? null])).toEqual([
      ['0.0.0.0/0', '10.1.0.254', null],
      ['10.40.0.0/16', '10.30.0.254', null],
      ['10.50.0.0/16', null, 'eth1'],
      ['::/0', '2001:db8:2::fe', null],
    ]);
    expect(codesAndLines(net.diagnostics)).toEqual([
      ['unsupported-construct', lineOf(G, 'blackhole')],
      ['unrecognized-line', lineOf(G, 'not a clish command')],
      ['unsupported-construct', lineOf(G, 'eth3 state off')],
    ]);
  });
});

describe('API pages and details-level full', () => {
  const ANY = '97aeb369-9aea-11d5-bd16-0090272ccb30';
  const u = (n: number): string => `c0ffee00-0000-4000-8003-${n.toString(16).padStart(12, '0')}`;
  const rule = (n: number, src: unknown, action: string) => ({
    uid: u(100 + n),
    type: 'access-rule',
    'rule-number': n,
    source: [src],
    destination: [ANY],
    service: [ANY],
    action,
    enabled: true,
  });
  const dictionary = [
    { uid: ANY, name: 'Any', type: 'CpmiAnyObject' },
    { uid: u(1), name: 'Accept', type: 'RulebaseAction' },
    { uid: u(2), name: 'Drop', type: 'RulebaseAction' },
  ];
  const page = (rules: unknown[], from: number, to: number) =>
    JSON.stringify(
      { uid: u(50), name: 'Network', rulebase: rules, 'objects-dictionary': dictionary, from, to, total: 2 },
      null,
      2,
    );
  const p1 = { name: 'pg.show-access-rulebase.json', text: page([rule(1, u(10), u(2))], 1, 1) };
  const p2 = { name: 'pg.show-access-rulebase.2.json', text: page([rule(2, ANY, u(1))], 2, 2) };

  it('one page of a rulebase is a truncated-input warning and makes filtering partial', () => {
    const result = importPackage([p1]);
    const d = result.diagnostics.find((x) => x.code === 'truncated-input')!;
    expect([d.severity, d.source.text.trim()]).toEqual(['warning', '"to": 1,']);
    expect(result.devices[0]!.support.filtering).toBe('partial');
    expect(result.devices[0]!.support.notes.join(' ')).toContain('rules 1-1 of 2');
  });

  it('the pages of one layer are one list, in order', () => {
    const result = importPackage([p1, p2]);
    expect(checkPointPackageKey(p2.name)).toBe('pg');
    const dev = result.devices[0]!;
    expect(dev.lists.get('Network')!.rules.map((r) => [r.id, r.source.file])).toEqual([
      ['Network#1', p1.name],
      ['Network#2', p2.name],
    ]);
    expect(dev.support.notes.join(' ')).not.toContain('of 2');
  });

  it('objects given in full in a rule cell (and their members) resolve without a dictionary entry', () => {
    const group = {
      uid: u(10),
      name: 'admins',
      type: 'group',
      members: [{ uid: u(11), name: 'a1', type: 'host', 'ipv4-address': '10.0.0.1' }],
    };
    const result = importPackage([
      { name: 'full.show-access-rulebase.json', text: page([rule(1, group, u(2))], 1, 2) },
    ]);
    expect(result.diagnostics.filter((d) => d.code === 'undefined-reference')).toEqual([]);
    const v = verdict(result.devices[0]!, flow('tcp', '10.0.0.1', '10.9.9.9', 1, 2));
    expect([v.action, v.ruleId]).toEqual(['deny', 'Network#1']);
  });
});
