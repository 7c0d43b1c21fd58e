import type { Device, Route } from '../device';
import type { SourceRef } from '../diagnostics';
import type { IpAddress } from '../net';
import { type Prefix, parsePrefix, prefixContains } from './prefix';

/** Where a device sends a packet for an address. */
export type RouteDecision =
  /** A route (static, or connected when `route` is null) names the egress interface. */
  | {
      readonly kind: 'route';
      readonly interface: string;
      readonly nextHop: IpAddress | null;
      readonly source: SourceRef | null;
    }
  /** The device's config has no routes: any interface might lead there ("route assumed"). */
  | { readonly kind: 'assumed' }
  /** The device has routes, and none (or a discard route) covers the address: a black hole. */
  | { readonly kind: 'none'; readonly source: SourceRef | null };

interface TableEntry {
  readonly prefix: Prefix;
  readonly interface: string | null;
  readonly nextHop: IpAddress | null;
  readonly discard: boolean;
  readonly source: SourceRef | null;
}

const tables = new WeakMap<Device, readonly TableEntry[]>();

/** Connected routes (from interface addresses) and the device's static routes, resolved to interfaces. */
function table(device: Device): readonly TableEntry[] {
  let t = tables.get(device);
  if (t) return t;
  const connected: TableEntry[] = [];
  for (const iface of device.interfaces) {
    if (iface.loopback) continue;
    for (const a of iface.addresses) {
      const p = parsePrefix(a);
      if (p)
        connected.push({
          prefix: p,
          interface: iface.name,
          nextHop: null,
          discard: false,
          source: iface.source,
        });
    }
  }
  const statics: TableEntry[] = [];
  for (const r of device.routes) {
    const e = resolveRoute(r, connected);
    if (e) statics.push(e);
  }
  t = [...connected, ...statics];
  tables.set(device, t);
  return t;
}

function resolveRoute(r: Route, connected: readonly TableEntry[]): TableEntry | null {
  const prefix = parsePrefix(r.prefix === 'default' ? '0.0.0.0/0' : r.prefix);
  if (prefix === null) return null;
  const hop = r.nextHop ? parsePrefix(r.nextHop) : null;
  const nextHop = hop && hop.length === (hop.family === 4 ? 32 : 128) ? hop.host : null;
  const discard = r.discard === true;
  let iface = discard ? null : (r.interface ?? null);
  if (iface === null && nextHop && !discard) {
    // Recursive lookup through connected routes only: the usual case for static routes.
    let best: TableEntry | undefined;
    for (const c of connected)
      if (prefixContains(c.prefix, nextHop) && (!best || c.prefix.length > best.prefix.length)) best = c;
    iface = best?.interface ?? null;
  }
  return { prefix, interface: iface, nextHop, discard, source: r.source };
}

/** Whether the device's config says anything about routing beyond its connected subnets. */
export const hasRoutes = (device: Device): boolean => device.routes.length > 0;

/** Longest-prefix match on the device's connected and static routes. */
export function routeLookup(device: Device, dst: IpAddress): RouteDecision {
  let best: TableEntry | undefined;
  for (const e of table(device)) {
    if (!prefixContains(e.prefix, dst)) continue;
    // Prefer longer prefixes; on a tie a connected route beats a static one (listed first).
    if (!best || e.prefix.length > best.prefix.length) best = e;
  }
  if (best && !best.discard && best.interface !== null)
    return { kind: 'route', interface: best.interface, nextHop: best.nextHop, source: best.source };
  if (best && (best.discard || best.interface === null)) return { kind: 'none', source: best.source };
  return hasRoutes(device) ? { kind: 'none', source: null } : { kind: 'assumed' };
}

/** Every address of every interface of the device. */
export function deviceAddresses(device: Device): IpAddress[] {
  const out: IpAddress[] = [];
  for (const iface of device.interfaces)
    for (const a of iface.addresses) {
      const p = parsePrefix(a);
      if (p) out.push(p.host);
    }
  return out;
}
