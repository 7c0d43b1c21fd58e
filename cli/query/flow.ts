import {
  type Flow,
  type IpAddress,
  type Parsed,
  PROTO,
  formatAddress,
  hasPorts,
  isIcmp,
  parseAddress,
  parseProtocol,
  protocolName,
} from '../../models/net';

/**
 * The source port assumed when a query names none: the first port of the IANA ephemeral range,
 * where clients' ports come from (and Batfish's default for the same question).
 */
export const DEFAULT_SPORT = 49152;
/** The ICMP type assumed when none is given: echo request (a ping); ICMPv6 numbers it 128. */
export const DEFAULT_ICMP_TYPE = 8;
export const DEFAULT_ICMPV6_TYPE = 128;

/** A flow as the user wrote it (command-line options or a probe row); empty strings mean absent. */
export interface FlowSpec {
  readonly proto: string;
  readonly src: string;
  readonly dst: string;
  /** TCP/UDP source port, or for ICMP the code (as in the probe CSV). */
  readonly sport?: string;
  /** TCP/UDP destination port, or for ICMP the type (as in the probe CSV). */
  readonly dport?: string;
}

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** The flow fields of a probe row, named as the CSV columns. */
export type FlowField = 'src' | 'dst' | 'proto' | 'sport' | 'dport';
export type FlowResult = { ok: true; value: Flow } | { ok: false; field: FlowField; error: string };
const bad = (field: FlowField, error: string): { ok: false; field: FlowField; error: string } => ({
  ok: false,
  field,
  error,
});

/** A decimal integer in [0, max] (at most 6 digits), or null. */
export function parseUint(text: string, max: number): number | null {
  const n = text.length;
  if (n === 0 || n > 6) return null;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    v = v * 10 + d;
  }
  return v <= max ? v : null;
}

/**
 * Resolves a protocol name or number. `icmp` means ICMPv6 when the addresses are IPv6, as a
 * user asking "is ping allowed" between IPv6 hosts means.
 */
export function resolveProtocol(text: string, family: 4 | 6): Parsed<number> {
  const proto = parseProtocol(text.trim());
  if (proto === null) return fail(`'${text}' is not a protocol name or number (0-255)`);
  if (proto === PROTO.ICMP && family === 6) return { ok: true, value: PROTO.ICMPV6 };
  if (proto === PROTO.ICMPV6 && family === 4) return fail('icmpv6 needs IPv6 addresses');
  return { ok: true, value: proto };
}

/** A memo of parsed addresses: probe files repeat the same few thousand addresses. */
export type AddressCache = Map<string, Parsed<IpAddress>>;

export function cachedAddress(text: string, cache?: AddressCache): Parsed<IpAddress> {
  let hit = cache?.get(text);
  if (hit === undefined) {
    hit = parseAddress(text.trim());
    if (cache !== undefined && cache.size < 1_000_000) cache.set(text, hit);
  }
  return hit;
}

/**
 * Builds the packet a query or probe asks about; an error names the field at fault (the probe
 * CSV's column; the query command maps it to its option).
 */
export function buildFlow(spec: FlowSpec, cache?: AddressCache): FlowResult {
  const src = cachedAddress(spec.src, cache);
  if (!src.ok) return bad('src', src.error);
  const dst = cachedAddress(spec.dst, cache);
  if (!dst.ok) return bad('dst', dst.error);
  if (src.value.family !== dst.value.family) return bad('dst', 'src and dst must both be IPv4 or both IPv6');
  const proto = resolveProtocol(spec.proto, src.value.family);
  if (!proto.ok) return bad('proto', proto.error);
  const sportText = spec.sport?.trim() ?? '';
  const dportText = spec.dport?.trim() ?? '';
  const p = proto.value;
  if (hasPorts(p)) {
    const sport = sportText === '' ? DEFAULT_SPORT : parseUint(sportText, 65535);
    if (sport === null) return bad('sport', `'${sportText}' is not a port (0-65535)`);
    if (dportText === '') return bad('dport', `a ${protocolName(p)} flow needs a destination port`);
    const dport = parseUint(dportText, 65535);
    if (dport === null) return bad('dport', `'${dportText}' is not a port (0-65535)`);
    return { ok: true, value: { proto: p, src: src.value, dst: dst.value, sport, dport } };
  }
  if (isIcmp(p)) {
    const code = sportText === '' ? 0 : parseUint(sportText, 255);
    if (code === null) return bad('sport', `'${sportText}' is not an ICMP code (0-255)`);
    const type =
      dportText === ''
        ? p === PROTO.ICMPV6
          ? DEFAULT_ICMPV6_TYPE
          : DEFAULT_ICMP_TYPE
        : parseUint(dportText, 255);
    if (type === null) return bad('dport', `'${dportText}' is not an ICMP type (0-255)`);
    return { ok: true, value: { proto: p, src: src.value, dst: dst.value, sport: code, dport: type } };
  }
  if ((sportText !== '' && sportText !== '0') || (dportText !== '' && dportText !== '0')) {
    return bad(sportText !== '' && sportText !== '0' ? 'sport' : 'dport', `${protocolName(p)} has no ports`);
  }
  return { ok: true, value: { proto: p, src: src.value, dst: dst.value, sport: 0, dport: 0 } };
}

/** The flow as JSON: protocol by name, addresses as text, and ICMP type/code named as such. */
export function flowToJson(f: Flow): Record<string, string | number> {
  const base = { proto: protocolName(f.proto), src: formatAddress(f.src), dst: formatAddress(f.dst) };
  if (isIcmp(f.proto)) return { ...base, icmpType: f.dport, icmpCode: f.sport };
  if (hasPorts(f.proto)) return { ...base, sport: f.sport, dport: f.dport };
  return base;
}
