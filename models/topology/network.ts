import type { Device, Interface, Route } from '../device';
import { type Diagnostic, DiagnosticSink, type SourceRef, sourceRef } from '../diagnostics';
import { type IpAddress, formatAddress, parseAddress } from '../net';
import type {
  AssetRecord,
  HostNetworking,
  OfferedService,
  PurdueLevel,
  SiteFile,
  ZoneKind,
} from './inputs/types';
import { type Prefix, longestMatch, parsePrefix, prefixContains } from './prefix';
import { inferZones } from './zones';

/** A device interface on a segment, with the address it has there. */
export interface Attachment {
  readonly device: string;
  readonly interface: string;
  readonly address: IpAddress;
}

/** A subnet: where hosts talk to each other without crossing a firewall. */
export interface Segment {
  /** The canonical prefix text, `10.1.0.0/24`: unique. */
  readonly id: string;
  readonly prefix: Prefix;
  readonly attachments: readonly Attachment[];
  readonly zone: string;
  /** Where the segment came from: a device interface, or the site file. */
  readonly source: SourceRef | null;
}

export interface NetZone {
  readonly name: string;
  readonly level: PurdueLevel | null;
  readonly kind: ZoneKind | null;
  /** True when nothing declared the zone: its name, level or kind were guessed from the configs. */
  readonly inferred: boolean;
  /** Why the zone has its level and kind (for "inferred" labels in the UI and reports). */
  readonly basis: string;
  readonly segments: readonly string[];
  readonly source: SourceRef | null;
}

export interface Asset {
  readonly ip: IpAddress;
  readonly ipText: string;
  readonly name: string;
  readonly role: string | null;
  readonly zone: string;
  readonly level: PurdueLevel | null;
  readonly criticality: string | null;
  readonly segment: string | null;
  readonly services: readonly OfferedService[];
  readonly source: SourceRef;
  /**
   * Set on the stand-in for the unknown hosts of a segment that no inventory asset is in: the
   * analysis then still answers for every segment of a config-only site.
   */
  readonly placeholder?: boolean;
}

export interface Network {
  readonly name: string;
  readonly devices: readonly Device[];
  readonly segments: readonly Segment[];
  readonly zones: readonly NetZone[];
  readonly assets: readonly Asset[];
  readonly site: SiteFile | null;
  readonly diagnostics: readonly Diagnostic[];
}

/** The zone every address outside the site's segments belongs to. */
export const INTERNET_ZONE = 'internet';

export interface NetworkInputs {
  readonly name?: string;
  readonly devices: readonly Device[];
  /** `ip addr` / `ip route` facts per device name (Linux firewalls), merged into the device. */
  readonly hostNetworking?: ReadonlyMap<string, HostNetworking>;
  readonly assets?: readonly AssetRecord[];
  readonly site?: SiteFile | null;
}

/**
 * Builds the site: devices with their host networking merged, segments from interface
 * addresses and the site file, zones (declared or inferred), assets placed by longest prefix.
 */
export function buildNetwork(inputs: NetworkInputs): Network {
  const sink = new DiagnosticSink('topology');
  const devices = inputs.devices.map((d) => mergeHostNetworking(d, inputs.hostNetworking?.get(d.name)));
  const site = inputs.site ?? null;

  // Segments: the subnet of every interface address, then the site file's declared segments.
  const bySegment = new Map<
    string,
    { prefix: Prefix; attachments: Attachment[]; source: SourceRef | null }
  >();
  for (const d of devices) {
    for (const iface of d.interfaces) {
      if (iface.loopback) continue;
      for (const text of iface.addresses) {
        const p = parsePrefix(text);
        if (p === null) {
          if (iface.source)
            sink.warning('invalid-value', `interface address '${text}' is not a prefix`, iface.source);
          continue;
        }
        // A host route (/32, /128) on an interface is a loopback-like address, not a segment;
        // link-local subnets (fe80::/10, 169.254/16) are on every link and join nothing.
        if (p.length === (p.family === 4 ? 32 : 128) || isLinkLocal(p)) continue;
        let seg = bySegment.get(p.text);
        if (!seg) {
          seg = { prefix: p, attachments: [], source: iface.source };
          bySegment.set(p.text, seg);
        }
        seg.attachments.push({ device: d.name, interface: iface.name, address: p.host });
      }
    }
  }
  for (const z of site?.zones ?? []) {
    for (const text of z.segments) {
      const p = parsePrefix(text);
      if (p === null) continue; // the site file parser has reported it
      if (!bySegment.has(p.text)) bySegment.set(p.text, { prefix: p, attachments: [], source: z.source });
    }
  }

  const zoning = inferZones(
    devices,
    [...bySegment.values()].map((s) => ({ id: s.prefix.text, ...s })),
    inputs.assets ?? [],
    site,
  );
  const segments: Segment[] = [...bySegment.values()]
    .map((s) => ({
      id: s.prefix.text,
      prefix: s.prefix,
      attachments: s.attachments,
      zone: zoning.segmentZone.get(s.prefix.text) ?? 'unassigned',
      source: s.source,
    }))
    .sort(compareSegments);
  for (const d of zoning.diagnostics) sink.diagnostics.push(d);

  const assets: Asset[] = [];
  const seen = new Set<string>();
  for (const a of inputs.assets ?? []) {
    const ip = parseAddress(a.ip);
    if (!ip.ok) continue; // the inventory parser has reported it
    const segment = longestMatch(segments, ip.value) ?? null;
    const internetAsset =
      a.zone !== undefined && zoning.zones.find((z) => z.name === a.zone)?.kind === 'internet';
    if (segment === null && !internetAsset)
      sink.warning(
        'undefined-reference',
        `asset ${a.name ?? a.ip} (${a.ip}) is in no segment of the site: no device interface or site-file segment covers it`,
        a.source,
      );
    const key = a.ip;
    if (seen.has(key)) continue;
    seen.add(key);
    const zone = a.zone ?? segment?.zone ?? INTERNET_ZONE;
    const zoneInfo = zoning.zones.find((z) => z.name === zone);
    assets.push({
      ip: ip.value,
      ipText: a.ip,
      name: a.name ?? a.ip,
      role: a.role ?? null,
      zone,
      level: a.purdueLevel ?? zoneInfo?.level ?? null,
      criticality: a.criticality ?? null,
      segment: segment?.id ?? null,
      services: a.services,
      source: a.source,
    });
  }

  // A stand-in host for every segment without inventory assets.
  const used = new Set(assets.map((a) => `${a.ip.family}:${String(a.ip.value)}`));
  for (const seg of segments) {
    if (assets.some((a) => a.segment === seg.id)) continue;
    for (const a of seg.attachments) used.add(`${a.address.family}:${String(a.address.value)}`);
    const host = placeholderHost(seg.prefix, used);
    if (host === null) continue;
    const zoneInfo = zoning.zones.find((z) => z.name === seg.zone);
    assets.push({
      ip: host,
      ipText: formatAddress(host),
      name: `hosts of ${seg.id}`,
      role: null,
      zone: seg.zone,
      level: zoneInfo?.level ?? null,
      criticality: null,
      segment: seg.id,
      services: [],
      source: seg.source ?? sourceRef('(site)', 1, seg.id),
      placeholder: true,
    });
  }

  return {
    name: inputs.name ?? site?.name ?? 'site',
    devices,
    segments,
    zones: zoning.zones.map((z) => ({
      ...z,
      segments: segments.filter((s) => s.zone === z.name).map((s) => s.id),
    })),
    assets,
    site,
    diagnostics: sink.diagnostics,
  };
}

