import { describe, expect, it } from 'vitest';
import { deviceToJson, formatInterfaceMatch, ruleToJson } from '../../cli/format/device-json';
import { importConfig } from '../../models/import';
import { SMALL_RULESET } from './helpers';

const fw1 = importConfig({ name: 'fw1.rules', text: SMALL_RULESET }).devices[0]!;

describe('deviceToJson', () => {
  it('is plain JSON: it survives a round trip unchanged (no Maps, no bigints)', () => {
    const json = deviceToJson(fw1);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('lists every rule with its list, readable match and source', () => {
    const json = deviceToJson(fw1) as {
      rules: Array<Record<string, unknown>>;
      lists: Array<Record<string, unknown>>;
    };
    expect(json.rules).toHaveLength(8);
    expect(json.rules.find((r) => r.id === 'filter/ot-in#1')).toEqual({
      id: 'filter/ot-in#1',
      list: 'filter/ot-in',
      action: 'permit',
      label: 'HMI to PLCs',
      src: '10.1.0.5',
      dst: '10.2.0.0/24',
      service: 'tcp/502',
      matchesNew: true,
      source: { file: 'fw1.rules', line: 12, endLine: 12, text: SMALL_RULESET.split('\n')[11] },
    });
    expect(json.lists.find((l) => l.name === 'filter/FORWARD')).toMatchObject({
      default: 'deny',
      rules: 3,
      defaultSource: { line: 4 },
    });
    expect(json.lists.find((l) => l.name === 'filter/ot-in')).toMatchObject({
      default: 'return',
      defaultSource: null,
    });
  });

  it('shows jumps with their target, interfaces, and rules limited to established traffic', () => {
    const forward = [...fw1.lists.get('filter/FORWARD')!.rules];
    expect(ruleToJson(forward[0]!, 'filter/FORWARD')).toMatchObject({ action: 'permit', matchesNew: false });
    expect(ruleToJson(forward[1]!, 'filter/FORWARD')).toMatchObject({
      action: 'jump',
      target: 'filter/ot-in',
      in: 'lan0',
      out: 'ot0',
    });
    expect(ruleToJson(forward[2]!, 'filter/FORWARD')).toMatchObject({ service: 'tcp/80,443' });
  });
});

describe('formatInterfaceMatch', () => {
  it('writes names, wildcards and negation as iptables does', () => {
    expect(formatInterfaceMatch({ names: ['eth+'], negate: false })).toBe('eth+');
    expect(formatInterfaceMatch({ names: ['eth0', 'eth1'], negate: true })).toBe('!eth0,eth1');
  });
});
