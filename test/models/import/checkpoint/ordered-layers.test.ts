/**
 * Ordered layers of one package: a packet must be accepted by every ordered layer, in the order
 * the files are given; the first Drop (a rule or a layer's implicit cleanup) decides and cites
 * its layer; an Accept only passes the packet to the next layer. Also install-on a gateway group.
 */
import { describe, expect, it } from 'vitest';
import type { InputFile } from '../../../../models/import';
import { expectVerdict, flow, importPackage, packageDevice, splitLines, verdict } from './support';

const ANY = '97aeb369-9aea-11d5-bd16-0090272ccb30';
const u = (n: number): string => `c0ffee00-0000-4000-8004-${n.toString(16).padStart(12, '0')}`;
const ACCEPT = u(1);
const DROP = u(2);
const TARGETS = u(3);
const common = [
  { uid: ANY, name: 'Any', type: 'CpmiAnyObject' },
  { uid: ACCEPT, name: 'Accept', type: 'RulebaseAction' },
  { uid: DROP, name: 'Drop', type: 'RulebaseAction' },
  { uid: TARGETS, name: 'Policy Targets', type: 'Global' },
  { uid: u(10), name: 'lan', type: 'network', subnet4: '10.1.0.0', 'mask-length4': 16 },
  { uid: u(11), name: 'ssh', type: 'service-tcp', port: '22' },
  { uid: u(12), name: 'gw-a', type: 'simple-gateway', 'ipv4-address': '192.0.2.1' },
  { uid: u(13), name: 'gw-b', type: 'simple-gateway', 'ipv4-address': '192.0.2.2' },
  { uid: u(14), name: 'gateways-a', type: 'group', members: [u(12)] },
];
const rule = (n: number, name: string, src: string, svc: string, action: string, installOn = TARGETS) => ({
  uid: u(100 + n),
  name,
  type: 'access-rule',
  'rule-number': n,
  source: [src],
  destination: [ANY],
  service: [svc],
  action,
  enabled: true,
  'install-on': [installOn],
});
const layer = (uid: string, name: string, rules: unknown[]): string =>
  JSON.stringify({ uid, name, rulebase: rules, 'objects-dictionary': common }, null, 2);

const files: InputFile[] = [
  {
    name: 'ord.show-access-rulebase-1-network.json',
    text: layer(u(50), 'Network', [
      rule(1, 'lan-any', u(10), ANY, ACCEPT),
      rule(2, 'no-ssh', ANY, u(11), DROP),
      rule(3, 'ssh-on-a', ANY, ANY, ACCEPT, u(14)),
    ]),
  },
  {
    name: 'ord.show-access-rulebase-2-apps.json',
    text: layer(u(51), 'Apps', [
      rule(1, 'apps-ssh-drop', u(10), u(11), DROP),
      rule(2, 'apps-rest', ANY, ANY, ACCEPT),
    ]),
  },
  {
    name: 'ord.show-simple-gateways.json',
    text: JSON.stringify({ objects: [common[6], common[7]] }, null, 2),
  },
];

const ruleLine = (file: string, name: string): number => {
  const lines = splitLines(files.find((f) => f.name === file)!.text);
  let k = lines.findIndex((l) => l.includes(`"name": "${name}"`));
  while (k > 0 && lines[k]!.trim() !== '{') k--;
  return k + 1;
};

describe('two ordered layers', () => {
  const result = importPackage(files);
  const a = packageDevice(result, 'gw-a');
  const b = packageDevice(result, 'gw-b');
  const [NET, APPS] = [files[0]!.name, files[1]!.name];

  it('binds both layers, in the order given', () => {
    expect(a.bindings.filter((x) => x.attachment === 'transit').map((x) => x.list)).toEqual([
      'Network',
      'Apps',
    ]);
  });

  it('an Accept in the first layer passes the packet to the second, whose Drop decides', () => {
    expectVerdict(
      verdict(a, flow('tcp', '10.1.0.9', '8.8.8.8', 40000, 22)),
      'deny',
      APPS,
      ruleLine(APPS, 'apps-ssh-drop'),
      files,
    );
  });

  it('accepted by both layers: the verdict permits', () => {
    expect(verdict(a, flow('tcp', '10.1.0.9', '8.8.8.8', 40000, 443)).action).toBe('permit');
  });

  it('a Drop in the first layer decides at once', () => {
    expectVerdict(
      verdict(b, flow('tcp', '192.0.2.99', '8.8.8.8', 40000, 22)),
      'deny',
      NET,
      ruleLine(NET, 'no-ssh'),
      files,
    );
  });

  it("the first layer's implicit cleanup drops what it does not match, even if a later layer would accept", () => {
    const v = verdict(b, flow('tcp', '192.0.2.99', '8.8.8.8', 40000, 443));
    expectVerdict(v, 'deny', NET, null, files);
    expect(v.reason).toBe('implicit-deny');
  });

  it('install-on a group of gateways: the rule is on gw-a, not on gw-b', () => {
    expect(a.lists.get('Network')!.rules.map((r) => r.origin.name)).toEqual([
      'lan-any',
      'no-ssh',
      'ssh-on-a',
    ]);
    expect(b.lists.get('Network')!.rules.map((r) => r.origin.name)).toEqual(['lan-any', 'no-ssh']);
    expect(verdict(a, flow('tcp', '192.0.2.99', '8.8.8.8', 40000, 443)).action).toBe('permit');
  });
});
