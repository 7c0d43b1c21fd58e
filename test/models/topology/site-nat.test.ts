import { describe, expect, it } from 'vitest';
import { formatAddress } from '../../../models/net';
import { traceSite } from '../../../models/reach';
import { flow, testSite } from './helpers';

/**
 *   internet 203.0.113.0/29 --edge (wan 203.0.113.2) -- 10.2.0.0/24 dmz (web 10.2.0.10)
 * edge forwards tcp/8443 on its public address to the web server's 443.
 */
const rules = (prerouting: string): string =>
  [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    prerouting,
    'COMMIT',
    '*filter',
    ':INPUT DROP [0:0]',
    ':FORWARD DROP [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    '-A FORWARD -d 10.2.0.10/32 -p tcp -m tcp --dport 443 -j ACCEPT',
    'COMMIT',
    '',
  ].join('\n');

const site = (prerouting: string) =>
  testSite([
    {
      name: 'edge',
      rules: rules(prerouting),
      interfaces: { wan: '203.0.113.2/29', dmz: '10.2.0.1/24' },
      routes: ['0.0.0.0/0 via 203.0.113.1'],
    },
  ]);

describe('destination NAT across the site', () => {
  const dnat =
    '-A PREROUTING -d 203.0.113.2/32 -i wan -p tcp -m tcp --dport 8443 -j DNAT --to-destination 10.2.0.10:443';

  it('applies an exact DNAT in nat PREROUTING before routing and filtering', () => {
    const v = traceSite(site(dnat), flow('tcp', '198.51.100.7', '203.0.113.2', 8443));
    expect(v.action).toBe('permit');
    const hop = v.decisive.hops[0]!;
    expect([hop.device, hop.in, hop.out]).toEqual(['edge', 'wan', 'dmz']);
    expect(hop.nat && [formatAddress(hop.nat.to), hop.nat.port, hop.nat.rule.line]).toEqual([
      '10.2.0.10',
      443,
      4,
    ]);
    expect(hop.verdict.rule?.line).toBe(10);
  });

  it('a flow the DNAT does not match is addressed to the firewall itself and meets INPUT', () => {
    const v = traceSite(site(dnat), flow('tcp', '198.51.100.7', '203.0.113.2', 22));
    expect(v.action).toBe('deny');
    expect(v.decisive.hops[0]!.out).toBeNull();
  });

  it('after a RETURN the DNAT is recorded but not applied (its first match is not knowable offline)', () => {
    const v = traceSite(
      site(`-A PREROUTING -s 198.51.100.0/24 -j RETURN\n${dnat}`),
      flow('tcp', '192.0.2.7', '203.0.113.2', 8443),
    );
    expect(v.decisive.hops[0]!.nat).toBeNull();
  });
});
