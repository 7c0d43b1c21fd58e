import { describe, expect, it } from 'vitest';
import { bundledResolvers, dnsEgressGaps } from '../../../models/egress';
import { asset, filter, testSite } from './helpers';

/**
 *   internet <- 203.0.113.1 -- edge (wan 203.0.113.2/29, in 10.9.0.1/24) -- 10.9.0.0/24 transit --
 *   inner (10.9.0.2/24; corp 10.1.0.1/24, ops 10.3.0.1/24)
 * edge: corp may HTTPS anywhere; ops only to 1.0.0.1 (Cloudflare, 1.0.0.1) on 443 and 853; the DNS
 * server 10.3.0.53 may send DNS to 8.8.8.8.
 */
const site = () =>
  testSite(
    [
      {
        name: 'edge',
        rules: filter(
          [
            '-A FORWARD -s 10.1.0.0/24 -o wan -p tcp --dport 443 -j ACCEPT',
            '-A FORWARD -s 10.3.0.0/24 -d 1.0.0.1 -p tcp -m multiport --dports 443,853 -j ACCEPT',
            '-A FORWARD -s 10.3.0.53 -d 8.8.8.8 -p udp --dport 53 -j ACCEPT',
          ].join('\n'),
        ),
        interfaces: { wan: '203.0.113.2/29', in: '10.9.0.1/24' },
        routes: ['0.0.0.0/0 via 203.0.113.1', '10.1.0.0/24 via 10.9.0.2', '10.3.0.0/24 via 10.9.0.2'],
      },
      {
        name: 'inner',
        rules: filter('-A FORWARD -o up -j ACCEPT'),
        interfaces: { up: '10.9.0.2/24', corp: '10.1.0.1/24', ops: '10.3.0.1/24' },
        routes: ['0.0.0.0/0 via 10.9.0.1'],
      },
    ],
    [
      asset('10.1.0.5', 'pc-1', { zone: 'corp', purdueLevel: 4 }),
      asset('10.3.0.20', 'hist', { zone: 'ops', purdueLevel: 3, role: 'historian' }),
      asset('10.3.0.53', 'dns-ops', { zone: 'ops', purdueLevel: 3, role: 'server' }),
    ],
  );

describe('dnsEgressGaps', () => {
  it('the bundled list holds the well-known resolvers', () => {
    const names = bundledResolvers().resolvers.filter((r) =>
      r.addresses.some((e) => e.address === '1.0.0.1'),
    );
    expect(names.length).toBeGreaterThan(0);
  });

  it('finds HTTPS-anywhere from IT, DoH/DoT to a listed resolver from OT (critical), raw DNS to 8.8.8.8', () => {
    const gaps = dnsEgressGaps(site());
    const summary = gaps.map((g) => `${g.severity} ${g.asset} ${g.kind} ${g.service} ${g.resolverIp}`);
    expect(summary).toContain('medium pc-1 https-any tcp/443 198.51.100.77');
    expect(summary).toContain('critical hist doh tcp/443 1.0.0.1');
    expect(summary).toContain('critical hist dot tcp/853 1.0.0.1');
    expect(summary).toContain('critical dns-ops dns-direct udp/53 8.8.8.8');
    // nothing from OT to an arbitrary internet host
    expect(summary.filter((s) => s.startsWith('critical hist https-any'))).toEqual([]);
    expect(summary.filter((s) => s.includes('dns-ops dns-direct udp/53 198.51'))).toEqual([]);
    const dot = gaps.find((g) => g.asset === 'hist' && g.kind === 'dot')!;
    expect(dot.devices.map((d) => [d.device, d.rule?.line])).toEqual([
      ['inner', 5],
      ['edge', 6],
    ]);
  });

  it('a designated resolver is not a gap', () => {
    const net = site();
    const withSite = {
      ...net,
      site: {
        file: 'site.yaml',
        zones: [],
        resolvers: [{ value: '8.8.8.8', source: net.assets[0]!.source }],
        conduits: [],
        footholds: [],
        targets: [],
        jumpHosts: [],
      },
    };
    const gaps = dnsEgressGaps(withSite);
    expect(gaps.filter((g) => g.kind === 'dns-direct' && g.resolverIp === '8.8.8.8')).toEqual([]);
  });
});
