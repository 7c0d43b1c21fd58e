import type { Device, NatRule } from '../device';
import type { SourceRef } from '../diagnostics';
import { type Flow, type IpAddress, addressContains, formatAddress, serviceContains } from '../net';
import { type Network, type Segment, segmentOf } from '../topology/network';
import { addressValue, parsePrefix, prefixContains } from '../topology/prefix';
import { deviceAddresses, routeLookup } from '../topology/routing';
import { evaluateDevice } from './evaluate';
import { interfaceMatches } from './rule-index';
import type { Verdict } from './verdict';

/** A destination NAT applied on a hop. */
export interface NatStep {
  readonly from: IpAddress;
  readonly to: IpAddress;
  readonly port: number | null;
  readonly rule: SourceRef;
}

/** One device crossed: where the packet entered and left, and what the device decided. */
export interface SiteHop {
  readonly device: string;
  readonly in: string;
  /** The egress interface; null when the packet is addressed to the device itself. */
  readonly out: string | null;
  readonly verdict: Verdict;
  readonly nat: NatStep | null;
  /** The route that chose the egress (null: connected, assumed, or to the device). */
  readonly route: SourceRef | null;
  /** True when the device has no routes and the egress was assumed. */
  readonly routeAssumed: boolean;
}

export type SiteOutcome =
  /** Reached the destination's segment (or the device addressed). */
  | 'delivered'
  /** Left the site toward a gateway Conduit does not know (the internet, an ISP). */
  | 'left-site'
  | 'denied'
  /** A device on the way has no route for the destination (or a discard route). */
  | 'no-route'
  /** No device on the source segment forwards toward the destination. */
  | 'no-gateway'
  | 'loop'
  /** The packet left through an interface whose subnet is unknown (no address in the config). */
  | 'unknown-segment'
  | 'unknown-source';

export interface SitePath {
  readonly hops: readonly SiteHop[];
  readonly outcome: SiteOutcome;
  readonly reason: string;
}

export interface SiteVerdict {
  readonly action: 'permit' | 'deny';
  readonly flow: Flow;
  readonly srcSegment: string | null;
  readonly dstSegment: string | null;
  /** Every way the packet can go (several when a segment has several gateways, or routes are assumed). */
  readonly paths: readonly SitePath[];
  /** The path that decided: the first permitted one, else the first one. */
  readonly decisive: SitePath;
  /** The hop whose rule denied on the decisive path, when one did. */
  readonly denyingHop: SiteHop | null;
  readonly routeAssumed: boolean;
  readonly uncertain: readonly string[];
}

const MAX_PATHS = 64;
const MAX_DEPTH = 32;

/**
 * Follows a first packet across the site: from the source's segment through each device the
 * routes lead to, applying destination NAT where modelled, to the destination's segment.
 * Permitted end to end when some way through permits it at every device. Same-segment traffic
 * crosses no firewall and is always permitted.
 */
export function traceSite(net: Network, flow: Flow): SiteVerdict {
  const tracer = new Tracer(net, true);
  const srcSeg = segmentOf(net, flow.src) ?? null;
  const dstSeg = segmentOf(net, flow.dst) ?? null;
  let paths: SitePath[];
  const toDevice = indexOf(net).deviceOf.has(key(flow.dst));
  if (srcSeg && dstSeg && srcSeg.id === dstSeg.id && !toDevice) {
    paths = [{ hops: [], outcome: 'delivered', reason: `same segment ${srcSeg.id}: no firewall on the way` }];
  } else if (srcSeg) {
    tracer.fromSegment(srcSeg, flow, null, null, [], new Set());
    paths = tracer.paths;
  } else {
    const entries = tracer.externalSegments();
    if (entries.length === 0) {
      paths = [
        {
          hops: [],
          outcome: 'unknown-source',
          reason: 'the source is in no segment of the site, and no segment leads to the outside',
        },
      ];
    } else {
      for (const seg of entries) tracer.fromSegment(seg, flow, null, null, [], new Set());
      paths = tracer.paths;
    }
  }
  if (paths.length === 0) paths = [{ hops: [], outcome: 'no-gateway', reason: 'no way found' }];
  const ok = (p: SitePath): boolean =>
    p.outcome === 'delivered' || (p.outcome === 'left-site' && dstSeg === null);
  const decisive = paths.find(ok) ?? paths.find((p) => p.outcome === 'denied') ?? paths[0]!;
  const denyingHop = decisive.outcome === 'denied' ? decisive.hops[decisive.hops.length - 1]! : null;
  const uncertain = [...new Set(decisive.hops.flatMap((h) => h.verdict.uncertain))];
  return {
    action: ok(decisive) ? 'permit' : 'deny',
    flow,
    srcSegment: srcSeg?.id ?? null,
    dstSegment: dstSeg?.id ?? null,
    paths,
    decisive,
    denyingHop,
    routeAssumed: decisive.hops.some((h) => h.routeAssumed) || tracer.gatewayGuessed,
    uncertain,
  };
}

