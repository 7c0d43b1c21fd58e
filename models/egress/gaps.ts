import type { SourceRef } from '../diagnostics';
import { type IpAddress, parseAddress, serviceContains } from '../net';
import { type AssetClass, EPHEMERAL, type HopDevice, assetClasses, citeFlow } from '../paths/analyze';
import { ReachOracle } from '../reach';
import type { Network } from '../topology/network';
import type { PurdueLevel } from '../topology/inputs/types';
import bundled from './data/public-resolvers.json';
import { type ResolverList, bundledResolverList } from './resolvers/list';
import type { Resolver, ResolverEndpoint } from './resolvers/resolver';

/**
 * DNS egress gaps: the covert channels a backdoor such as TinyRCT hides its command and control
 * in. For every asset class: can it reach a listed public resolver over DoH (tcp/443), DoH3
 * (udp/443), DoT (tcp/853), DoQ (udp/853) or DNSCrypt; can it reach any internet address on
 * tcp/443 (then every DoH resolver, listed or not, is reachable); can it send DNS (53) to
 * anything but the site's designated resolvers?
 */

export type EgressKind = 'doh' | 'doh3' | 'dot' | 'doq' | 'dnscrypt' | 'https-any' | 'dns-direct';
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export interface EgressGap {
  readonly kind: EgressKind;
  readonly severity: Severity;
  /** The asset standing for its class, and every asset of the class. */
  readonly asset: string;
  readonly assetIp: string;
  readonly hosts: readonly string[];
  readonly zone: string;
  readonly level: PurdueLevel | null;
  /** The resolver reached (its list name), null for `https-any` and raw DNS to an arbitrary host. */
  readonly resolver: string | null;
  readonly resolverIp: string;
  /** Other listed resolvers reachable the same way (same address class). */
  readonly alsoReachable: readonly string[];
  /** `tcp/443`. */
  readonly service: string;
  readonly rules: readonly SourceRef[];
  readonly devices: readonly HopDevice[];
  /** True when the resolver's endpoint is an assumption of the list (DoH3, DoT at a DoH host). */
  readonly assumedEndpoint: boolean;
  readonly uncertain: boolean;
  readonly routeAssumed: boolean;
  readonly message: string;
}

/** An internet address no configuration is likely to name: stands for "any internet host". */
export const ARBITRARY_INTERNET_HOST = '198.51.100.77';

let cachedList: ResolverList | null = null;
/** The bundled resolver list (see models/egress/data/README.md for its provenance). */
export function bundledResolvers(): ResolverList {
  cachedList ??= bundledResolverList(bundled);
  if (!cachedList) throw new Error('the bundled resolver list is not in the expected format');
  return cachedList;
}

const KIND_OF: Readonly<Record<string, EgressKind | undefined>> = {
  'doh/tcp': 'doh',
  'doh/udp': 'doh3',
  'dot/tcp': 'dot',
  'doq/udp': 'doq',
  'dnscrypt/udp': 'dnscrypt',
  'dnscrypt/tcp': 'dnscrypt',
  'odoh-target/tcp': 'doh',
  'dns/udp': 'dns-direct',
  'dns/tcp': 'dns-direct',
};

function severityOf(net: Network, c: AssetClass): Severity {
  const zone = net.zones.find((z) => z.name === c.zone);
  const level = c.level ?? zone?.level ?? null;
  if (zone?.kind === 'ot' || (typeof level === 'number' && level <= 3)) return 'critical';
  if (zone?.kind === 'dmz' || level === 3.5) return 'high';
  return 'medium';
}

export interface EgressOptions {
  /** A user's newer list instead of the bundled one. */
  readonly resolvers?: readonly Resolver[];
}

