import { describe, expect, it } from 'vitest';
import { formatServiceSet, serviceContains } from '../../../models/net';
import { traceSite, zoneMatrix } from '../../../models/reach';
import { asset, filter, flow, testSite } from './helpers';

const site = () =>
  testSite(
    [
      {
        name: 'fw1',
        rules: filter(
          '-A FORWARD -s 10.1.0.0/24 -d 10.2.0.10/32 -p tcp --dport 443 -j ACCEPT\n-A FORWARD -s 10.1.0.0/25 -p tcp --dport 3389 -j ACCEPT',
        ),
        interfaces: { eth0: '10.1.0.1/24', eth1: '10.2.0.1/24' },
        routes: ['10.3.0.0/24 via 10.2.0.2'],
      },
      {
        name: 'fw2',
        rules: filter('-A FORWARD -i eth0 -o eth1 -p tcp --dport 3000:3999 -j ACCEPT'),
        interfaces: { eth0: '10.2.0.2/24', eth1: '10.3.0.1/24' },
        routes: ['10.1.0.0/24 via 10.2.0.1'],
      },
    ],
    [
      asset('10.1.0.5', 'pc1', { zone: 'corp' }),
      asset('10.2.0.10', 'web', { zone: 'dmz' }),
      asset('10.3.0.7', 'ews', { zone: 'ot' }),
    ],
  );

describe('zoneMatrix', () => {
  it('finds the services open between zones, with the rules on every device', () => {
    const net = site();
    const m = zoneMatrix(net);
    const byPair = new Map(m.conduits.map((c) => [`${c.from}>${c.to}`, c]));
    expect(formatServiceSet(byPair.get('corp>dmz')!.services)).toBe('tcp/443,3389');
    expect(formatServiceSet(byPair.get('corp>ot')!.services)).toBe('tcp/3389');
    expect(byPair.has('ot>corp')).toBe(false);
    const ev = byPair.get('corp>ot')!.evidence[0]!;
    expect(ev.hops.map((h) => [h.device, h.rule?.line])).toEqual([
      ['fw1', 6],
      ['fw2', 5],
    ]);
  });

  it('agrees with traceSite on every probe of a grid of flows', () => {
    const net = site();
    const m = zoneMatrix(net);
    const zoneOfIp = (ip: string): string =>
      net.segments.find((s) => s.prefix.text.startsWith(ip.split('.').slice(0, 3).join('.')))!.zone;
    for (const src of ['10.1.0.5', '10.1.0.200']) {
      for (const dst of ['10.2.0.10', '10.2.0.11', '10.3.0.7']) {
        for (const port of [22, 443, 3000, 3389, 3999, 4000]) {
          const f = flow('tcp', src, dst, port);
          const v = traceSite(net, f);
          const c = m.conduits.find((x) => x.from === zoneOfIp(src) && x.to === zoneOfIp(dst));
          // The matrix is a union over the zone: a permit must be in it.
          if (v.action === 'permit') expect(c && serviceContains(c.services, 6, 49152, port)).toBeTruthy();
        }
      }
    }
  });
});
