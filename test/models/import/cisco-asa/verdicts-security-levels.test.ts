/**
 * Security levels, same-security-traffic, the interface / global / egress ACL order and the
 * implicit deny, each verdict pinned to the line it cites.
 */
import { describe, expect, it } from 'vitest';
import { device, expectVerdict, flow, lineOf, verdict } from './support';

describe('security levels with no ACL bound', () => {
  const file = 'security-levels.cfg';
  const dev = device(file);
  const tcp = flow('tcp', '10.1.0.5', '10.2.0.5', 40000, 443);

  it('permits higher to lower, citing the ingress level (inside defaults to 100 on its nameif line)', () => {
    expectVerdict(
      verdict(dev, tcp, { in: 'inside', out: 'dmz' }),
      'permit',
      file,
      lineOf(file, 'nameif inside'),
    );
    expectVerdict(
      verdict(dev, tcp, { in: 'dmz', out: 'outside' }),
      'permit',
      file,
      lineOf(file, 'security-level 50'),
    );
  });

  it('denies lower to higher, citing the ingress security-level line', () => {
    const v = verdict(dev, tcp, { in: 'outside', out: 'inside' });
    expectVerdict(v, 'deny', file, lineOf(file, 'security-level 0'));
    expect(v.reason).toBe('rule');
    expectVerdict(
      verdict(dev, tcp, { in: 'dmz', out: 'inside' }),
      'deny',
      file,
      lineOf(file, 'security-level 50'),
    );
  });

  it('denies equal levels without same-security-traffic, in both directions', () => {
    expectVerdict(
      verdict(dev, tcp, { in: 'dmz', out: 'partner' }),
      'deny',
      file,
      lineOf(file, 'security-level 50'),
    );
    expectVerdict(
      verdict(dev, tcp, { in: 'partner', out: 'dmz' }),
      'deny',
      file,
      lineOf(file, 'security-level 50', 15),
    );
  });

  it('denies hairpin traffic without same-security-traffic permit intra-interface', () => {
    expectVerdict(
      verdict(dev, tcp, { in: 'inside', out: 'inside' }),
      'deny',
      file,
      lineOf(file, 'nameif inside'),
    );
  });

  it('drops what enters or leaves a shut-down interface, citing shutdown', () => {
    const v = verdict(dev, tcp, { in: 'inside', out: 'spare' });
    expectVerdict(v, 'deny', file, lineOf(file, 'shutdown'));
    expect(v.reason).toBe('default');
  });

  it('an interface without nameif is not a device interface; an unknown egress meets the implicit deny', () => {
    expect(dev.interfaces.map((i) => i.name)).toEqual(['inside', 'dmz', 'partner', 'outside', 'spare']);
    const v = verdict(dev, tcp, { in: 'inside', out: 'Management0/0' });
    expect([v.action, v.reason, v.rule]).toEqual(['deny', 'implicit-deny', null]);
  });

  it('with no egress interface given, the permissive branch is reported as uncertain', () => {
    const v = verdict(dev, tcp, { in: 'outside' });
    expect(v.action).toBe('deny');
    const w = verdict(dev, tcp, { in: 'inside' });
    expect(w.action).toBe('permit');
    expect(w.uncertain.length).toBeGreaterThan(0);
  });

  it('IPv6 follows the same levels', () => {
    const v6 = flow('tcp', '2001:db8:1::5', '2001:db8:2::5', 40000, 22);
    expectVerdict(
      verdict(dev, v6, { in: 'outside', out: 'inside' }),
      'deny',
      file,
      lineOf(file, 'security-level 0'),
    );
  });
});

describe('same-security-traffic permit inter-interface / intra-interface', () => {
  const file = 'same-security.cfg';
  const dev = device(file);
  const tcp = flow('tcp', '10.2.0.5', '10.3.0.5', 40000, 80);

  it('permits equal levels, citing the same-security-traffic line', () => {
    expectVerdict(
      verdict(dev, tcp, { in: 'dmz', out: 'partner' }),
      'permit',
      file,
      lineOf(file, 'inter-interface'),
    );
  });

  it('permits hairpin traffic, citing the intra-interface line', () => {
    expectVerdict(
      verdict(dev, tcp, { in: 'dmz', out: 'dmz' }),
      'permit',
      file,
      lineOf(file, 'intra-interface'),
    );
  });

  it('an ACL inbound then decides, with its implicit deny', () => {
    expectVerdict(
      verdict(dev, { ...tcp, dport: 443 }, { in: 'partner', out: 'dmz' }),
      'permit',
      file,
      lineOf(file, 'permit tcp any any eq https'),
    );
    const v = verdict(dev, tcp, { in: 'partner', out: 'dmz' });
    expect([v.action, v.reason, v.rule]).toEqual(['deny', 'implicit-deny', null]);
  });

  it('an ACL permits lower to higher (outside 0 -> dmz 50 is still denied without one)', () => {
    expectVerdict(
      verdict(dev, tcp, { in: 'outside', out: 'dmz' }),
      'deny',
      file,
      lineOf(file, 'security-level 0'),
    );
  });
});

describe('interface ACL, then global ACL, then implicit deny; egress ACLs too', () => {
  const file = 'acl-order-global.cfg';
  const dev = device(file);
  const ask = { in: 'outside', out: 'dmz' };

  it('the interface ACL decides first (permit and deny)', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '8.8.8.8', '10.2.0.10', 40000, 80), ask),
      'permit',
      file,
      lineOf(file, 'eq www'),
    );
    // the global ACL would permit 8080, but the interface ACL's deny comes first
    expectVerdict(
      verdict(dev, flow('tcp', '8.8.8.8', '10.2.0.10', 40000, 8080), ask),
      'deny',
      file,
      lineOf(file, 'deny tcp any host 10.2.0.10'),
    );
  });

  it('what the interface ACL does not match goes to the global ACL', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '8.8.8.8', '10.2.0.11', 40000, 443), ask),
      'permit',
      file,
      lineOf(file, 'permit tcp any host 10.2.0.11'),
    );
  });

  it('what neither matches meets the implicit deny', () => {
    const v = verdict(dev, flow('udp', '8.8.8.8', '10.2.0.10', 40000, 53), ask);
    expect([v.action, v.reason, v.rule]).toEqual(['deny', 'implicit-deny', null]);
  });

  it('the global ACL applies on interfaces without their own ACL, instead of the security levels', () => {
    // inside (100) -> outside (0) would be permitted by level; the global ACL's implicit deny applies
    const v = verdict(dev, flow('tcp', '10.1.0.5', '1.1.1.1', 40000, 443), { in: 'inside', out: 'outside' });
    expect([v.action, v.reason]).toEqual(['deny', 'implicit-deny']);
    expectVerdict(
      verdict(dev, flow('tcp', '10.1.0.5', '10.5.0.5', 40000, 443), { in: 'inside', out: 'outside' }),
      'permit',
      file,
      lineOf(file, 'host 10.5.0.5'),
    );
  });

  it('an egress ACL applies after the ingress permit', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '8.8.8.8', '10.2.0.11', 40000, 22), ask),
      'deny',
      file,
      lineOf(file, 'eq 22'),
    );
  });

  it('a global ACL does not lift the same-security check (dmz 50 -> lab 50)', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '10.2.0.5', '10.5.0.5', 40000, 22), { in: 'dmz', out: 'lab' }),
      'deny',
      file,
      lineOf(file, 'security-level 50'),
    );
  });
});
