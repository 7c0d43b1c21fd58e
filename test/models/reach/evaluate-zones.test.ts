import { describe, expect, it } from 'vitest';
import { evaluateDevice } from '../../../models/reach';
import { buildDevice, query } from './build-device';

describe('zone-pair bindings', () => {
  const base = buildDevice(
    [
      { name: 'trust->untrust', policy: 'permit', rules: [{ action: 'deny', proto: 'tcp', dport: '23' }] },
      { name: 'untrust->trust', policy: 'deny', rules: [{ action: 'permit', proto: 'tcp', dport: '443' }] },
    ],
    [
      { attachment: 'transit', list: 'trust->untrust', fromZone: 'trust', toZone: 'untrust' },
      { attachment: 'transit', list: 'untrust->trust', fromZone: 'untrust', toZone: 'trust' },
    ],
  );
  const dev = {
    ...base,
    interfaces: [
      { name: 'ge-0/0/0', zone: 'trust', addresses: [], source: null },
      { name: 'ge-0/0/1', zone: 'untrust', addresses: [], source: null },
    ],
  };

  it('picks the list of the zones of the ingress and egress interfaces', () => {
    const out = evaluateDevice(
      dev,
      query({ dport: 23 }, { inInterface: 'ge-0/0/0', outInterface: 'ge-0/0/1' }),
    );
    expect([out.action, out.ruleId]).toEqual(['deny', 'trust->untrust#1']);
    const back = evaluateDevice(
      dev,
      query({ dport: 443 }, { inInterface: 'ge-0/0/1', outInterface: 'ge-0/0/0' }),
    );
    expect([back.action, back.ruleId]).toEqual(['permit', 'untrust->trust#1']);
  });

  it('takes zones given directly, and notes bindings it cannot place when the zones are unknown', () => {
    const v = evaluateDevice(dev, query({ dport: 22 }, { fromZone: 'untrust', toZone: 'trust' }));
    expect([v.action, v.reason]).toEqual(['deny', 'default']);
    const unknown = evaluateDevice(dev, query({ dport: 22 }));
    expect(unknown.reason).toBe('unfiltered');
    expect(unknown.uncertain.join(' ')).toMatch(/ingress zone is not known/);
  });
});
