import { describe, expect, it } from 'vitest';
import { evaluateDevice, evaluateList } from '../../../models/reach';
import { buildDevice, query, sourceOf, steps } from './build-device';

describe('evaluateList on its own', () => {
  const dev = buildDevice(
    [
      { name: 'FORWARD', policy: 'deny', rules: [{ action: 'jump', target: 'WEB' }] },
      {
        name: 'WEB',
        rules: [
          { action: 'permit', proto: 'tcp', dport: '443' },
          { action: 'return', proto: 'udp' },
          { action: 'jump', target: 'SSH' },
        ],
      },
      { name: 'SSH', rules: [{ action: 'deny', proto: 'tcp', dport: '22' }] },
    ],
    [],
  );

  it('denies with no-match when a returning list falls through', () => {
    const v = evaluateList(dev, 'WEB', query({ dport: 80 }));
    expect(v).toMatchObject({ action: 'deny', reason: 'no-match', rule: null, ruleId: null, uncertain: [] });
    expect(steps(v!)).toEqual(['WEB:WEB#3:jump']);
  });

  it('denies with no-match when the list RETURNs explicitly', () => {
    const v = evaluateList(dev, 'WEB', query({ proto: 'udp', dport: 53 }));
    expect([v?.action, v?.reason, v?.rule]).toEqual(['deny', 'no-match', null]);
    expect(steps(v!)).toEqual(['WEB:WEB#2:return']);
  });

  it('cites the deciding rule, also inside a list it jumps to', () => {
    expect([
      evaluateList(dev, 'WEB', query({ dport: 443 }))?.ruleId,
      evaluateList(dev, 'WEB', query({ dport: 443 }))?.rule?.line,
    ]).toEqual(['WEB#1', 4]);
    const ssh = evaluateList(dev, 'WEB', query({ dport: 22 }));
    expect([ssh?.action, ssh?.ruleId, ssh?.rule?.line]).toEqual(['deny', 'SSH#1', 8]);
  });

  it('applies the default of a base list, and returns null for an unknown list', () => {
    const v = evaluateList(dev, 'FORWARD', query({ dport: 80 }));
    expect([v?.action, v?.reason, v?.rule?.line]).toEqual(['deny', 'default', 1]);
    expect(evaluateList(dev, 'NOPE', query())).toBeNull();
  });

  it('treats an unbound device as unfiltered', () => {
    const v = evaluateDevice(dev, query({ dport: 22 }));
    expect([v.action, v.reason, v.rule, v.ruleId, v.trace]).toEqual(['permit', 'unfiltered', null, null, []]);
  });
});

describe('several bindings', () => {
  const lists = [
    {
      name: 'FIRST',
      policy: 'permit' as const,
      rules: [
        { action: 'permit' as const, proto: 'tcp', dport: '443' },
        { action: 'deny' as const, proto: 'tcp', dport: '22' },
      ],
    },
    // header on line 4, its rule on line 5
    {
      name: 'SECOND',
      policy: 'permit' as const,
      rules: [{ action: 'deny' as const, proto: 'tcp', dport: '443' }],
    },
    { name: 'LOCAL', policy: 'deny' as const, rules: [] },
    { name: 'ETH0', policy: 'deny' as const, rules: [] },
  ];
  const dev = buildDevice(lists, [
    { attachment: 'transit', list: 'FIRST' },
    { attachment: 'transit', list: 'SECOND' },
    { attachment: 'to-device', list: 'LOCAL' },
    { attachment: 'transit', list: 'ETH0', inInterface: 'eth0' },
  ]);

  it('denies when the first list permits and the second denies, citing the second', () => {
    const v = evaluateDevice(dev, query({ dport: 443 }));
    expect([v.action, v.ruleId, v.rule?.line]).toEqual(['deny', 'SECOND#1', 5]);
    expect(steps(v)).toEqual(['FIRST:FIRST#1:permit', 'SECOND:SECOND#1:deny']);
  });

  it('stops at the first list that denies', () => {
    const v = evaluateDevice(dev, query({ dport: 22 }));
    expect([v.action, v.ruleId]).toEqual(['deny', 'FIRST#2']);
    expect(steps(v)).toEqual(['FIRST:FIRST#2:deny']);
  });

  it('permits only when every applicable list permits', () => {
    const v = evaluateDevice(dev, query({ dport: 80 }));
    expect(v.action).toBe('permit');
    expect(steps(v)).toEqual(['FIRST:-:fall-through', 'SECOND:-:fall-through']);
  });

  it('applies only the bindings of the asked attachment and interface', () => {
    const local = evaluateDevice(dev, query({ dport: 80 }, { attachment: 'to-device' }));
    expect([local.action, local.reason, local.rule?.line]).toEqual([
      'deny',
      'default',
      sourceOf(dev, 'LOCAL').line,
    ]);
    const eth0 = evaluateDevice(dev, query({ dport: 80 }, { inInterface: 'eth0' }));
    expect([eth0.action, eth0.rule?.text]).toEqual(['deny', ':ETH0 DROP [0:0]']);
    expect(evaluateDevice(dev, query({ dport: 80 }, { inInterface: 'eth1' })).action).toBe('permit');
    expect(evaluateDevice(dev, query({ dport: 80 }, { attachment: 'from-device' })).reason).toBe(
      'unfiltered',
    );
  });

  it('cites the primary list when every list permits', () => {
    const withPrimary = buildDevice(lists, [
      { attachment: 'transit', list: 'FIRST', primary: true },
      { attachment: 'transit', list: 'SECOND' },
    ]);
    const v = evaluateDevice(withPrimary, query({ proto: 'udp', dport: 443 }));
    expect([v.action, v.reason, v.rule?.line]).toEqual(['permit', 'default', 1]);
    const tcp = evaluateDevice(withPrimary, query({ proto: 'tcp', dport: 80 }));
    expect([tcp.action, tcp.rule?.text]).toEqual(['permit', ':FIRST ACCEPT [0:0]']);
  });
});
