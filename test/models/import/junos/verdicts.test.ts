/**
 * Verdicts through the converted Device (evaluateDevice), pinning the action and the cited line
 * for the Junos traps: policy order, insert before/after, global after zone-pair policies, the
 * default policy, inactive policies, excluded addresses, application sets, junos-* applications,
 * intra-zone traffic, and firewall filter terms (except, next term, implicit accept / discard).
 */
import { describe, expect, it } from 'vitest';
import { device, expectVerdict, flow, lineOf, listVerdict, verdict } from './support';

describe('zone-policies (set and curly forms)', () => {
  for (const F of ['zone-policies.set', 'zone-policies.conf']) {
    const dev = device(F);
    const policy = (name: string): number => lineOf(F, `policy ${name}`);
    const TRUST_DMZ = { in: 'ge-0/0/0.0', out: 'ge-0/0/2.0' } as const;
    const TRUST_UNTRUST = { from: 'trust', toZone: 'untrust' } as const;

    it(`${F}: the first matching policy decides (admin denied though allow-web covers it)`, () => {
      expectVerdict(
        verdict(dev, flow('tcp', '10.1.0.5', '10.2.0.10', 40000, 80), TRUST_DMZ),
        'deny',
        F,
        policy('deny-admin-web'),
      );
      expectVerdict(
        verdict(dev, flow('tcp', '10.1.0.6', '10.2.0.10', 40000, 80), TRUST_DMZ),
        'permit',
        F,
        policy('allow-web'),
      );
    });

    it(`${F}: an application-set matches each member (junos-http and a custom tcp/8080)`, () => {
      expectVerdict(
        verdict(dev, flow('tcp', '10.1.0.6', '10.2.0.10', 40000, 8080), TRUST_DMZ),
        'permit',
        F,
        policy('allow-web'),
      );
      const v = verdict(dev, flow('tcp', '10.1.0.6', '10.2.0.10', 40000, 8443), TRUST_DMZ);
      expectVerdict(v, 'deny', F, lineOf(F, 'deny-all'));
      expect(v.reason).toBe('default');
    });

    it(`${F}: source-address-excluded matches every source outside the listed addresses`, () => {
      const v = verdict(dev, flow('tcp', '172.16.0.9', '198.51.100.7', 40000, 22), TRUST_UNTRUST);
      expectVerdict(v, 'deny', F, policy('not-lan'));
      expect(dev.lists.get('trust->untrust')!.rules[0]!.detail).toBe('reject');
      // The LAN and the printer range are excluded from not-lan, so ssh-out decides.
      expectVerdict(
        verdict(dev, flow('tcp', '10.1.0.7', '198.51.100.7', 40000, 22), TRUST_UNTRUST),
        'permit',
        F,
        policy('ssh-out'),
      );
      expectVerdict(
        verdict(dev, flow('tcp', '10.1.0.105', '198.51.100.7', 40000, 22), TRUST_UNTRUST),
        'permit',
        F,
        policy('ssh-out'),
      );
    });

    it(`${F}: global policies apply after the zone-pair policies, to every zone pair`, () => {
      // trust -> untrust: not-lan would reject a non-LAN source before the global g-ping.
      expectVerdict(
        verdict(dev, flow('icmp', '10.1.0.7', '198.51.100.7', 0, 8), TRUST_UNTRUST),
        'permit',
        F,
        policy('g-ping'),
      );
      expectVerdict(
        verdict(dev, flow('icmp', '172.16.0.9', '198.51.100.7', 0, 8), TRUST_UNTRUST),
        'deny',
        F,
        policy('not-lan'),
      );
      // untrust -> trust has no policies of its own: the global ones, then the default.
      const fromOutside = { from: 'untrust', toZone: 'trust' } as const;
      expectVerdict(
        verdict(dev, flow('icmp', '198.51.100.7', '10.1.0.7', 0, 8), fromOutside),
        'permit',
        F,
        policy('g-ping'),
      );
      expectVerdict(
        verdict(dev, flow('icmp', '198.51.100.7', '10.1.0.7', 0, 0), fromOutside),
        'deny',
        F,
        lineOf(F, 'deny-all'),
      );
      expectVerdict(
        verdict(dev, flow('udp', '10.1.0.7', '198.51.100.53', 40000, 53), TRUST_UNTRUST),
        'permit',
        F,
        policy('g-dns'),
      );
    });

    it(`${F}: zones come from the interfaces when the query names interfaces`, () => {
      const v = verdict(dev, flow('tcp', '198.51.100.7', '10.2.0.10', 40000, 80), {
        in: 'ge-0/0/1.0',
        out: 'ge-0/0/2.0',
      });
      expectVerdict(v, 'deny', F, lineOf(F, 'deny-all'));
      expect(v.uncertain).toEqual([]);
    });
  }
});

