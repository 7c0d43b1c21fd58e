import { describe, expect, it } from 'vitest';
import { evaluateDevice, interfaceMatches } from '../../../models/reach';
import { type RuleSpec, buildDevice, query } from './build-device';

/** A FORWARD list (policy deny, header on line 1) holding the given rules from line 2 on. */
const forward = (...rules: RuleSpec[]) => buildDevice([{ name: 'FORWARD', policy: 'deny', rules }]);

describe('interface matching', () => {
  it('matches a negated interface on every other interface only', () => {
    const dev = forward({ action: 'permit', in: '!eth0' });
    expect(evaluateDevice(dev, query({}, { inInterface: 'eth0' })).reason).toBe('default');
    const v = evaluateDevice(dev, query({}, { inInterface: 'eth1' }));
    expect([v.action, v.ruleId, v.rule?.line, v.uncertain]).toEqual(['permit', 'FORWARD#1', 2, []]);
  });

  it('negates a list of names as a whole', () => {
    const dev = forward({ action: 'permit', in: '!eth0,eth1' });
    expect(evaluateDevice(dev, query({}, { inInterface: 'eth0' })).action).toBe('deny');
    expect(evaluateDevice(dev, query({}, { inInterface: 'eth1' })).action).toBe('deny');
    expect(evaluateDevice(dev, query({}, { inInterface: 'eth2' })).ruleId).toBe('FORWARD#1');
  });

  it('treats a trailing + as a prefix wildcard, for ingress and egress', () => {
    const dev = forward({ action: 'permit', in: 'eth+', out: 'vlan1+' });
    const hit = (i: string, o: string) =>
      evaluateDevice(dev, query({}, { inInterface: i, outInterface: o })).action;
    expect(hit('eth0', 'vlan10')).toBe('permit');
    expect(hit('eth12', 'vlan1')).toBe('permit');
    expect(hit('eth', 'vlan100')).toBe('permit');
    expect(hit('ens3', 'vlan10')).toBe('deny');
    expect(hit('et', 'vlan10')).toBe('deny');
    expect(hit('eth0', 'vlan20')).toBe('deny');
  });

  it('matches names without + exactly, and inverts wildcards under negation', () => {
    expect(interfaceMatches({ names: ['eth0'], negate: false }, 'eth0')).toBe(true);
    expect(interfaceMatches({ names: ['eth0'], negate: false }, 'eth01')).toBe(false);
    expect(interfaceMatches({ names: ['eth0'], negate: false }, 'eth')).toBe(false);
    expect(interfaceMatches({ names: ['+'], negate: false }, 'anything')).toBe(true);
    expect(interfaceMatches({ names: ['eth+'], negate: true }, 'eth7')).toBe(false);
    expect(interfaceMatches({ names: ['eth+'], negate: true }, 'wg0')).toBe(true);
    expect(interfaceMatches({ names: [], negate: true }, 'wg0')).toBe(true);
  });

  it('assumes a permit testing an unknown ingress interface matches, and says so', () => {
    const dev = forward({ action: 'permit', in: 'eth0' });
    const v = evaluateDevice(dev, query());
    expect([v.action, v.ruleId]).toEqual(['permit', 'FORWARD#1']);
    expect(v.uncertain).toHaveLength(1);
    expect(v.uncertain[0]).toContain('FORWARD#1 (fw.rules:2)');
    expect(v.uncertain[0]).toContain('ingress interface');
    expect(v.uncertain[0]).toContain('assumed to match');
  });

  it('assumes a deny testing an unknown egress interface does not match, and says so', () => {
    const dev = forward({ action: 'deny', out: '!eth1' }, { action: 'permit', proto: 'tcp' });
    const v = evaluateDevice(dev, query());
    expect([v.action, v.ruleId, v.rule?.line]).toEqual(['permit', 'FORWARD#2', 3]);
    expect(v.uncertain).toHaveLength(1);
    expect(v.uncertain[0]).toContain('FORWARD#1');
    expect(v.uncertain[0]).toContain('egress interface');
    expect(v.uncertain[0]).toContain('not to match');
    expect(v.trace.map((s) => s.rule)).toEqual(['FORWARD#2']);
  });

  it('is certain once the interface is given', () => {
    const dev = forward({ action: 'deny', out: '!eth1' }, { action: 'permit', proto: 'tcp' });
    const v = evaluateDevice(dev, query({}, { outInterface: 'eth2' }));
    expect([v.action, v.ruleId, v.uncertain]).toEqual(['deny', 'FORWARD#1', []]);
  });
});