/**
 * The rest of a route-only trace from where it enters a device, for one class of destinations
 * (addresses every device routes alike). What happens after a packet enters a device on an
 * interface does not depend on how it got there, except through the trace's limits: a rest
 * that met none (no loop, no path dropped) is the same for every trace that enters there no
 * deeper. (Had an earlier part of a trace entered a device the rest enters, the rest would
 * lead back to where it started, a loop, so it would not have been kept.)
 */
export interface RouteSuffix {
  readonly paths: readonly SitePath[];
  /** The hops before it when it was traced: a trace with no more may reuse it. */
  readonly depth: number;
  readonly gatewayGuessed: boolean;
}

/** Route suffixes by `device\0interface`, for one class of destinations. */
export type RouteSuffixes = Map<string, RouteSuffix>;

class Tracer {
  readonly paths: SitePath[] = [];
  gatewayGuessed = false;
  /** A path ended in a loop or was dropped at the path limit: what was traced depends on the context. */
  contextual = false;
  private readonly byName: ReadonlyMap<string, Device>;
  private readonly deviceOf: ReadonlyMap<string, string>;
  private readonly ifaceSegments: ReadonlyMap<string, readonly Segment[]>;

  /**
   * `evaluate` false: follow routes only (every device passes the packet, no NAT applied);
   * then `suffixes` (for the destination's class) shares the rest of a trace between traces.
   * `base` hops come before this tracer's, and it may end `budget` paths.
   */
  constructor(
    private readonly net: Network,
    private readonly evaluate: boolean,
    private readonly suffixes: RouteSuffixes | null = null,
    private readonly base = 0,
    private readonly budget = MAX_PATHS,
  ) {
    const index = indexOf(net);
    this.byName = index.byName;
    this.deviceOf = index.deviceOf;
    this.ifaceSegments = index.ifaceSegments;
  }

  /** Segments where the site meets gateways it does not know: next hops that are no device's address. */
  externalSegments(): Segment[] {
    const out = new Set<Segment>();
    for (const d of this.net.devices) {
      for (const r of d.routes) {
        const hop = r.nextHop ? parsePrefix(r.nextHop) : null;
        if (!hop || this.deviceOf.has(key(hop.host))) continue;
        const seg = segmentOf(this.net, hop.host);
        if (seg) out.add(seg);
      }
    }
    if (out.size === 0)
      for (const s of this.net.segments)
        if (this.net.zones.find((z) => z.name === s.zone)?.kind === 'internet') out.add(s);
    return [...out];
  }

  private done(hops: readonly SiteHop[], outcome: SiteOutcome, reason: string): void {
    if (outcome === 'loop') this.contextual = true;
    if (this.paths.length < this.budget) this.paths.push({ hops: [...hops], outcome, reason });
    else this.contextual = true;
  }

  private full(): boolean {
    if (this.paths.length < this.budget) return false;
    this.contextual = true;
    return true;
  }