describe('insert-deactivate', () => {
  const F = 'insert-deactivate.set';
  const dev = device(F);
  const Q = { from: 'inside', toZone: 'outside' } as const;

  it('insert before moves a policy ahead of the one it names', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '10.0.0.1', '192.0.2.1', 40000, 23), Q),
      'deny',
      F,
      lineOf(F, 'policy block-telnet match source-address'),
    );
  });

  it('insert after puts a policy behind a broader permit, which then shadows it', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '10.0.0.1', '192.0.2.1', 40000, 22), Q),
      'permit',
      F,
      lineOf(F, 'policy allow-all match source-address'),
    );
  });

  it('a deactivated policy is skipped even where insert moved it', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '10.0.0.1', '192.0.2.1', 40000, 21), Q),
      'permit',
      F,
      lineOf(F, 'policy allow-all match source-address'),
    );
    expect(dev.lists.get('inside->outside')!.rules.map((r) => r.origin.name.split(' ').pop())).toEqual([
      'block-telnet',
      'allow-all',
      'block-ssh',
    ]);
  });
});

describe('inactive-and-default', () => {
  const F = 'inactive-and-default.conf';
  const dev = device(F);

  it('an inactive: policy is skipped and, without default-policy, the implicit deny-all decides', () => {
    const v = verdict(dev, flow('tcp', '10.0.0.1', '10.9.0.1', 40000, 25), {
      in: 'ge-0/0/0.0',
      out: 'ge-0/0/1.0',
    });
    expectVerdict(v, 'deny', F, null);
    expect(v.reason).toBe('implicit-deny');
    expectVerdict(
      verdict(dev, flow('tcp', '10.0.0.1', '10.9.0.1', 40000, 443), { in: 'ge-0/0/0.0', out: 'ge-0/0/1.0' }),
      'permit',
      F,
      lineOf(F, 'policy allow-web'),
    );
  });

  it('intra-zone traffic follows the from-zone Z to-zone Z policies', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '10.0.0.1', '10.0.0.2', 40000, 22), { from: 'a', toZone: 'a' }),
      'permit',
      F,
      lineOf(F, 'policy intra-ssh'),
    );
    expectVerdict(
      verdict(dev, flow('tcp', '10.0.0.1', '10.0.0.2', 40000, 80), { from: 'a', toZone: 'a' }),
      'deny',
      F,
      null,
    );
  });
});

