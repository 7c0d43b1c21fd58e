/**
 * The lookup structure the egress analysis needs: every resolver address as an AddressSet, per
 * (protocol, transport, port), and address -> resolvers. Built in O(n log n) over the endpoints,
 * so lists of many thousands of resolvers cost milliseconds.
 */
import {
  type AddressSet,
  EMPTY_ADDRESSES,
  type IpAddress,
  formatAddress,
  intervalsFrom,
  parseAddress,
} from '../../net';
import type { ResolverList } from './list';
import type { Resolver, ResolverEndpoint, ResolverProtocol, Transport } from './resolver';

/** The addresses that answer one protocol on one transport and port. */
export interface ResolverServiceGroup {
  readonly protocol: ResolverProtocol;
  readonly transport: Transport;
  readonly port: number;
  /** True when every endpoint of the group is an assumption (assumed DoT, DoH3). */
  readonly assumed: boolean;
  readonly addresses: AddressSet;
  /** How many endpoints (resolver x address) the group holds. */
  readonly endpoints: number;
}

export interface ResolverMatch {
  readonly resolver: Resolver;
  readonly endpoint: ResolverEndpoint;
}

export interface AddressFilter {
  readonly protocol?: ResolverProtocol;
  readonly transport?: Transport;
  readonly port?: number;
  /** Include assumed endpoints (default true: a possible channel is still a gap to look at). */
  readonly includeAssumed?: boolean;
}

export interface ResolverIndex {
  /** Every resolver address, stated or assumed. */
  readonly all: AddressSet;
  /** Addresses of stated endpoints only. */
  readonly stated: AddressSet;
  /** One group per (protocol, transport, port, assumed), sorted. */
  readonly groups: readonly ResolverServiceGroup[];
  /** Resolvers with no address (host name only): listed so reports can mention them. */
  readonly hostnameOnly: readonly Resolver[];
  /** The resolvers with an endpoint at `address` (an IpAddress or its text), in list order. */
  lookup(address: IpAddress | string): readonly Resolver[];
  /** The endpoints at `address`, with their resolvers. */
  endpointsAt(address: IpAddress | string): readonly ResolverMatch[];
  /** The union of the groups that pass `filter`. */
  addresses(filter?: AddressFilter): AddressSet;
}

const keyOf = (address: IpAddress | string): string | null => {
  if (typeof address !== 'string') return formatAddress(address);
  const parsed = parseAddress(address.trim());
  return parsed.ok ? formatAddress(parsed.value) : null;
};

class SetBuilder {
  readonly v4: [number, number][] = [];
  readonly v6: [bigint, bigint][] = [];

  add(a: IpAddress): void {
    if (a.family === 4) this.v4.push([a.value, a.value + 1]);
    else this.v6.push([a.value, a.value + 1n]);
  }

  build(): AddressSet {
    if (this.v4.length === 0 && this.v6.length === 0) return EMPTY_ADDRESSES;
    return { v4: intervalsFrom(this.v4), v6: intervalsFrom(this.v6) };
  }
}

export function resolverIndex(list: ResolverList | readonly Resolver[]): ResolverIndex {
  const resolvers: readonly Resolver[] = 'resolvers' in list ? list.resolvers : list;
  const byAddress = new Map<string, ResolverMatch[]>();
  const parsedIps = new Map<string, IpAddress | null>();
  const groups = new Map<
    string,
    { group: Omit<ResolverServiceGroup, 'addresses' | 'endpoints'>; count: number; set: SetBuilder }
  >();
  const all = new SetBuilder();
  const stated = new SetBuilder();
  const hostnameOnly: Resolver[] = [];

  for (const resolver of resolvers) {
    if (resolver.addresses.length === 0) hostnameOnly.push(resolver);
    for (const endpoint of resolver.addresses) {
      let ip = parsedIps.get(endpoint.address);
      if (ip === undefined) {
        const parsed = parseAddress(endpoint.address);
        ip = parsed.ok ? parsed.value : null;
        parsedIps.set(endpoint.address, ip);
      }
      if (ip === null) continue;
      const key = formatAddress(ip);
      const matches = byAddress.get(key);
      if (matches === undefined) byAddress.set(key, [{ resolver, endpoint }]);
      else matches.push({ resolver, endpoint });
      all.add(ip);
      if (!endpoint.assumed) stated.add(ip);
      const assumed = endpoint.assumed === true;
      const gk = `${endpoint.protocol}|${endpoint.transport}|${endpoint.port}|${assumed}`;
      let g = groups.get(gk);
      if (g === undefined) {
        g = {
          group: { protocol: endpoint.protocol, transport: endpoint.transport, port: endpoint.port, assumed },
          count: 0,
          set: new SetBuilder(),
        };
        groups.set(gk, g);
      }
      g.count++;
      g.set.add(ip);
    }
  }

  const built: ResolverServiceGroup[] = [...groups.values()]
    .map(({ group, count, set }) => ({ ...group, addresses: set.build(), endpoints: count }))
    .sort(
      (a, b) =>
        cmp(a.protocol, b.protocol) ||
        cmp(a.transport, b.transport) ||
        a.port - b.port ||
        Number(a.assumed) - Number(b.assumed),
    );
  const allSet = all.build();
  const statedSet = stated.build();

  const endpointsAt = (address: IpAddress | string): readonly ResolverMatch[] => {
    const key = keyOf(address);
    return key === null ? [] : (byAddress.get(key) ?? []);
  };

  return {
    all: allSet,
    stated: statedSet,
    groups: built,
    hostnameOnly,
    endpointsAt,
    lookup: (address) => {
      const seen = new Set<Resolver>();
      for (const m of endpointsAt(address)) seen.add(m.resolver);
      return [...seen];
    },
    addresses: (filter = {}) => {
      const include = filter.includeAssumed ?? true;
      const pairs4: [number, number][] = [];
      const pairs6: [bigint, bigint][] = [];
      for (const g of built) {
        if (filter.protocol !== undefined && g.protocol !== filter.protocol) continue;
        if (filter.transport !== undefined && g.transport !== filter.transport) continue;
        if (filter.port !== undefined && g.port !== filter.port) continue;
        if (!include && g.assumed) continue;
        for (let i = 0; i < g.addresses.v4.length; i += 2)
          pairs4.push([g.addresses.v4[i]!, g.addresses.v4[i + 1]!]);
        for (let i = 0; i < g.addresses.v6.length; i += 2)
          pairs6.push([g.addresses.v6[i]!, g.addresses.v6[i + 1]!]);
      }
      if (pairs4.length === 0 && pairs6.length === 0) return EMPTY_ADDRESSES;
      return { v4: intervalsFrom(pairs4), v6: intervalsFrom(pairs6) };
    },
  };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
