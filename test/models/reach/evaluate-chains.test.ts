import { describe, expect, it } from 'vitest';
import { evaluateDevice, evaluateList } from '../../../models/reach';
import { FILE, buildDevice, query, sourceOf, steps } from './build-device';

describe('first match', () => {
  it('lets an earlier rule win over a later, more specific one', () => {
    const dev = buildDevice([
      {
        name: 'FORWARD',
        policy: 'deny',
        rules: [
          { action: 'permit', proto: 'tcp', dport: '443' }, // line 2
          { action: 'deny', dst: '192.168.1.10', proto: 'tcp', dport: '443' }, // line 3
        ],
      },
    ]);
    const v = evaluateDevice(dev, query({ dst: '192.168.1.10', dport: 443 }));
    expect(v).toMatchObject({
      action: 'permit',
      device: 'fw1',
      ruleId: 'FORWARD#1',
      reason: 'rule',
      uncertain: [],
    });
    expect(v.rule).toEqual({
      file: FILE,
      line: 2,
      endLine: 2,
      text: '-A FORWARD -p tcp --dport 443 -j ACCEPT',
    });
    expect(steps(v)).toEqual(['FORWARD:FORWARD#1:permit']);
  });

  it('lets an earlier deny win over a later permit', () => {
    const dev = buildDevice([
      {
        name: 'FORWARD',
        policy: 'permit',
        rules: [
          { action: 'deny', dst: '192.168.1.0/24' },
          { action: 'permit', dst: '192.168.1.10', proto: 'tcp', dport: '443' },
        ],
      },
    ]);
    const v = evaluateDevice(dev, query({ dst: '192.168.1.10', dport: 443 }));
    expect([v.action, v.ruleId, v.rule?.line]).toEqual(['deny', 'FORWARD#1', 2]);
  });
});

describe('default policy', () => {
  const dev = (policy: 'permit' | 'deny', implicit = false) =>
    buildDevice([
      { name: 'FORWARD', policy, implicit, rules: [{ action: 'permit', proto: 'tcp', dport: '22' }] },
    ]);

  it('applies the policy on fall-through and cites the policy line with reason default', () => {
    const v = evaluateDevice(dev('deny'), query({ dport: 443 }));
    expect(v).toMatchObject({ action: 'deny', ruleId: null, reason: 'default', uncertain: [] });
    expect(v.rule).toEqual({ file: FILE, line: 1, endLine: 1, text: ':FORWARD DROP [0:0]' });
    expect(v.trace).toEqual([{ list: 'FORWARD', rule: null, action: 'fall-through', source: v.rule }]);
  });

  it('applies a permit policy the same way', () => {
    const v = evaluateDevice(dev('permit'), query({ dport: 443 }));
    expect([v.action, v.reason, v.rule?.line, v.rule?.text]).toEqual([
      'permit',
      'default',
      1,
      ':FORWARD ACCEPT [0:0]',
    ]);
  });

  it('reports a default without a source line as an implicit deny', () => {
    const v = evaluateDevice(dev('deny', true), query({ dport: 443 }));
    expect([v.action, v.reason, v.rule, v.ruleId]).toEqual(['deny', 'implicit-deny', null, null]);
  });
});