export function dnsEgressGaps(net: Network, options: EgressOptions = {}): EgressGap[] {
  const resolvers = options.resolvers ?? bundledResolvers().resolvers;
  const oracle = new ReachOracle(net);
  const { classes } = assetClasses(net, oracle);
  const designated = new Set(
    (net.site?.resolvers ?? []).flatMap((r) => {
      const a = parseAddress(r.value);
      return a.ok ? [`${a.value.family}:${String(a.value.value)}`] : [];
    }),
  );
  const keyOf = (a: IpAddress): string => `${a.family}:${String(a.value)}`;

  // Listed endpoints grouped by (address class, protocol, transport, port): one probe per group.
  interface Group {
    readonly endpoint: ResolverEndpoint;
    readonly address: IpAddress;
    readonly resolvers: Resolver[];
    readonly assumed: boolean;
  }
  const groups = new Map<string, Group>();
  for (const r of resolvers) {
    for (const e of r.addresses) {
      const a = parseAddress(e.address);
      if (!a.ok || designated.has(keyOf(a.value))) continue;
      const cls = oracle.classOf(a.value);
      if (cls === null) continue;
      const k = `${cls}|${e.protocol}|${e.transport}|${e.port}`;
      const g = groups.get(k);
      if (g) {
        if (!g.resolvers.includes(r)) g.resolvers.push(r);
      } else groups.set(k, { endpoint: e, address: a.value, resolvers: [r], assumed: e.assumed === true });
    }
  }
  const arbitrary = parseAddress(ARBITRARY_INTERNET_HOST);
  const probes: { kind: EgressKind; proto: 6 | 17; port: number; address: IpAddress; group: Group | null }[] =
    [];
  for (const g of groups.values()) {
    const kind = KIND_OF[`${g.endpoint.protocol}/${g.endpoint.transport}`];
    if (!kind) continue;
    probes.push({
      kind,
      proto: g.endpoint.transport === 'tcp' ? 6 : 17,
      port: g.endpoint.port,
      address: g.address,
      group: g,
    });
  }
  // Public resolvers answer plain DNS too (an assumption: the list states their encrypted
  // endpoints only): probe each resolver address class on udp/53 and tcp/53.
  const plain = new Map<string, Group>();
  for (const g of groups.values()) {
    const k = `${oracle.classOf(g.address)}`;
    const prev = plain.get(k);
    if (prev) {
      for (const r of g.resolvers) if (!prev.resolvers.includes(r)) prev.resolvers.push(r);
    } else
      plain.set(k, {
        endpoint: { ...g.endpoint, protocol: 'dns', port: 53, assumed: true },
        address: g.address,
        resolvers: [...g.resolvers],
        assumed: true,
      });
  }
  for (const g of plain.values()) {
    probes.push({ kind: 'dns-direct', proto: 17, port: 53, address: g.address, group: g });
    probes.push({ kind: 'dns-direct', proto: 6, port: 53, address: g.address, group: g });
  }
  if (arbitrary.ok) {
    probes.push({ kind: 'https-any', proto: 6, port: 443, address: arbitrary.value, group: null });
    probes.push({ kind: 'dns-direct', proto: 17, port: 53, address: arbitrary.value, group: null });
    probes.push({ kind: 'dns-direct', proto: 6, port: 53, address: arbitrary.value, group: null });
  }

  const gaps: EgressGap[] = [];
  for (const c of classes) {
    // Per (kind, service): the first reachable probe, and every listed resolver reachable that way.
    const hits = new Map<string, { probe: (typeof probes)[number]; resolvers: Resolver[] }>();
    for (const p of probes) {
      const open = oracle.between(c.rep.ip, p.address);
      if (!serviceContains(open.services, p.proto, EPHEMERAL, p.port)) continue;
      const k = `${p.kind}|${p.proto}/${p.port}`;
      const hit = hits.get(k);
      if (!hit) hits.set(k, { probe: p, resolvers: [...(p.group?.resolvers ?? [])] });
      else for (const r of p.group?.resolvers ?? []) if (!hit.resolvers.includes(r)) hit.resolvers.push(r);
    }
    const httpsAny = hits.has('https-any|6/443');
    for (const { probe: p, resolvers: reachable } of hits.values()) {
      // HTTPS to anywhere already says every DoH / DNSCrypt-over-443 resolver is reachable.
      if (httpsAny && p.kind !== 'https-any' && p.proto === 6 && p.port === 443) continue;
      const service = `${p.proto === 6 ? 'tcp' : 'udp'}/${p.port}`;
      const cite = citeFlow(net, {
        proto: p.proto,
        src: c.rep.ip,
        dst: p.address,
        sport: EPHEMERAL,
        dport: p.port,
      });
      if (!cite.permitted) continue;
      const resolver = p.group?.resolvers[0] ?? null;
      const more = reachable.length > 1 ? ` (and ${reachable.length - 1} other listed resolvers)` : '';
      const what =
        p.kind === 'https-any'
          ? 'can open HTTPS (tcp/443) to any internet address, so every DNS-over-HTTPS resolver, listed or not, is reachable'
          : p.kind === 'dns-direct' && !p.group
            ? `can send DNS (${service}) straight to the internet instead of the designated resolvers`
            : `can reach the public resolver ${resolver!.name}${resolver!.provider ? ` (${resolver!.provider})` : ''} at ${p.group!.endpoint.address} over ${p.kind === 'dns-direct' ? 'plain DNS' : p.kind.toUpperCase()} (${service})${more}`;
      gaps.push({
        kind: p.kind,
        severity: severityOf(net, c),
        asset: c.rep.name,
        assetIp: c.rep.ipText,
        hosts: c.members.map((m) => m.name),
        zone: c.zone,
        level: c.level,
        resolver: resolver?.name ?? null,
        resolverIp: p.group?.endpoint.address ?? ARBITRARY_INTERNET_HOST,
        alsoReachable: [...new Set(reachable.slice(1).map((r) => r.name))].slice(0, 50),
        service,
        rules: cite.devices.flatMap((d) => (d.rule ? [d.rule] : [])),
        devices: cite.devices,
        assumedEndpoint: p.group?.assumed ?? false,
        uncertain: cite.uncertain,
        routeAssumed: cite.routeAssumed,
        message: `${c.rep.name} (${c.rep.ipText}${c.members.length > 1 ? ` and ${c.members.length - 1} alike` : ''}, zone ${c.zone}) ${what}`,
      });
    }
  }
  const rank: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
  return gaps.sort(
    (a, b) =>
      rank[a.severity] - rank[b.severity] || a.asset.localeCompare(b.asset) || a.kind.localeCompare(b.kind),
  );
}