describe('uncertain matches', () => {
  const reason = 'ipset blocklist contents are not in the export';

  it('assumes an uncertain deny does not match and marks the verdict uncertain', () => {
    const dev = forward(
      { action: 'deny', dst: '192.168.1.0/24', uncertain: reason },
      { action: 'permit', proto: 'tcp', dport: '443' },
    );
    const v = evaluateDevice(dev, query({ dst: '192.168.1.10', dport: 443 }));
    expect([v.action, v.ruleId, v.rule?.line, v.reason]).toEqual(['permit', 'FORWARD#2', 3, 'rule']);
    expect(v.uncertain).toHaveLength(1);
    expect(v.uncertain[0]).toContain('FORWARD#1');
    expect(v.uncertain[0]).toContain(reason);
    expect(v.uncertain[0]).toContain('not to match');
  });

  it('falls to the policy past an uncertain deny, still uncertain', () => {
    const v = evaluateDevice(forward({ action: 'deny', uncertain: reason }), query());
    expect([v.action, v.reason, v.rule?.line]).toEqual(['deny', 'default', 1]);
    expect(v.uncertain).toHaveLength(1);
  });

  it('assumes an uncertain permit matches', () => {
    const v = evaluateDevice(forward({ action: 'permit', uncertain: reason }), query());
    expect([v.action, v.ruleId]).toEqual(['permit', 'FORWARD#1']);
    expect(v.uncertain[0]).toContain('assumed to match');
  });

  it('explores both branches of an uncertain jump and reports the permissive one', () => {
    const dev = buildDevice([
      { name: 'FORWARD', policy: 'permit', rules: [{ action: 'jump', target: 'BLOCK', uncertain: reason }] },
      { name: 'BLOCK', rules: [{ action: 'deny' }] },
    ]);
    const v = evaluateDevice(dev, query());
    // Taken, the jump denies; not taken, the policy permits: the flow may pass.
    expect([v.action, v.reason, v.ruleId]).toEqual(['permit', 'default', null]);
    expect(v.uncertain.join('\n')).toContain('permitted if FORWARD#1 do(es) not match');
  });

  it('takes an uncertain jump when that is the way through', () => {
    const dev = buildDevice([
      { name: 'FORWARD', policy: 'deny', rules: [{ action: 'jump', target: 'OPEN', uncertain: reason }] },
      { name: 'OPEN', rules: [{ action: 'permit' }] },
    ]);
    const v = evaluateDevice(dev, query());
    expect([v.action, v.ruleId]).toEqual(['permit', 'OPEN#1']);
    expect(v.uncertain[0]).toContain('FORWARD#1');
  });

  it('explores an uncertain RETURN that would skip a later accept', () => {
    const dev = buildDevice([
      {
        name: 'FORWARD',
        policy: 'deny',
        rules: [{ action: 'return', uncertain: reason }, { action: 'permit' }],
      },
    ]);
    const v = evaluateDevice(dev, query());
    expect([v.action, v.ruleId]).toEqual(['permit', 'FORWARD#2']);
    expect(v.uncertain.join('\n')).toContain('permitted if FORWARD#1');
  });

  it('stays certain when an uncertain rule cannot match on its addresses or service anyway', () => {
    const dev = forward(
      { action: 'deny', dst: '172.16.0.0/12', uncertain: reason },
      { action: 'deny', proto: 'udp', in: 'eth9' },
      { action: 'permit' },
    );
    const v = evaluateDevice(dev, query({ dst: '192.168.1.10' }));
    expect([v.action, v.ruleId, v.uncertain]).toEqual(['permit', 'FORWARD#3', []]);
  });

  it('lists each uncertain rule once, in evaluation order', () => {
    const dev = forward(
      { action: 'deny', uncertain: 'first' },
      { action: 'deny', in: 'eth0' },
      { action: 'permit' },
    );
    const v = evaluateDevice(dev, query());
    expect(v.uncertain).toHaveLength(2);
    expect(v.uncertain[0]).toContain('first');
    expect(v.uncertain[1]).toContain('FORWARD#2');
  });
});

