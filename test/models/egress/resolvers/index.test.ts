import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Resolver,
  type ResolverList,
  endpointsFor,
  resolverIndex,
} from '../../../../models/egress/resolvers';
import { addressContains, addressIsEmpty, formatAddressSet, parseAddress } from '../../../../models/net';
import { repoRoot } from '../../import/shared/corpus';

const bundled = JSON.parse(
  readFileSync(path.join(repoRoot, 'models', 'egress', 'data', 'public-resolvers.json'), 'utf8'),
) as ResolverList;
const index = resolverIndex(bundled);

const has = (set: Parameters<typeof addressContains>[0], text: string): boolean => {
  const a = parseAddress(text);
  if (!a.ok) throw new Error(a.error);
  return addressContains(set, a.value);
};
const group = (protocol: string, transport: string, port: number, assumed = false) =>
  index.groups.find(
    (g) => g.protocol === protocol && g.transport === transport && g.port === port && g.assumed === assumed,
  );

describe('resolverIndex over the bundled list', () => {
  it('holds every resolver address in one set', () => {
    for (const ip of ['8.8.8.8', '8.8.4.4', '9.9.9.9', '1.0.0.1', '94.140.14.14', '2001:4860:4860::8888']) {
      expect(has(index.all, ip), ip).toBe(true);
    }
    expect(has(index.all, '10.0.0.1')).toBe(false);
  });

  it('groups addresses per protocol, transport and port, stated apart from assumed', () => {
    expect(has(group('doh', 'tcp', 443)!.addresses, '9.9.9.9')).toBe(true);
    expect(has(group('doh', 'udp', 443, true)!.addresses, '9.9.9.9')).toBe(true);
    expect(group('doh', 'udp', 443, false)).toBeUndefined();
    expect(has(group('dot', 'tcp', 853, true)!.addresses, '8.8.8.8')).toBe(true);
    expect(has(group('dot', 'tcp', 853, true)!.addresses, '217.169.20.22')).toBe(true);
    expect(has(group('dnscrypt', 'udp', 5443)!.addresses, '94.140.14.14')).toBe(true);
    expect(has(group('dnscrypt', 'udp', 443)!.addresses, '94.140.14.14')).toBe(false);
    const keys = index.groups.map(
      (g) => `${g.protocol} ${g.transport}/${g.port}${g.assumed ? ' assumed' : ''}`,
    );
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.slice(0, 6)).toEqual([
      'dnscrypt tcp/443',
      'dnscrypt tcp/5353',
      'dnscrypt tcp/5443',
      'dnscrypt tcp/8443',
      'dnscrypt tcp/50443',
      'dnscrypt udp/443',
    ]);
  });

  it('filters addresses by protocol, transport, port and assumption', () => {
    const dot = index.addresses({ protocol: 'dot' });
    expect(has(dot, '8.8.8.8')).toBe(true);
    expect(addressIsEmpty(index.addresses({ protocol: 'dot', includeAssumed: false }))).toBe(true);
    const tcp443 = index.addresses({ transport: 'tcp', port: 443 });
    expect(has(tcp443, '8.8.8.8')).toBe(true);
    expect(has(tcp443, '192.0.2.1')).toBe(false);
    expect(has(index.addresses({ protocol: 'dnscrypt', port: 5443 }), '94.140.14.14')).toBe(true);
    expect(has(index.addresses({ protocol: 'dnscrypt', port: 5443 }), '8.8.8.8')).toBe(false);
    expect(formatAddressSet(index.addresses({ protocol: 'doq' }))).toBe(
      formatAddressSet(index.addresses({ port: 1 })),
    );
    expect(has(index.stated, '8.8.8.8')).toBe(true);
  });

  it('looks up the resolvers at an address, whatever its textual form', () => {
    expect(index.lookup('8.8.8.8').map((r) => r.name)).toEqual(['google']);
    expect(index.lookup('2001:4860:4860:0:0:0:0:8888').map((r) => r.name)).toContain('google-ipv6');
    expect(index.lookup(' 9.9.9.9 ').some((r) => r.provider === 'Quad9 Foundation')).toBe(true);
    expect(index.lookup('10.1.2.3')).toEqual([]);
    expect(index.lookup('not an address')).toEqual([]);
    const at = index.endpointsAt('8.8.8.8');
    expect(at.map((m) => `${m.endpoint.protocol} ${m.endpoint.transport}/${m.endpoint.port}`)).toEqual([
      'doh tcp/443',
      'doh udp/443',
      'dot tcp/853',
    ]);
  });

  it('lists the host-name-only resolvers it cannot index', () => {
    expect(index.hostnameOnly).toHaveLength(11);
    expect(index.hostnameOnly.map((r) => r.hostname)).toContain('dns.dnshome.de');
  });
});

describe('resolverIndex at scale', () => {
  it('indexes 20,000 resolvers (60,000 endpoints) in a fraction of the time budget', () => {
    const many: Resolver[] = [];
    for (let i = 0; i < 20_000; i++) {
      const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      many.push({
        name: `r${i}`,
        provider: null,
        protocols: ['doh'],
        addresses: [
          ...endpointsFor('doh', ip, 443),
          ...endpointsFor('dns', `2001:db8::${i.toString(16)}`, 53),
        ].slice(0, 3),
        hostname: null,
        path: null,
        props: { dnssec: false, nolog: false, nofilter: false },
        source: { file: 'x.csv', line: i + 1, endLine: i + 1, text: '' },
      });
    }
    const t0 = performance.now();
    const big = resolverIndex(many);
    const ms = performance.now() - t0;
    // ~200 ms on an idle core; the budget is for a loaded shared machine. A quadratic index
    // (a scan per endpoint) would take minutes here.
    expect(ms).toBeLessThan(5000);
    expect(big.all.v4).toEqual([0x0a000000, 0x0a000000 + 20_000]);
    expect(big.lookup('10.0.78.31').map((r) => r.name)).toEqual(['r19999']);
    expect(big.lookup('2001:db8::0:4e1f').map((r) => r.name)).toEqual(['r19999']);
  });
});
