import { describe, expect, it } from 'vitest';
import { SelectorError, lateralMovement } from '../../../models/paths';
import { asset, filter, testSite } from './helpers';

/**
 *   corp 10.1.0.0/24 --fw1-- dmz 10.2.0.0/24 --fw2-- ops 10.3.0.0/24 --fw3-- cell 10.4.0.0/24
 * fw1: corp may RDP to the jump host; fw2: the jump host may RDP to the EWS; fw3: the EWS may
 * speak Modbus to the PLCs. A second corp PC has nothing open.
 */
const site = (extraFw2 = '') =>
  testSite(
    [
      {
        name: 'fw1',
        rules: filter('-A FORWARD -s 10.1.0.0/25 -d 10.2.0.10 -p tcp --dport 3389 -j ACCEPT'),
        interfaces: { corp: '10.1.0.1/24', dmz: '10.2.0.1/24' },
        routes: ['10.3.0.0/24 via 10.2.0.2', '10.4.0.0/24 via 10.2.0.2'],
      },
      {
        name: 'fw2',
        rules: filter(`-A FORWARD -s 10.2.0.10 -d 10.3.0.20 -p tcp --dport 3389 -j ACCEPT\n${extraFw2}`),
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
      asset('10.1.0.5', 'pc-1', { zone: 'corp', purdueLevel: 4, role: 'workstation' }),
      asset('10.1.0.200', 'pc-2', { zone: 'corp', purdueLevel: 4, role: 'workstation' }),
      asset('10.2.0.10', 'jump', { zone: 'dmz', purdueLevel: 3.5, role: 'jump-host' }),
      asset('10.3.0.20', 'ews-1', { zone: 'ops', purdueLevel: 3, role: 'ews' }),
      asset('10.3.0.30', 'hist', { zone: 'ops', purdueLevel: 3, role: 'historian' }),
      asset('10.4.0.10', 'plc-1', { zone: 'cell', purdueLevel: 1, role: 'plc' }),
      asset('10.4.0.11', 'plc-2', { zone: 'cell', purdueLevel: 1, role: 'plc' }),
    ],
  );

describe('lateralMovement', () => {
  it('finds the path corp -> jump host -> EWS -> PLC with the rule on every device of every hop', () => {
    const lm = lateralMovement(site());
    const plc = lm.targets.find((t) => t.target === 'plc-1')!;
    expect(plc.alike).toEqual(['plc-2']);
    expect(plc.length).toBe(3);
    const path = plc.paths[0]!;
    expect(path.from).toBe('pc-1');
    expect(path.hops.map((h) => [h.from, h.to, h.service, h.kind])).toEqual([
      ['pc-1', 'jump', 'tcp/3389 (rdp)', 'pivot'],
      ['jump', 'ews-1', 'tcp/3389 (rdp)', 'pivot'],
      ['ews-1', 'plc-1', 'tcp/502 (modbus)', 'impact'],
    ]);
    expect(path.hops.map((h) => h.devices.map((d) => `${d.device}:${d.rule?.line}`))).toEqual([
      ['fw1:5'],
      ['fw2:5'],
      ['fw3:5'],
    ]);
    // the EWS itself is a target (critical role) reached in two hops
    expect(lm.targets.find((t) => t.target === 'ews-1')!.length).toBe(2);
  });

  it('reports the blast radius of each foothold class (same-segment hosts are open to each other)', () => {
    const lm = lateralMovement(site());
    const pc1 = lm.blastRadius.find((b) => b.foothold === 'pc-1')!;
    // pc-2 on its own segment (flat), the jump host, then the EWS and the historian beside it.
    expect(pc1.byLevel).toEqual({ '4': 1, '3.5': 1, '3': 2 });
    expect(pc1.targetsReached).toBe(3);
  });

  it('a target no path reaches is listed as unreachable', () => {
    const lm = lateralMovement(site(), { from: ['jump'], to: ['pc-2'] });
    expect(lm.targets).toEqual([]);
    expect(lm.unreachableTargets).toEqual(['pc-2']);
  });

  it('counts distinct shortest paths', () => {
    // A second way from the DMZ into ops: the jump host may also use WinRM to the historian,
    // and the historian may Modbus the PLCs? No: only the EWS may (fw3). Add SMB jump -> EWS.
    const lm = lateralMovement(site('-A FORWARD -s 10.2.0.10 -d 10.3.0.30 -p tcp --dport 5985 -j ACCEPT'), {
      to: ['plc-1'],
    });
    expect(lm.targets[0]!.shortestPaths).toBe(1);
  });

  it('selectors: zones, names, addresses, CIDRs; an unknown one is an error', () => {
    expect(lateralMovement(site(), { from: ['10.4.0.11'], to: ['corp'] }).targets).toEqual([]);
    expect(
      lateralMovement(site(), { from: ['corp'], to: ['10.4.0.0/24'] }).targets.map((t) => t.target),
    ).toEqual(['plc-1']);
    expect(() => lateralMovement(site(), { from: ['nowhere'] })).toThrow(SelectorError);
  });
});
