/**
 * Inline layers nested in inline layers, and loops of them: the innermost implicit cleanup
 * decides within its layer; a layer that applies itself is a circular-reference and its rule an
 * uncertain accept; nothing throws.
 */
import { describe, expect, it } from 'vitest';
import type { InputFile } from '../../../../models/import';
import { flow, importPackage, verdict } from './support';

const ANY = '97aeb369-9aea-11d5-bd16-0090272ccb30';
const u = (n: number): string => `c0ffee00-0000-4000-8005-${n.toString(16).padStart(12, '0')}`;
const [ACCEPT, DROP, APPLY] = [u(1), u(2), u(3)];
const objects = [
  { uid: ANY, name: 'Any', type: 'CpmiAnyObject' },
  { uid: ACCEPT, name: 'Accept', type: 'RulebaseAction' },
  { uid: DROP, name: 'Drop', type: 'RulebaseAction' },
  { uid: APPLY, name: 'Apply Layer', type: 'RulebaseAction' },
  { uid: u(10), name: 'web', type: 'service-tcp', port: '80-89' },
  { uid: u(11), name: 'h', type: 'host', 'ipv4-address': '10.0.0.1' },
];
let next = 100;
const rule = (n: number, name: string, svc: string, action: string, inline?: string) => ({
  uid: u(next++),
  name,
  type: 'access-rule',
  'rule-number': n,
  source: [ANY],
  destination: [ANY],
  service: [svc],
  action,
  enabled: true,
  ...(inline !== undefined ? { 'inline-layer': inline } : {}),
});
const file = (name: string, uid: string, layer: string, rules: unknown[]): InputFile => ({
  name,
  text: JSON.stringify({ uid, name: layer, rulebase: rules, 'objects-dictionary': objects }, null, 2),
});

describe('nested inline layers', () => {
  const files = [
    file('n.show-access-rulebase.json', u(50), 'Network', [
      rule(1, 'to-web', u(10), APPLY, u(51)),
      rule(2, 'rest', ANY, ACCEPT),
    ]),
    file('n.show-access-rulebase-web.json', u(51), 'Web', [rule(1, 'to-80', u(10), APPLY, u(52))]),
    file('n.show-access-rulebase-80.json', u(52), 'Web80', [rule(1, 'allow-80', ANY, ACCEPT)]),
  ];
  const dev = importPackage(files).devices[0]!;

  it('the innermost layer decides what it matches', () => {
    expect(verdict(dev, flow('tcp', '10.0.0.1', '10.0.0.2', 1, 80)).ruleId).toBe('Web80#1');
  });

  it('what enters the outer inline layer never comes back to the parent layer', () => {
    // Web80 accepts everything it sees; a service the parent sends to Web is decided inside it
    const v = verdict(dev, flow('tcp', '10.0.0.1', '10.0.0.2', 1, 85));
    expect(v.action).toBe('permit');
    expect(v.ruleId).toBe('Web80#1');
    expect(verdict(dev, flow('tcp', '10.0.0.1', '10.0.0.2', 1, 443)).ruleId).toBe('Network#2');
  });
});

describe('loops of inline layers', () => {
  it('a layer that applies itself is a circular-reference, and its rule an uncertain accept', () => {
    const files = [
      file('l.show-access-rulebase.json', u(60), 'Network', [rule(1, 'in', ANY, APPLY, u(61))]),
      file('l.show-access-rulebase-x.json', u(61), 'X', [
        rule(1, 'back', u(10), APPLY, u(61)),
        rule(2, 'drop', ANY, DROP),
      ]),
    ];
    const result = importPackage(files);
    expect(result.diagnostics.map((d) => d.code)).toContain('circular-reference');
    const v = verdict(result.devices[0]!, flow('tcp', '10.0.0.1', '10.0.0.2', 1, 80));
    expect(v.action).toBe('permit');
    expect(v.uncertain.join(' ')).toContain('applies itself');
    expect(verdict(result.devices[0]!, flow('tcp', '10.0.0.1', '10.0.0.2', 1, 22)).ruleId).toBe('X#2');
  });

  it('two layers applying each other: the first is taken as the ordered layer, with a warning', () => {
    const files = [
      file('m.show-access-rulebase-a.json', u(70), 'A', [rule(1, 'to-b', ANY, APPLY, u(71))]),
      file('m.show-access-rulebase-b.json', u(71), 'B', [
        rule(1, 'to-a', u(10), APPLY, u(70)),
        rule(2, 'b-drop', ANY, DROP),
      ]),
    ];
    const result = importPackage(files);
    const dev = result.devices[0]!;
    expect(dev.bindings.map((b) => b.list)).toEqual(['A', 'A']);
    expect(result.diagnostics.filter((d) => d.code === 'circular-reference').length).toBeGreaterThanOrEqual(
      2,
    );
    expect(verdict(dev, flow('tcp', '10.0.0.1', '10.0.0.2', 1, 22)).ruleId).toBe('B#2');
  });
});
