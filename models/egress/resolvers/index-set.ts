/**
 * The lookup structure the egress analysis needs: every resolver address as an AddressSet, per
 * (protocol, transport, port), and address -> resolvers. Built in O(n log n) over the endpoints,
 * so lists of many thousands of resolvers cost milliseconds.
 */
import { type AddressSet, EMPTY_ADDRESSES, type IpAddress, intervalsFrom, parseAddress } from '../../net';
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

/** Map key of an address: its numeric value (a number for IPv4, a bigint for IPv6, never equal). */
type Key = number | bigint;

const keyOf = (address: IpAddress | string): Key | null => {
  if (typeof address !== 'string') return address.value;
  const parsed = parseAddress(address.trim());
  return parsed.ok ? parsed.value.value : null;
};

/** Collects single addresses; builds the canonical set with one numeric sort per family. */
class SetBuilder {
  private readonly v4: number[] = [];
  private readonly v6: bigint[] = [];

  add(a: IpAddress): void {
    if (a.family === 4) this.v4.push(a.value);
    else this.v6.push(a.value);
  }

  build(): AddressSet {
    if (this.v4.length === 0 && this.v6.length === 0) return EMPTY_ADDRESSES;
    return { v4: runs4(Float64Array.from(this.v4).sort()), v6: runs6(this.v6.sort(cmpBig)) };
  }
}

const cmpBig = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted single addresses -> canonical half-open intervals (adjacent addresses merge). */
function runs4(sorted: Float64Array): number[] {
  const out: number[] = [];
  for (const v of sorted) {
    if (out.length > 0 && v <= out[out.length - 1]!)
      out[out.length - 1] = Math.max(out[out.length - 1]!, v + 1);
    else out.push(v, v + 1);
  }
  return out;
}

function runs6(sorted: readonly bigint[]): bigint[] {
  const out: bigint[] = [];
  for (const v of sorted) {
    if (out.length > 0 && v <= out[out.length - 1]!) {
      if (v + 1n > out[out.length - 1]!) out[out.length - 1] = v + 1n;
    } else out.push(v, v + 1n);
  }
  return out;
}

/** The union of many sets, merged in one pass per family. */
function unionAll(sets: readonly AddressSet[]): AddressSet {
  const pairs4: [number, number][] = [];
  const pairs6: [bigint, bigint][] = [];
  for (const set of sets) {
    for (let i = 0; i < set.v4.length; i += 2) pairs4.push([set.v4[i]!, set.v4[i + 1]!]);
    for (let i = 0; i < set.v6.length; i += 2) pairs6.push([set.v6[i]!, set.v6[i + 1]!]);
  }
  if (pairs4.length === 0 && pairs6.length === 0) return EMPTY_ADDRESSES;
  return { v4: intervalsFrom(pairs4), v6: intervalsFrom(pairs6) };
}

export function resolverIndex(list: ResolverList | readonly Resolver[]): ResolverIndex {
  const resolvers: readonly Resolver[] = 'resolvers' in list ? list.resolvers : list;
  const byAddress = new Map<Key, ResolverMatch[]>();
  const parsedIps = new Map<string, IpAddress | null>();
  const groups = new Map<
    string,
    { group: Omit<ResolverServiceGroup, 'addresses' | 'endpoints'>; count: number; set: SetBuilder }
  >();
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
      const key = ip.value;
      const matches = byAddress.get(key);
      if (matches === undefined) byAddress.set(key, [{ resolver, endpoint }]);
      else matches.push({ resolver, endpoint });
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
  const allSet = unionAll(built.map((g) => g.addresses));
  const statedSet = unionAll(built.filter((g) => !g.assumed).map((g) => g.addresses));

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
      return unionAll(
        built
          .filter(
            (g) =>
              (filter.protocol === undefined || g.protocol === filter.protocol) &&
              (filter.transport === undefined || g.transport === filter.transport) &&
              (filter.port === undefined || g.port === filter.port) &&
              (include || !g.assumed),
          )
          .map((g) => g.addresses),
      );
    },
  };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
