import { describe, expect, it } from 'vitest';
import { EditError, applyEdits, comparePaths, lateralMovement, remediationCut } from '../../../models/paths';
import { parseAddressSpec } from '../../../models/net';
import { asset, filter, testSite } from './helpers';

const site = () =>
  testSite(
    [
      {
        name: 'fw1',
        rules: filter(
          [
            '-A FORWARD -s 10.1.0.0/24 -d 10.2.0.10 -p tcp --dport 3389 -j ACCEPT',
            '-A FORWARD -s 10.1.0.0/24 -d 10.3.0.0/24 -p tcp --dport 3389 -j ACCEPT',
          ].join('\n'),
        ),
        interfaces: { corp: '10.1.0.1/24', dmz: '10.2.0.1/24' },
        routes: ['10.3.0.0/24 via 10.2.0.2', '10.4.0.0/24 via 10.2.0.2'],
      },
      {
        name: 'fw2',
        rules: filter(
          [
            '-A FORWARD -s 10.2.0.10 -d 10.3.0.20 -p tcp --dport 3389 -j ACCEPT',
            '-A FORWARD -s 10.1.0.0/24 -d 10.3.0.20 -p tcp --dport 3389 -j ACCEPT',
          ].join('\n'),
        ),
        interfaces: { dmz: '10.2.0.2/24', ops: '10.3.0.1/24' },
        routes: ['10.1.0.0/24 via 10.2.0.1', '10.4.0.0/24 via 10.3.0.2'],
      },
      {
        name: 'fw3',
        rules: filter('-A FORWARD -s 10.3.0.20 -d 10.4.0.0/24 -p tcp --dport 502 -j ACCEPT'),
        interfaces: { ops: '10.3.0.2/24', cell: '10.4.0.1/24' },
        routes: ['0.0.0.0/0 via 10.3.0.1'],
      },
    ],
    [
      asset('10.1.0.5', 'pc-1', { zone: 'corp', purdueLevel: 4 }),
      asset('10.2.0.10', 'jump', { zone: 'dmz', purdueLevel: 3.5, role: 'jump-host' }),
      asset('10.3.0.20', 'ews-1', { zone: 'ops', purdueLevel: 3, role: 'ews' }),
      asset('10.4.0.10', 'plc-1', { zone: 'cell', purdueLevel: 1, role: 'plc' }),
    ],
  );

describe('what-if and remediation', () => {
  it('disabling a rule closes the paths through it and opens none', () => {
    const net = site();
    const before = lateralMovement(net, { to: ['plc-1'] });
    const after = lateralMovement(
      applyEdits(net, [{ kind: 'disable', device: 'fw3', rule: 'filter/FORWARD#1' }]),
      {
        to: ['plc-1'],
      },
    );
    const diff = comparePaths(before, after);
    expect(diff.targetsNowUnreachable).toEqual(['plc-1']);
    expect(diff.opened).toEqual([]);
    expect(diff.closed.length).toBeGreaterThan(0);
  });

  it('narrowing or adding a deny above changes what the rule lets through', () => {
    const net = site();
    const only = parseAddressSpec('10.1.0.99');
    if (!only.ok) throw new Error('address');
    const narrowed = applyEdits(net, [
      { kind: 'narrow', device: 'fw3', rule: 'filter/FORWARD#1', dst: only.value.set },
    ]);
    expect(lateralMovement(narrowed, { to: ['plc-1'] }).targets).toEqual([]);
    const denied = applyEdits(net, [
      {
        kind: 'deny-above',
        device: 'fw2',
        rule: 'filter/FORWARD#1',
        src: parseAddressSpec('10.0.0.0/8').ok
          ? (parseAddressSpec('10.0.0.0/8') as { ok: true; value: { set: never } }).value.set
          : only.value.set,
        dst: only.value.set,
        service: new Map(),
      },
    ]);
    expect(denied.devices[1]!.lists.get('filter/FORWARD')!.rules[0]!.id).toBe(
      'filter/FORWARD#1/what-if-deny',
    );
  });

  it('an edit naming a missing device or rule is an error', () => {
    expect(() => applyEdits(site(), [{ kind: 'disable', device: 'nope', rule: 'x' }])).toThrow(EditError);
    expect(() => applyEdits(site(), [{ kind: 'disable', device: 'fw1', rule: 'x' }])).toThrow(EditError);
  });

  it('a cut removes permit rules until no foothold reaches a target, verified by re-running', () => {
    const net = site();
    // The PLC alone: every path ends with fw3's Modbus rule, so that one rule is the cut.
    const plc = remediationCut(net, { to: ['plc-1'] });
    expect(plc.rules.map((r) => `${r.device}:${r.source.line}`)).toEqual(['fw3:5']);
    expect(plc.closesAll).toBe(true);
    // With the EWS a target too (a critical role), IT must lose both ways into the DMZ and ops.
    const cut = remediationCut(net, {});
    expect(cut.before.targets.length).toBeGreaterThan(0);
    expect(cut.closesAll).toBe(true);
    expect(cut.after.targets).toEqual([]);
    expect(cut.rules.map((r) => `${r.device}:${r.source.line}`).sort()).toEqual(['fw1:5', 'fw1:6']);
    const verify = lateralMovement(
      applyEdits(
        net,
        cut.rules.map((r) => ({ kind: 'disable', device: r.device, rule: r.rule })),
      ),
    );
    expect(verify.targets).toEqual([]);
  });
});