describe.each(['filter-terms.set', 'filter-terms.conf'])('%s', (F) => {
  const dev = device(F);
  const IN = { in: 'ge-0/0/0.0', out: 'ge-0/0/1.0' } as const;
  const term = (name: string): number => lineOf(F, `term ${name} `);

  it('except: the longest matching prefix decides', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '10.5.0.1', '10.0.0.9', 40000, 80), IN),
      'deny',
      F,
      term('no-bogons'),
    );
    // 10.1.2.0/24 is excepted from the bogon term: it goes on to the web term.
    expectVerdict(verdict(dev, flow('tcp', '10.1.2.3', '10.0.0.9', 40000, 80), IN), 'permit', F, term('web'));
  });

  it('next term goes on; a term without a terminating action accepts', () => {
    const v = verdict(dev, flow('tcp', '203.0.113.5', '10.0.0.9', 40000, 80), IN);
    expectVerdict(v, 'permit', F, term('web'));
    expect(v.trace.map((s) => s.action)).toEqual(['continue', 'permit']);
  });

  it('port matches either side; tcp-established never matches a first packet; the end discards', () => {
    expectVerdict(
      verdict(dev, flow('udp', '203.0.113.5', '10.0.0.9', 53, 40000), IN),
      'permit',
      F,
      term('dns'),
    );
    expectVerdict(
      verdict(dev, flow('udp', '203.0.113.5', '10.0.0.9', 40000, 53), IN),
      'permit',
      F,
      term('dns'),
    );
    const v = verdict(dev, flow('tcp', '203.0.113.5', '10.0.0.9', 443, 40000), IN);
    expectVerdict(v, 'deny', F, null);
    expect(v.reason).toBe('implicit-deny');
  });

  it('an input filter applies to traffic entering its interface only; IPv6 is not filtered by an inet filter', () => {
    expect(
      verdict(dev, flow('tcp', '10.5.0.1', '198.51.100.9', 40000, 80), {
        in: 'ge-0/0/1.0',
        out: 'ge-0/0/0.0',
      }).action,
    ).toBe('permit');
    expect(verdict(dev, flow('tcp', '2001:db8::1', '2001:db8::2', 40000, 9), IN).action).toBe('permit');
  });

  it('the lo0 input filter guards traffic to the device, whatever the ingress; prefix-lists resolve', () => {
    const toRe = { in: 'ge-0/0/1.0', to: 'to-device' } as const;
    expectVerdict(
      verdict(dev, flow('tcp', '10.9.1.1', '10.255.0.1', 40000, 22), toRe),
      'permit',
      F,
      term('ssh'),
    );
    expectVerdict(
      verdict(dev, flow('tcp', '10.8.1.1', '10.255.0.1', 40000, 22), toRe),
      'deny',
      F,
      term('rest'),
    );
    expectVerdict(
      verdict(dev, flow('icmp', '10.8.1.1', '10.255.0.1', 0, 8), toRe),
      'permit',
      F,
      term('icmp'),
    );
  });

  it('--filter evaluates one filter on its own', () => {
    expectVerdict(
      listVerdict(dev, 'EDGE-IN', flow('tcp', '10.5.0.1', '10.0.0.9', 40000, 80)),
      'deny',
      F,
      term('no-bogons'),
    );
  });
});

describe('nat', () => {
  const F = 'nat.set';
  const dev = device(F);

  it('records source and destination NAT, skips "off", and marks flows destination NAT may translate', () => {
    expect(dev.nat.map((n) => [n.kind, n.translates, n.source.line])).toEqual([
      ['masquerade', 'source', lineOf(F, 'rule all match')],
      ['dnat', 'destination', lineOf(F, 'rule web match destination-address-name')],
    ]);
    expect(dev.support.nat).toBe('recorded');
    const v = verdict(dev, flow('tcp', '198.51.100.7', '203.0.113.10', 40000, 443), {
      from: 'outside',
      toZone: 'inside',
    });
    expectVerdict(v, 'permit', F, lineOf(F, 'policy web match source-address'));
    expect(v.uncertain.some((u) => u.includes('destination NAT'))).toBe(true);
  });
});

describe('junos-* predefined applications', () => {
  const F = 'zone-policies.set';
  const dev = device(F);

  it('junos-ssh is tcp/22 only', () => {
    const Q = { from: 'trust', toZone: 'untrust' } as const;
    expectVerdict(
      verdict(dev, flow('tcp', '10.1.0.7', '198.51.100.7', 40000, 22), Q),
      'permit',
      F,
      lineOf(F, 'policy ssh-out'),
    );
    expectVerdict(
      verdict(dev, flow('udp', '10.1.0.7', '198.51.100.7', 40000, 22), Q),
      'deny',
      F,
      lineOf(F, 'deny-all'),
    );
  });
});