const FE80 = 0xfe80n << 112n;
const V6_LL_SIZE = 1n << 118n;
const V4_LL = 0xa9fe0000n;
function isLinkLocal(p: Prefix): boolean {
  return p.family === 6 ? p.lo >= FE80 && p.lo < FE80 + V6_LL_SIZE : p.lo >= V4_LL && p.lo < V4_LL + 65536n;
}

/** A host address of the prefix that no device uses: the tenth, else the first free one. */
function placeholderHost(p: Prefix, used: ReadonlySet<string>): IpAddress | null {
  const size = p.hi - p.lo;
  const candidates = size > 20n ? [p.lo + 10n] : [];
  for (let i = 1n; i < size - 1n && i < 64n; i++) candidates.push(p.lo + i);
  if (size <= 2n) candidates.push(p.lo);
  for (const v of candidates) {
    const a: IpAddress = p.family === 4 ? { family: 4, value: Number(v) } : { family: 6, value: v };
    if (!used.has(`${a.family}:${String(a.value)}`)) return a;
  }
  return null;
}

function compareSegments(a: Segment, b: Segment): number {
  if (a.prefix.family !== b.prefix.family) return a.prefix.family - b.prefix.family;
  if (a.prefix.lo !== b.prefix.lo) return a.prefix.lo < b.prefix.lo ? -1 : 1;
  return a.prefix.length - b.prefix.length;
}

/**
 * A device with what `ip addr` / `ip route` say about its host: interface addresses (matched by
 * name; interfaces the rules never named are added) and routes.
 */
export function mergeHostNetworking(device: Device, host: HostNetworking | undefined): Device {
  if (!host) return device;
  const byName = new Map(device.interfaces.map((i) => [i.name, i]));
  const interfaces: Interface[] = device.interfaces.map((i) => {
    const h = host.interfaces.find((x) => x.name === i.name);
    return h
      ? {
          ...i,
          addresses: [...new Set([...i.addresses, ...h.addresses])],
          loopback: i.loopback || h.loopback,
        }
      : i;
  });
  for (const h of host.interfaces) {
    if (!byName.has(h.name))
      interfaces.push({
        name: h.name,
        addresses: h.addresses,
        source: h.source,
        ...(h.loopback ? { loopback: true } : {}),
      });
  }
  const routes: Route[] = [...device.routes, ...host.routes];
  const hasRoutes = routes.length > 0;
  return {
    ...device,
    interfaces,
    routes,
    support:
      hasRoutes && device.support.routes !== 'modelled'
        ? { ...device.support, routes: 'modelled' }
        : device.support,
  };
}

/** The segment holding an address (longest prefix), or undefined. */
export function segmentOf(net: Network, a: IpAddress): Segment | undefined {
  return longestMatch(net.segments, a);
}

export const segmentContains = (s: Segment, a: IpAddress): boolean => prefixContains(s.prefix, a);

/** The zone of an address: its asset's zone, else its segment's zone, else the internet. */
export function zoneOf(net: Network, a: IpAddress): string {
  const asset = net.assets.find((x) => x.ip.family === a.family && x.ip.value === a.value);
  if (asset) return asset.zone;
  return segmentOf(net, a)?.zone ?? INTERNET_ZONE;
}

export const siteSource = (file: string, line: number, text: string): SourceRef =>
  sourceRef(file, line, text);