describe('jump, goto and return', () => {
  it('comes back from a jumped-to list to the next rule', () => {
    const dev = buildDevice([
      {
        name: 'FORWARD',
        policy: 'deny',
        rules: [
          { action: 'jump', target: 'CHECK' },
          { action: 'permit', proto: 'tcp', dport: '443' },
        ],
      },
      { name: 'CHECK', rules: [{ action: 'deny', proto: 'tcp', dport: '22' }] }, // header 4, rule 5
    ]);
    const ok = evaluateDevice(dev, query({ dport: 443 }));
    expect([ok.action, ok.ruleId, ok.rule?.line]).toEqual(['permit', 'FORWARD#2', 3]);
    expect(steps(ok)).toEqual(['FORWARD:FORWARD#1:jump', 'FORWARD:FORWARD#2:permit']);
    const blocked = evaluateDevice(dev, query({ dport: 22 }));
    expect([blocked.action, blocked.ruleId, blocked.rule?.line]).toEqual(['deny', 'CHECK#1', 5]);
    expect(steps(blocked)).toEqual(['FORWARD:FORWARD#1:jump', 'CHECK:CHECK#1:deny']);
  });

  it('returns from the innermost of nested lists to the rule after its jump', () => {
    const dev = buildDevice([
      { name: 'FORWARD', policy: 'deny', rules: [{ action: 'jump', target: 'A' }, { action: 'permit' }] },
      {
        name: 'A',
        rules: [
          { action: 'jump', target: 'B' },
          { action: 'deny', proto: 'tcp', dport: '443' },
        ],
      }, // 5, 6
      { name: 'B', rules: [{ action: 'return', proto: 'tcp', dport: '443' }, { action: 'permit' }] }, // 8, 9
    ]);
    const v = evaluateDevice(dev, query({ dport: 443 }));
    expect([v.action, v.ruleId, v.rule?.line]).toEqual(['deny', 'A#2', 6]);
    expect(steps(v)).toEqual(['FORWARD:FORWARD#1:jump', 'A:A#1:jump', 'B:B#1:return', 'A:A#2:deny']);
    const other = evaluateDevice(dev, query({ dport: 80 }));
    expect([other.action, other.ruleId, other.rule?.line]).toEqual(['permit', 'B#2', 9]);
  });

  it('returns from the middle list straight to the base list', () => {
    const dev = buildDevice([
      {
        name: 'FORWARD',
        policy: 'deny',
        rules: [
          { action: 'jump', target: 'A' },
          { action: 'permit', proto: 'tcp' },
        ],
      },
      { name: 'A', rules: [{ action: 'return', proto: 'tcp' }, { action: 'deny' }] },
    ]);
    const v = evaluateDevice(dev, query({ dport: 443 }));
    expect([v.action, v.ruleId]).toEqual(['permit', 'FORWARD#2']);
    expect(steps(v)).toEqual(['FORWARD:FORWARD#1:jump', 'A:A#1:return', 'FORWARD:FORWARD#2:permit']);
    expect(evaluateDevice(dev, query({ proto: 'udp', dport: 53 })).ruleId).toBe('A#2');
  });

  const gotoDevice = (via: 'goto' | 'jump', bReturns: boolean) =>
    buildDevice([
      {
        name: 'FORWARD',
        policy: 'deny',
        rules: [
          { action: 'jump', target: 'A' },
          { action: 'permit', proto: 'tcp', dport: '443' },
        ],
      },
      { name: 'A', rules: [{ action: via, target: 'B' }, { action: 'deny' }] }, // 5, 6
      {
        name: 'B',
        rules: bReturns ? [{ action: 'return' }, { action: 'deny' }] : [{ action: 'deny', proto: 'udp' }],
      },
    ]);

  it('returns from a goto target to the caller of the list that did the goto', () => {
    const v = evaluateDevice(gotoDevice('goto', true), query({ dport: 443 }));
    expect([v.action, v.ruleId, v.rule?.line]).toEqual(['permit', 'FORWARD#2', 3]);
    expect(steps(v)).toEqual([
      'FORWARD:FORWARD#1:jump',
      'A:A#1:goto',
      'B:B#1:return',
      'FORWARD:FORWARD#2:permit',
    ]);
  });

  it('treats falling off the end of a goto target like its RETURN', () => {
    const v = evaluateDevice(gotoDevice('goto', false), query({ dport: 443 }));
    expect([v.action, v.ruleId]).toEqual(['permit', 'FORWARD#2']);
    expect(steps(v)).toEqual(['FORWARD:FORWARD#1:jump', 'A:A#1:goto', 'FORWARD:FORWARD#2:permit']);
  });

  it('differs from a jump, which comes back to the rule after it', () => {
    const v = evaluateDevice(gotoDevice('jump', true), query({ dport: 443 }));
    expect([v.action, v.ruleId, v.rule?.line]).toEqual(['deny', 'A#2', 6]);
  });

  it('applies the base policy when a goto from the base list returns', () => {
    const dev = buildDevice([
      { name: 'FORWARD', policy: 'deny', rules: [{ action: 'goto', target: 'B' }, { action: 'permit' }] },
      { name: 'B', rules: [{ action: 'return' }] },
    ]);
    const v = evaluateDevice(dev, query());
    expect([v.action, v.reason, v.rule?.line, v.ruleId]).toEqual(['deny', 'default', 1, null]);
    expect(steps(v)).toEqual(['FORWARD:FORWARD#1:goto', 'B:B#1:return', 'FORWARD:-:fall-through']);
  });

  it('applies the policy on RETURN in the base list, skipping the rules after it', () => {
    const dev = (policy: 'permit' | 'deny') =>
      buildDevice([
        {
          name: 'FORWARD',
          policy,
          rules: [
            { action: 'return', proto: 'tcp', dport: '443' },
            { action: policy === 'deny' ? 'permit' : 'deny' },
          ],
        },
      ]);
    const v = evaluateDevice(dev('deny'), query({ dport: 443 }));
    expect([v.action, v.reason, v.rule, v.ruleId]).toEqual([
      'deny',
      'default',
      sourceOf(dev('deny'), 'FORWARD'),
      null,
    ]);
    expect(steps(v)).toEqual(['FORWARD:FORWARD#1:return', 'FORWARD:-:fall-through']);
    expect(evaluateDevice(dev('deny'), query({ dport: 80 })).ruleId).toBe('FORWARD#2');
    expect(evaluateDevice(dev('permit'), query({ dport: 443 })).action).toBe('permit');
  });

  it('records a continue rule in the trace without letting it decide', () => {
    const dev = buildDevice([
      {
        name: 'FORWARD',
        policy: 'deny',
        rules: [
          { action: 'continue', proto: 'tcp', dport: '443' },
          { action: 'continue' },
          { action: 'permit', proto: 'tcp' },
        ],
      },
    ]);
    const v = evaluateDevice(dev, query({ dport: 443 }));
    expect([v.action, v.ruleId, v.rule?.line]).toEqual(['permit', 'FORWARD#3', 4]);
    expect(steps(v)).toEqual([
      'FORWARD:FORWARD#1:continue',
      'FORWARD:FORWARD#2:continue',
      'FORWARD:FORWARD#3:permit',
    ]);
    expect(v.trace[0]!.source?.text).toBe('-A FORWARD -p tcp --dport 443 -j LOG');
    const udp = evaluateDevice(dev, query({ proto: 'udp', dport: 443 }));
    expect([udp.action, udp.reason]).toEqual(['deny', 'default']);
    expect(steps(udp)).toEqual(['FORWARD:FORWARD#2:continue', 'FORWARD:-:fall-through']);
  });

  it('notes a jump to an undefined list as uncertain and goes on with the next rule', () => {
    const dev = buildDevice([
      {
        name: 'FORWARD',
        policy: 'deny',
        rules: [{ action: 'jump', target: 'MISSING' }, { action: 'permit' }],
      },
    ]);
    const v = evaluateDevice(dev, query());
    expect([v.action, v.ruleId]).toEqual(['permit', 'FORWARD#2']);
    expect(v.uncertain).toHaveLength(1);
    expect(v.uncertain[0]).toContain('MISSING');
  });
});