  fromSegment(
    seg: Segment,
    flow: Flow,
    prev: string | null,
    nextHop: IpAddress | null,
    hops: SiteHop[],
    visited: Set<string>,
  ): void {
    if (this.full()) return;
    if (this.base + hops.length >= MAX_DEPTH)
      return this.done(hops, 'loop', `more than ${MAX_DEPTH} devices on the way`);
    // Which device takes the packet: the next hop the previous device's route names, else every
    // device on the segment that would forward it elsewhere (a host's gateway is not known).
    let gateways = seg.attachments.filter((a) => a.device !== prev);
    if (nextHop) gateways = gateways.filter((a) => sameAddress(a.address, nextHop));
    const addressed = seg.attachments.find((a) => sameAddress(a.address, flow.dst));
    if (addressed && !nextHop) gateways = [addressed];
    if (!nextHop && !addressed) {
      const candidates = gateways;
      gateways = gateways.filter((a) => {
        const d = this.byName.get(a.device)!;
        const r = routeLookup(d, flow.dst);
        return (
          r.kind === 'assumed' ||
          (r.kind === 'route' && r.interface !== a.interface) ||
          this.ownsAddress(d, flow.dst) ||
          // A destination NAT of the device claims the address (proxy ARP for mapped addresses).
          (this.evaluate && applyDestinationNat(d, flow, a.interface) !== null)
        );
      });
      // None forwards it, but one drops it on purpose (a discard route): that device is where
      // the packet ends, and its route is cited.
      if (gateways.length === 0)
        gateways = candidates.filter((a) => {
          const r = routeLookup(this.byName.get(a.device)!, flow.dst);
          return r.kind === 'none' && r.source !== null;
        });
      if (gateways.length > 1) this.gatewayGuessed = true;
    }
    if (gateways.length === 0)
      return this.done(hops, 'no-gateway', `no device on ${seg.id} forwards toward the destination`);
    for (const a of gateways) {
      const device = this.byName.get(a.device)!;
      const loopKey = `${a.device}\u0000${a.interface}\u0000${key(flow.dst)}`;
      if (visited.has(loopKey)) {
        this.done(hops, 'loop', `routing loop: the packet enters ${a.device} on ${a.interface} again`);
        continue;
      }
      const seen = new Set(visited).add(loopKey);
      if (this.suffixes && hops.length + this.base > 0) this.suffix(device, a.interface, flow, hops, seen);
      else this.throughDevice(device, a.interface, flow, hops, seen);
    }
  }

  /** throughDevice, with the rest of the trace shared with earlier traces that entered the device alike. */
  private suffix(device: Device, inIface: string, flow: Flow, hops: SiteHop[], visited: Set<string>): void {
    const at = `${device.name}\u0000${inIface}`;
    const depth = this.base + hops.length;
    const hit = this.suffixes!.get(at);
    if (hit && depth <= hit.depth && this.paths.length + hit.paths.length < this.budget) {
      for (const p of hit.paths)
        this.paths.push({ hops: [...hops, ...p.hops], outcome: p.outcome, reason: p.reason });
      this.gatewayGuessed ||= hit.gatewayGuessed;
      return;
    }
    const rest = new Tracer(this.net, false, this.suffixes, depth, this.budget - this.paths.length);
    rest.throughDevice(device, inIface, flow, [], visited);
    for (const p of rest.paths)
      this.paths.push({ hops: [...hops, ...p.hops], outcome: p.outcome, reason: p.reason });
    this.gatewayGuessed ||= rest.gatewayGuessed;
    this.contextual ||= rest.contextual;
    if (!rest.contextual && (!hit || depth > hit.depth))
      this.suffixes!.set(at, { paths: rest.paths, depth, gatewayGuessed: rest.gatewayGuessed });
  }

  private ownsAddress(d: Device, a: IpAddress): boolean {
    return this.deviceOf.get(key(a)) === d.name;
  }

