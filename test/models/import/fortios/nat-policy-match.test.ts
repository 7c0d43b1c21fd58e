import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Device } from '../../../../models/device';
import { parseAddress, type IpAddress } from '../../../../models/net';
import { traceSite } from '../../../../models/reach';
import { assembleSite, buildNetwork } from '../../../../models/topology';
import { repoRoot } from '../shared/corpus';
import { device } from './support';

/**
 * FortiOS applies a VIP (destination NAT) before the policy lookup, and a policy whose dstaddr
 * is the VIP matches the mapped address and the mapped port ("services match the mapped
 * port"). The importer resolves such a dstaddr to the mapped addresses, so the device says
 * natPolicyMatch 'translated'; 'original' would make every VIP flow miss its policy.
 */
const SITE = path.join(repoRoot, 'test', 'fixtures', 'scenarios', 'mill-dnat');
const ip = (t: string): IpAddress => {
  const p = parseAddress(t);
  if (!p.ok) throw new Error(p.error);
  return p.value;
};

describe('FortiOS: policies see the VIP-translated destination', () => {
  it('the device says natPolicyMatch translated', () => {
    expect(device('policies.conf').natPolicyMatch).toBe('translated');
  });

  const files = fs
    .readdirSync(SITE)
    .filter((n) => n !== 'README.md')
    .map((name) => ({ name, text: fs.readFileSync(path.join(SITE, name), 'utf8') }));
  const site = assembleSite(files);
  // The internet to 203.0.113.2:443, VIP vip-web-dmz -> 10.30.0.10:443 (edge-fgt.conf:95).
  const flow = { proto: 6, src: ip('198.51.100.7'), dst: ip('203.0.113.2'), sport: 49152, dport: 443 };

  it('the VIP flow meets the policy that names the VIP', () => {
    const v = traceSite(site.network, flow);
    expect(v.action).toBe('permit');
    const fgt = v.decisive.hops[0]!;
    expect([fgt.device, fgt.in, fgt.out, fgt.nat?.rule.line]).toEqual(['edge-fgt', 'wan1', 'port3', 95]);
    expect(fgt.verdict.rule?.text).toBe('    edit 10');
  });

  it("with 'original' the same flow would miss it and meet the implicit deny", () => {
    const devices = site.network.devices.map((d): Device =>
      d.vendor === 'fortios' ? { ...d, natPolicyMatch: 'original' } : d,
    );
    const v = traceSite(buildNetwork({ devices }), flow);
    expect(v.action).toBe('deny');
    expect(v.denyingHop?.device).toBe('edge-fgt');
    expect(v.denyingHop?.verdict.reason).toBe('implicit-deny');
  });
});
