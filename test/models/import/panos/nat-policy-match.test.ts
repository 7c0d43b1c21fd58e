import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Device } from '../../../../models/device';
import { parseAddress, type IpAddress } from '../../../../models/net';
import { traceSite } from '../../../../models/reach';
import { assembleSite, buildNetwork } from '../../../../models/topology';
import { device, repoRoot } from './support';

/**
 * PAN-OS evaluates NAT first, then security policy against the pre-NAT addresses and port with
 * the post-NAT destination zone (Palo Alto, "Destination NAT example: one-to-one mapping": "the
 * security policy refers to the IP address in the original packet"). The device says so with
 * natPolicyMatch 'original', which the site trace uses after applying the NAT rule's rewrite.
 */
const SITE = path.join(repoRoot, 'test', 'fixtures', 'scenarios', 'mill-dnat');
const ip = (t: string): IpAddress => {
  const p = parseAddress(t);
  if (!p.ok) throw new Error(p.error);
  return p.value;
};

describe('PAN-OS: security policy sees the pre-NAT destination', () => {
  it.each(['zone-policies.xml', 'zone-policies.set', 'zone-policies.conf'])(
    '%s: the device says natPolicyMatch original',
    (name) => {
      expect(device(name).natPolicyMatch).toBe('original');
    },
  );

  const files = fs
    .readdirSync(SITE)
    .filter((n) => n !== 'README.md')
    .map((name) => ({ name, text: fs.readFileSync(path.join(SITE, name), 'utf8') }));
  const site = assembleSite(files);
  // IT -> 172.16.1.80:80, which the PAN-OS translates to 10.30.0.20:8443 (dmz-outer-pa.set:30).
  const flow = { proto: 6, src: ip('10.10.0.50'), dst: ip('172.16.1.80'), sport: 49152, dport: 80 };

  it('a rule naming the pre-NAT address and port permits the translated flow into the post-NAT zone', () => {
    const v = traceSite(site.network, flow);
    expect(v.action).toBe('permit');
    const pa = v.decisive.hops.find((h) => h.device === 'dmz-outer-pa')!;
    expect([pa.in, pa.out]).toEqual(['ethernet1/1', 'ethernet1/2']);
    expect(pa.nat?.rule.line).toBe(30);
    expect(pa.nat?.port).toBe(8443);
    expect(pa.verdict.rule?.text).toBe('set rulebase security rules allow-it-hist-portal from untrust');
  });

  it('the same site with the filter seeing the translated destination would deny it (the bug this fixes)', () => {
    const translated = site.network.devices.map((d): Device =>
      d.vendor === 'panos' ? { ...d, natPolicyMatch: 'translated' } : d,
    );
    // The devices already carry the cell gateway's ip addr / ip route facts.
    const net = buildNetwork({ devices: translated });
    const v = traceSite(net, flow);
    expect(v.action).toBe('deny');
    expect(v.denyingHop?.device).toBe('dmz-outer-pa');
    expect(v.denyingHop?.verdict.rule?.text).toBe(
      'set rulebase default-security-rules rules interzone-default action deny',
    );
  });
});