describe('runaway nesting', () => {
  it('stops a list that jumps to itself, without hanging or throwing', () => {
    const dev = buildDevice([
      { name: 'FORWARD', policy: 'deny', rules: [{ action: 'jump', target: 'LOOP' }, { action: 'permit' }] },
      { name: 'LOOP', rules: [{ action: 'jump', target: 'LOOP' }] },
    ]);
    const v = evaluateDevice(dev, query());
    expect(v.action).toBe('permit');
    expect(v.ruleId).toBe('FORWARD#2');
    expect(v.uncertain.length).toBeGreaterThan(0);
    expect(v.uncertain.join(' ')).toContain('LOOP');
  });

  it('stops mutual recursion and lists that jump to themselves several times, quickly', () => {
    const dev = buildDevice([
      { name: 'FORWARD', policy: 'deny', rules: [{ action: 'jump', target: 'A' }] },
      {
        name: 'A',
        rules: [
          { action: 'jump', target: 'B' },
          { action: 'jump', target: 'A' },
          { action: 'jump', target: 'B' },
        ],
      },
      {
        name: 'B',
        rules: [
          { action: 'jump', target: 'A' },
          { action: 'goto', target: 'B' },
          { action: 'jump', target: 'A' },
        ],
      },
    ]);
    const started = Date.now();
    const v = evaluateDevice(dev, query());
    expect(Date.now() - started).toBeLessThan(2000);
    expect([v.action, v.reason]).toEqual(['deny', 'default']);
    expect(v.uncertain.length).toBeGreaterThan(0);
    expect(evaluateList(dev, 'A', query())?.reason).toBe('no-match');
  });

  /** L0 (policy deny) jumps to L1, ... L{n-1} permits. */
  const chain = (n: number) =>
    buildDevice(
      Array.from({ length: n }, (_, k) => ({
        name: `L${k}`,
        ...(k === 0 ? { policy: 'deny' as const } : {}),
        rules:
          k + 1 < n ? [{ action: 'jump' as const, target: `L${k + 1}` }] : [{ action: 'permit' as const }],
      })),
    );

  it('follows a long chain of distinct lists that is not a loop', () => {
    const v = evaluateDevice(chain(20), query());
    expect([v.action, v.ruleId, v.uncertain]).toEqual(['permit', 'L19#1', []]);
    expect(v.trace).toHaveLength(20);
  });

  it('gives up past the nesting limit, returning and saying so', () => {
    const v = evaluateDevice(chain(100), query());
    expect([v.action, v.reason, v.rule?.line]).toEqual(['deny', 'default', 1]);
    expect(v.uncertain).toHaveLength(1);
    expect(v.uncertain[0]).toContain('nest deeper than 64');
  });
});