describe('ports, protocols and addresses', () => {
  it('includes both ends of a destination port range and excludes their neighbours', () => {
    const dev = forward({ action: 'permit', proto: 'tcp', dport: '1024:2048' });
    const at = (dport: number) => evaluateDevice(dev, query({ dport })).ruleId;
    expect([at(1023), at(1024), at(1025), at(2047), at(2048), at(2049)]).toEqual([
      null,
      'FORWARD#1',
      'FORWARD#1',
      'FORWARD#1',
      'FORWARD#1',
      null,
    ]);
  });

  it('matches open-ended source port ranges at their boundary', () => {
    const low = forward({ action: 'permit', proto: 'udp', sport: ':1023' });
    const high = forward({ action: 'permit', proto: 'udp', sport: '1024:' });
    const at = (dev: ReturnType<typeof forward>, sport: number) =>
      evaluateDevice(dev, query({ proto: 'udp', sport, dport: 53 })).action;
    expect([at(low, 0), at(low, 1023), at(low, 1024)]).toEqual(['permit', 'permit', 'deny']);
    expect([at(high, 1023), at(high, 1024), at(high, 65535)]).toEqual(['deny', 'permit', 'permit']);
  });

  it('matches ports 0 and 65535 only when the range holds them', () => {
    const dev = forward(
      { action: 'permit', proto: 'tcp', dport: '65535' },
      { action: 'permit', proto: 'tcp', dport: '0' },
    );
    const at = (dport: number) => evaluateDevice(dev, query({ dport })).ruleId;
    expect([at(65535), at(65534), at(0), at(1)]).toEqual(['FORWARD#1', null, 'FORWARD#2', null]);
  });

  it('does not match a port rule for another protocol', () => {
    const dev = forward({ action: 'permit', proto: 'tcp', dport: '53' });
    expect(evaluateDevice(dev, query({ proto: 'udp', dport: 53 })).action).toBe('deny');
    expect(evaluateDevice(dev, query({ proto: 'sctp', dport: 53 })).action).toBe('deny');
  });

  it('reads an ICMP flow type from dport and code from sport', () => {
    const dev = forward(
      { action: 'permit', proto: 'icmp', dport: '8' },
      { action: 'permit', proto: 'icmp', dport: '3', sport: '4' },
    );
    const at = (type: number, code: number) =>
      evaluateDevice(dev, query({ proto: 'icmp', dport: type, sport: code })).ruleId;
    expect([at(8, 0), at(0, 8), at(3, 4), at(3, 3), at(4, 3)]).toEqual([
      'FORWARD#1',
      null,
      'FORWARD#2',
      null,
      null,
    ]);
  });

  it('matches source and destination prefixes at their edges, per family', () => {
    const dev = forward(
      { action: 'permit', src: '10.0.0.0/8', dst: '192.168.1.0/31' },
      { action: 'permit', src: '2001:db8::/32' },
    );
    const at = (src: string, dst: string) => evaluateDevice(dev, query({ src, dst })).ruleId;
    expect(at('10.255.255.255', '192.168.1.1')).toBe('FORWARD#1');
    expect(at('11.0.0.0', '192.168.1.1')).toBeNull();
    expect(at('10.0.0.0', '192.168.1.2')).toBeNull();
    expect(at('9.255.255.255', '192.168.1.0')).toBeNull();
    expect(at('2001:db8:ffff::1', '::1')).toBe('FORWARD#2');
    expect(at('2001:db9::', '::1')).toBeNull();
    expect(at('::ffff:10.0.0.1', '::ffff:192.168.1.1')).toBeNull();
  });

  it('skips rules that only match established or related traffic', () => {
    const dev = forward({ action: 'permit', matchesNew: false }, { action: 'continue', matchesNew: false });
    const v = evaluateDevice(dev, query());
    expect([v.action, v.reason, v.trace.length]).toEqual(['deny', 'default', 1]);
  });
});
