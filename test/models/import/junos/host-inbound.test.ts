/**
 * host-inbound-traffic: traffic addressed to the SRX itself from a zone passes only the listed
 * system services / protocols (else the implicit drop); interface settings override the zone's
 * (per category); `all` and `except`; unverified services are uncertain; then any to-zone
 * junos-host policies. Both input forms.
 */
import { describe, expect, it } from 'vitest';
import {
  codesAndLines,
  device,
  expectVerdict,
  flow,
  lineOf,
  load,
  renderDevice,
  stableJson,
  verdict,
} from './support';

describe('host-inbound (set and curly forms)', () => {
  for (const F of ['host-inbound.set', 'host-inbound.conf']) {
    const dev = device(F);
    const set = F.endsWith('.set');
    const at = (text: string): number => lineOf(F, text);
    const toDevice = (iface: string) => ({ in: iface, to: 'to-device' }) as const;
    const ssh = flow('tcp', '10.9.0.9', '10.2.0.1', 40000, 22);

    it(`${F}: a zone with nothing enabled drops everything addressed to the device`, () => {
      const v = verdict(dev, ssh, toDevice('ge-0/0/1.0'));
      expect(v.action).toBe('deny');
      expect(v.rule).toBeNull();
      // Transit traffic is not affected by host-inbound-traffic.
      expect(
        dev.bindings
          .filter((b) => b.list.startsWith('host-inbound'))
          .every((b) => b.attachment === 'to-device'),
      ).toBe(true);
    });

    it(`${F}: listed services pass, others are dropped; the verdict cites the service line`, () => {
      const dmz = toDevice('ge-0/0/2.0');
      expectVerdict(verdict(dev, ssh, dmz), 'permit', F, at(set ? 'system-services ssh' : 'ssh;'));
      expectVerdict(
        verdict(dev, flow('icmp', '10.9.0.9', '10.2.0.1', 0, 8), dmz),
        'permit',
        F,
        at(set ? 'system-services ping' : 'ping;'),
      );
      expectVerdict(
        verdict(dev, flow('tcp', '10.9.0.9', '10.2.0.1', 40000, 179), dmz),
        'permit',
        F,
        at(set ? 'protocols bgp' : 'bgp;'),
      );
      const https = verdict(dev, flow('tcp', '10.9.0.9', '10.2.0.1', 40000, 443), dmz);
      expect(https.action).toBe('deny');
      expect(https.rule).toBeNull();
    });

    it(`${F}: interface system-services override the zone's; the zone's protocols still apply`, () => {
      const ge3 = toDevice('ge-0/0/3.0');
      expectVerdict(
        verdict(dev, flow('tcp', '10.9.0.9', '10.3.0.1', 40000, 443), ge3),
        'permit',
        F,
        at(set ? 'system-services https' : 'https;'),
      );
      expect(verdict(dev, ssh, ge3).action).toBe('deny');
      expect(verdict(dev, flow('icmp', '10.9.0.9', '10.3.0.1', 0, 8), ge3).action).toBe('deny');
      expectVerdict(
        verdict(dev, flow('tcp', '10.9.0.9', '10.3.0.1', 40000, 179), ge3),
        'permit',
        F,
        at(set ? 'protocols bgp' : 'bgp;'),
      );
    });

    it(`${F}: ike is udp/500; NAT-T udp/4500 and unverified services are permitted but uncertain`, () => {
      const ge3 = toDevice('ge-0/0/3.0');
      const ike = verdict(dev, flow('udp', '10.9.0.9', '10.3.0.1', 500, 500), ge3);
      expectVerdict(ike, 'permit', F, at(set ? 'system-services ike' : 'ike;'));
      expect(ike.uncertain).toEqual([]);
      const natT = verdict(dev, flow('udp', '10.9.0.9', '10.3.0.1', 4500, 4500), ge3);
      expect(natT.action).toBe('permit');
      expect(natT.uncertain.length).toBeGreaterThan(0);
      const trace = verdict(dev, flow('udp', '10.9.0.9', '10.4.0.1', 40000, 33434), toDevice('ge-0/0/4.0'));
      expectVerdict(trace, 'permit', F, at(set ? 'services traceroute' : 'traceroute;'));
      expect(trace.uncertain.length).toBeGreaterThan(0);
    });

    it(`${F}: all with except, then the to-zone junos-host policies`, () => {
      const trust = toDevice('ge-0/0/0.0');
      expectVerdict(verdict(dev, ssh, trust), 'permit', F, at('policy mgmt'));
      expectVerdict(
        verdict(dev, flow('tcp', '10.9.0.9', '10.1.0.1', 40000, 23), trust),
        'deny',
        F,
        at(set ? 'telnet except' : 'except;'),
      );
      // Enabled by `all`, but the junos-host policies end in the implicit deny.
      const http = verdict(dev, flow('tcp', '10.9.0.9', '10.1.0.1', 40000, 80), trust);
      expect(http.action).toBe('deny');
    });

    it(`${F}: only the unverified service is reported`, () => {
      expect(codesAndLines(load(F).diagnostics)).toEqual([
        ['uncertain-match', at(set ? 'services traceroute' : 'traceroute;')],
      ]);
    });
  }

  it('both forms give the same neutral model', () => {
    expect(stableJson(renderDevice(load('host-inbound.conf'), false))).toBe(
      stableJson(renderDevice(load('host-inbound.set'), false)),
    );
  });
});
