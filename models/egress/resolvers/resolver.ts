/**
 * The neutral resolver model of the egress analysis: one `Resolver` per stamp (or per imported
 * row), with the endpoints (address, transport, port) a host would connect to.
 */
import type { SourceRef } from '../../diagnostics';
import { formatAddress } from '../../net';
import { DOT_PORT, isKnownDotHost } from './known-dot';
import { type DnsStamp, type StampProps, type StampProtocol } from './stamp';

export type ResolverProtocol = StampProtocol;
export type Transport = 'tcp' | 'udp';

/** Why an endpoint that no stamp states is in the list. */
export type Assumption =
  /** DoH over HTTP/3 (QUIC) on the DoH port: the stamp format cannot say whether it is served. */
  | 'doh3'
  /** DoT on tcp/853 at a DoH server whose operator is known to serve DoT too (known-dot.ts). */
  | 'dot-known-host';

export interface ResolverEndpoint {
  readonly protocol: ResolverProtocol;
  readonly transport: Transport;
  /** Canonical IP address text (IPv6 compressed, no brackets). */
  readonly address: string;
  readonly port: number;
  /** Set on endpoints inferred rather than stated by the source. */
  readonly assumed?: true;
  readonly assumption?: Assumption;
}

export interface Resolver {
  /** The list's name for it (`## name` in the markdown list). */
  readonly name: string;
  /** The operator, best effort ("Operated by X." in the description, else the host's domain). */
  readonly provider: string | null;
  /** Protocols it speaks: the stamp's first, then assumed ones (see `assumed`). */
  readonly protocols: readonly ResolverProtocol[];
  /** Every (address, transport, port) it answers on; empty when the source names only a host. */
  readonly addresses: readonly ResolverEndpoint[];
  /** TLS host name (SNI) of DoH / DoT / DoQ / ODoH, without port. */
  readonly hostname: string | null;
  /** DoH / ODoH URI path. */
  readonly path: string | null;
  readonly props: StampProps;
  /** Set when the source names a host but no address: it cannot be matched offline. */
  readonly hostnameOnly?: true;
  /** Protocols in `protocols` that are assumptions, not stated by the source. */
  readonly assumed?: readonly ResolverProtocol[];
  /** Where it came from: the stamp's line (or the CSV row / JSON element). */
  readonly source: SourceRef;
}

/** The transports of each protocol as the stamp states them. */
const TRANSPORTS: Readonly<Record<ResolverProtocol, readonly Transport[]>> = {
  dns: ['udp', 'tcp'],
  dnscrypt: ['udp', 'tcp'],
  doh: ['tcp'],
  dot: ['tcp'],
  doq: ['udp'],
  'odoh-target': ['tcp'],
  'dnscrypt-relay': ['udp', 'tcp'],
  'odoh-relay': ['tcp'],
};

export const transportsOf = (p: ResolverProtocol): readonly Transport[] => TRANSPORTS[p];

/**
 * Endpoints of one protocol at one address: the stated transports, plus DoH's assumed HTTP/3
 * (udp on the same port).
 */
export function endpointsFor(protocol: ResolverProtocol, address: string, port: number): ResolverEndpoint[] {
  const out: ResolverEndpoint[] = TRANSPORTS[protocol].map((transport) => ({
    protocol,
    transport,
    address,
    port,
  }));
  if (protocol === 'doh')
    out.push({ protocol, transport: 'udp', address, port, assumed: true, assumption: 'doh3' });
  return out;
}

/** The resolver one decoded stamp describes, with the assumed DoT endpoints of known DoH hosts. */
export function resolverFromStamp(
  stamp: DnsStamp,
  name: string,
  provider: string | null,
  source: SourceRef,
): Resolver {
  const protocols: ResolverProtocol[] = [stamp.protocol];
  const assumed: ResolverProtocol[] = [];
  const addresses: ResolverEndpoint[] = [];
  const ip = stamp.address === null ? null : formatAddress(stamp.address);
  if (ip !== null) addresses.push(...endpointsFor(stamp.protocol, ip, stamp.port));
  if (stamp.protocol === 'doh' && stamp.hostname !== null && isKnownDotHost(stamp.hostname)) {
    protocols.push('dot');
    assumed.push('dot');
    if (ip !== null) {
      addresses.push({
        protocol: 'dot',
        transport: 'tcp',
        address: ip,
        port: DOT_PORT,
        assumed: true,
        assumption: 'dot-known-host',
      });
    }
  }
  return {
    name,
    provider,
    protocols,
    addresses,
    hostname: stamp.hostname,
    path: stamp.path,
    props: stamp.props,
    ...(ip === null ? { hostnameOnly: true as const } : {}),
    ...(assumed.length > 0 ? { assumed } : {}),
    source,
  };
}

/**
 * Best effort: "Operated by X." in a description (cut at a comma, " with", " in", " on", or " for" and a lower-case word), else the
 * registrable-looking tail of the TLS host name, else of the DNSCrypt provider name
 * (`2.dnscrypt-cert.example.com` -> `example.com`).
 */
export function guessProvider(
  description: readonly string[],
  hostname: string | null,
  providerName: string | null = null,
): string | null {
  for (const line of description) {
    const at = line.indexOf('Operated by ');
    if (at < 0) continue;
    let name = line.slice(at + 'Operated by '.length);
    for (const stop of [/\.(\s|$)/, /[,;(]/, /\s(with|in|on)\s/, /\sfor\s+[a-z]/]) {
      const end = name.search(stop);
      if (end >= 0) name = name.slice(0, end);
    }
    name = name.replace(/^the\s+/i, '').trim();
    if (name !== '' && name.length <= 120) return name;
  }
  const fromHost = hostname === null ? null : domainOf(hostname);
  if (fromHost !== null || providerName === null) return fromHost;
  const certName = providerName.replace(/^\d+\.dnscrypt-cert\./i, '');
  return /\.[a-z]{2,}$/i.test(certName) ? domainOf(certName) : null;
}

const SHORT_SECOND_LEVEL = /^(co|com|net|org|gov|edu|ac|or|ne|go)$/;

/** `doh.example.co.uk` -> `example.co.uk`; IP literals and single labels -> null. */
export function domainOf(hostname: string): string | null {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (h.includes(':') || /^\d+(\.\d+){3}$/.test(h)) return null;
  const labels = h.split('.');
  if (labels.length < 2) return null;
  const take = labels.length >= 3 && SHORT_SECOND_LEVEL.test(labels[labels.length - 2]!) ? 3 : 2;
  return labels.slice(-take).join('.');
}