  private throughDevice(
    device: Device,
    inIface: string,
    flow: Flow,
    hops: SiteHop[],
    visited: Set<string>,
  ): void {
    // Destination NAT (PREROUTING) comes before the routing decision, local delivery included.
    const nat = this.evaluate ? applyDestinationNat(device, flow, inIface) : null;
    const routed = nat ? { ...flow, dst: nat.to, dport: nat.port ?? flow.dport } : flow;
    const filtered = nat && device.natPolicyMatch === 'original' ? flow : routed;
    if (this.ownsAddress(device, routed.dst)) {
      const verdict = this.evaluate
        ? evaluateDevice(device, {
            flow: filtered,
            attachment: 'to-device',
            inInterface: inIface,
            ...(nat ? { natApplied: true } : {}),
          })
        : pass(device);
      const hop: SiteHop = {
        device: device.name,
        in: inIface,
        out: null,
        verdict,
        nat,
        route: null,
        routeAssumed: false,
      };
      return verdict.action === 'permit'
        ? this.done([...hops, hop], 'delivered', `addressed to ${device.name}`)
        : this.done([...hops, hop], 'denied', `${device.name} denies traffic to itself`);
    }
    const route = routeLookup(device, routed.dst);
    if (route.kind === 'none') {
      const hop = this.hop(device, inIface, null, filtered, nat, route.source, false);
      return this.done([...hops, hop], 'no-route', `${device.name} has no route to the destination`);
    }
    const egress =
      route.kind === 'route'
        ? [route.interface]
        : device.interfaces
            .filter((i) => !i.loopback && i.name !== inIface && i.addresses.length > 0)
            .map((i) => i.name);
    if (egress.length === 0) {
      const hop = this.hop(device, inIface, null, filtered, nat, null, true);
      return this.done(
        [...hops, hop],
        'no-route',
        `${device.name} has no routes and no other interface with an address`,
      );
    }
    for (const out of egress) {
      if (this.full()) return;
      const hop = this.hop(
        device,
        inIface,
        out,
        filtered,
        nat,
        route.kind === 'route' ? route.source : null,
        route.kind === 'assumed',
      );
      const path = [...hops, hop];
      if (hop.verdict.action === 'deny') {
        this.done(path, 'denied', `${device.name} denies it`);
        continue;
      }
      const nh = route.kind === 'route' ? route.nextHop : null;
      const next = this.segmentOn(device, out, routed.dst, nh);
      if (next === null) {
        this.done(
          path,
          'unknown-segment',
          `${device.name} interface ${out} has no address, so where it leads is unknown`,
        );
        continue;
      }
      if (prefixContains(next.prefix, routed.dst)) {
        this.done(path, 'delivered', `reached ${next.id}`);
        continue;
      }
      if (nh && !this.deviceOf.has(key(nh))) {
        this.done(
          path,
          'left-site',
          `${device.name} sends it to ${formatAddress(nh)}, outside the modelled site`,
        );
        continue;
      }
      this.fromSegment(next, routed, device.name, nh, path, visited);
    }
  }

  private hop(
    device: Device,
    inIface: string,
    out: string | null,
    flow: Flow,
    nat: NatStep | null,
    route: SourceRef | null,
    routeAssumed: boolean,
  ): SiteHop {
    const verdict = this.evaluate
      ? evaluateDevice(device, {
          flow,
          attachment: 'transit',
          inInterface: inIface,
          ...(out !== null ? { outInterface: out } : {}),
          ...(nat ? { natApplied: true } : {}),
        })
      : pass(device);
    return { device: device.name, in: inIface, out, verdict, nat, route, routeAssumed };
  }

  /**
   * The segment an interface of the device leads to: of its subnets (primary and secondary),
   * the one holding the destination, else the one holding the next hop, else the first.
   */
  private segmentOn(
    device: Device,
    ifaceName: string,
    dst: IpAddress,
    nextHop: IpAddress | null,
  ): Segment | null {
    const segs = this.ifaceSegments.get(`${device.name}\u0000${ifaceName}`) ?? [];
    return (
      segs.find((s) => prefixContains(s.prefix, dst)) ??
      (nextHop ? segs.find((s) => prefixContains(s.prefix, nextHop)) : undefined) ??
      segs[0] ??
      null
    );
  }
}

const passes = new WeakMap<Device, Verdict>();
/** The verdict of a device that only routes (one shared object per device: verdicts are not changed). */
const pass = (device: Device): Verdict => {
  let v = passes.get(device);
  if (!v) {
    v = {
      action: 'permit',
      device: device.name,
      rule: null,
      ruleId: null,
      reason: 'unfiltered',
      trace: [],
      uncertain: [],
    };
    passes.set(device, v);
  }
  return v;
};

/** A route through the site from a source segment (or from outside) toward an address. */
export interface RoutePaths {
  readonly paths: readonly SitePath[];
  readonly gatewayGuessed: boolean;
}

/**
 * The ways a packet from `src` to `dst` can go when every device forwards it: routes only, no
 * filtering, no NAT (each hop's verdict is a pass). The zone matrix evaluates the hops itself.
 */
export function routePaths(net: Network, src: IpAddress, dst: IpAddress): RoutePaths {
  return routePathsFrom(net, segmentOf(net, src) ?? null, src, dst);
}

/** routePaths when the source's segment (segmentOf) is known already. */
export function routePathsFrom(
  net: Network,
  srcSeg: Segment | null,
  src: IpAddress,
  dst: IpAddress,
  /** Shared rests of traces toward `dst`'s class of destinations (addresses every device routes alike). */
  suffixes: RouteSuffixes | null = null,
): RoutePaths {
  const tracer = new Tracer(net, false, suffixes);
  const flow: Flow = { proto: 0, src, dst, sport: 0, dport: 0 };
  if (srcSeg) tracer.fromSegment(srcSeg, flow, null, null, [], new Set());
  else for (const seg of tracer.externalSegments()) tracer.fromSegment(seg, flow, null, null, [], new Set());
  return { paths: tracer.paths, gatewayGuessed: tracer.gatewayGuessed };
}

interface NetIndex {
  readonly byName: ReadonlyMap<string, Device>;
  /** Address key -> the device that owns the address. */
  readonly deviceOf: ReadonlyMap<string, string>;
  /** `device\0interface` -> the segments the interface is on (one per subnet it has an address in). */
  readonly ifaceSegments: ReadonlyMap<string, readonly Segment[]>;
}
const indexes = new WeakMap<Network, NetIndex>();

/** Lookups every trace needs, built once per network. */
function indexOf(net: Network): NetIndex {
  let index = indexes.get(net);
  if (index) return index;
  const deviceOf = new Map<string, string>();
  for (const d of net.devices) for (const a of deviceAddresses(d)) deviceOf.set(key(a), d.name);
  const ifaceSegments = new Map<string, Segment[]>();
  for (const s of net.segments)
    for (const a of s.attachments) {
      const k = `${a.device}\u0000${a.interface}`;
      const list = ifaceSegments.get(k);
      if (!list) ifaceSegments.set(k, [s]);
      else if (!list.includes(s)) list.push(s);
    }
  index = { byName: new Map(net.devices.map((d) => [d.name, d])), deviceOf, ifaceSegments };
  indexes.set(net, index);
  return index;
}

const key = (a: IpAddress): string => `${a.family}:${String(a.value)}`;
/** key(a) === key(b), without building the strings. */
const sameAddress = (a: IpAddress, b: IpAddress): boolean => a.family === b.family && a.value === b.value;

/**
 * The first destination NAT rule of the device that matches the flow entering `inIface` and
 * states its translation exactly (NatRule.rewrite). Rules without a structured rewrite are
 * recorded by the importer (with a diagnostic) and not applied.
 */
export function applyDestinationNat(device: Device, flow: Flow, inIface: string): NatStep | null {
  for (const r of device.nat) {
    if (r.translates !== 'destination' || !r.rewrite) continue;
    if (!natMatches(device, r, flow, inIface)) continue;
    const to = rewriteAddress(r, flow.dst);
    if (to === null) continue;
    return { from: flow.dst, to, port: r.rewrite.port ?? null, rule: r.source };
  }
  return null;
}

function natMatches(device: Device, r: NatRule, flow: Flow, inIface: string): boolean {
  const m = r.match;
  if (!addressContains(m.src, flow.src) || !addressContains(m.dst, flow.dst)) return false;
  if (!serviceContains(m.service, flow.proto, flow.sport, flow.dport)) return false;
  if (m.inInterface && !interfaceMatches(m.inInterface, inIface)) return false;
  // A rule limited to traffic leaving some interfaces (PAN-OS NAT `to` zones): where the
  // original destination routes.
  if (m.outInterface) {
    const r = routeLookup(device, flow.dst);
    if (r.kind === 'route' && !interfaceMatches(m.outInterface, r.interface)) return false;
    if (r.kind === 'none') return false;
  }
  return true;
}

/** A host rewrite replaces the address; a prefix rewrite maps host bits 1:1 from the matched range. */
function rewriteAddress(r: NatRule, dst: IpAddress): IpAddress | null {
  const p = r.rewrite?.address ? parsePrefix(r.rewrite.address) : null;
  if (!p) return r.rewrite?.address === undefined ? dst : null;
  const bits = p.family === 4 ? 32 : 128;
  if (p.length === bits) return p.host;
  if (p.family !== dst.family) return null;
  const lo = p.family === 4 ? BigInt(r.match.dst.v4[0] ?? 0) : (r.match.dst.v6[0] ?? 0n);
  const offset = (addressValue(dst) - lo) % (p.hi - p.lo);
  const v = p.lo + offset;
  return p.family === 4 ? { family: 4, value: Number(v) } : { family: 6, value: v };
}
