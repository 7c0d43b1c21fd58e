/**
 * DNS stamps (`sdns://...`, https://dnscrypt.info/stamps-specifications): one string holding what
 * a client needs to reach a resolver. The payload is base64url (no padding) of a protocol byte,
 * then, for most protocols, 8 bytes of little-endian informal properties, then length-prefixed
 * fields: LP(x) = len || x, and VLP(x1..xn) where every length but the last has 0x80 set.
 *
 *   0x00 plain DNS        props LP(addr)
 *   0x01 DNSCrypt         props LP(addr) LP(pk) LP(providerName)
 *   0x02 DoH              props LP(addr) VLP(hashes) LP(hostname[:port]) LP(path) [VLP(bootstrap)]
 *   0x03 DoT, 0x04 DoQ    props LP(addr) VLP(hashes) LP(hostname[:port]) [VLP(bootstrap)]
 *   0x05 ODoH target      props LP(hostname[:port]) LP(path)
 *   0x81 DNSCrypt relay   LP(addr)
 *   0x85 ODoH relay       props LP(addr) VLP(hashes) LP(hostname[:port]) LP(path) [VLP(bootstrap)]
 *
 * `addr` is an IP address with an optional port (`1.2.3.4:8443`, IPv6 in brackets:
 * `[2001:db8::1]:8443`), may be empty (or just `:port`) for the protocols that carry a host name,
 * and then the host name must be resolved. Decoding never throws: a malformed stamp is an error
 * result that says what is wrong and where.
 */
import { type IpAddress, type Parsed, formatAddress, parseAddress } from '../../net';
import { decodeBase64Url, decodeUtf8, hasForbiddenChar } from './bytes';

export type StampProtocol =
  'dns' | 'dnscrypt' | 'doh' | 'dot' | 'doq' | 'odoh-target' | 'dnscrypt-relay' | 'odoh-relay';

/** The protocol byte of each stamp kind. */
export const STAMP_PROTOCOL_IDS: Readonly<Record<StampProtocol, number>> = {
  dns: 0x00,
  dnscrypt: 0x01,
  doh: 0x02,
  dot: 0x03,
  doq: 0x04,
  'odoh-target': 0x05,
  'dnscrypt-relay': 0x81,
  'odoh-relay': 0x85,
};

const PROTOCOL_OF_ID: ReadonlyMap<number, StampProtocol> = new Map(
  (Object.entries(STAMP_PROTOCOL_IDS) as [StampProtocol, number][]).map(([p, id]) => [id, p]),
);

/** The port a client uses when the stamp names none. */
export const DEFAULT_PORTS: Readonly<Record<StampProtocol, number>> = {
  dns: 53,
  dnscrypt: 443,
  doh: 443,
  dot: 853,
  doq: 853,
  'odoh-target': 443,
  'dnscrypt-relay': 443,
  'odoh-relay': 443,
};

/** The informal properties (bits 0, 1, 2 of `props`); other bits are reserved and ignored. */
export interface StampProps {
  readonly dnssec: boolean;
  readonly nolog: boolean;
  readonly nofilter: boolean;
}

export const NO_PROPS: StampProps = Object.freeze({ dnssec: false, nolog: false, nofilter: false });

export interface DnsStamp {
  readonly protocol: StampProtocol;
  readonly props: StampProps;
  /** The server's IP address (canonical text, no brackets), or null when the stamp has none. */
  readonly address: IpAddress | null;
  /** The port to connect to: the stamp's, else the host name's, else the protocol default. */
  readonly port: number;
  /** True when `port` came from the stamp rather than the protocol default. */
  readonly explicitPort: boolean;
  /** The TLS host name / SNI (DoH, DoT, DoQ, ODoH), without its port; null if none. */
  readonly hostname: string | null;
  /** The DNSCrypt provider name (`2.dnscrypt-cert.example.com`): a certificate name, not a host. */
  readonly providerName: string | null;
  /** The URI path (DoH, ODoH). */
  readonly path: string | null;
  /** SHA-256 hashes of a certificate in the chain, lower-case hex. */
  readonly hashes: readonly string[];
  /** DNSCrypt provider public key (Ed25519), lower-case hex. */
  readonly publicKey: string | null;
  /** Plain-DNS resolvers the stamp recommends for resolving `hostname` (not the server itself). */
  readonly bootstrap: readonly string[];
}

export const MAX_STAMP_LENGTH = 4096;

class StampError extends Error {}

class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  take(n: number, what: string): Uint8Array {
    if (n > this.remaining) {
      throw new StampError(
        `the stamp ends early: ${what} needs ${n} bytes at byte ${this.pos + 1}, ${this.remaining} left`,
      );
    }
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  lp(what: string): Uint8Array {
    const len = this.take(1, `the length of ${what}`)[0]!;
    return this.take(len, what);
  }

  vlp(what: string): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (;;) {
      const v = this.take(1, `the length of ${what}`)[0]!;
      const item = this.take(v & 0x7f, what);
      if (item.length > 0) out.push(item);
      if ((v & 0x80) === 0) return out;
    }
  }
}

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function readProps(r: Reader): StampProps {
  const b = r.take(8, 'the properties')[0]!;
  return { dnssec: (b & 1) !== 0, nolog: (b & 2) !== 0, nofilter: (b & 4) !== 0 };
}

function parsePortText(text: string, what: string): number {
  if (!/^\d{1,5}$/.test(text)) throw new StampError(`${what}: '${text}' is not a port number`);
  const port = Number(text);
  if (port < 1 || port > 65535) throw new StampError(`${what}: port ${port} is out of range`);
  return port;
}

export interface AddressWithPort {
  readonly address: IpAddress | null;
  readonly port: number | null;
}

/** `ip`, `ip:port`, `[ipv6]`, `[ipv6]:port`, `:port` or empty, as in a stamp's `addr` field. */
export function parseAddressWithPort(text: string): Parsed<AddressWithPort> {
  try {
    return { ok: true, value: readAddress(text) };
  } catch (e) {
    return { ok: false, error: e instanceof StampError ? e.message : String(e) };
  }
}

/** Throws StampError (caught by the exported callers); a bare IPv6 address is accepted. */
function readAddress(text: string): AddressWithPort {
  if (text === '') return { address: null, port: null };
  if (text.startsWith(':') && !text.startsWith('::'))
    return { address: null, port: parsePortText(text.slice(1), 'address') };
  let host = text;
  let port: number | null = null;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) throw new StampError(`address '${text}' has no closing ']'`);
    host = text.slice(1, close);
    const rest = text.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) throw new StampError(`address '${text}' has text after ']'`);
      port = parsePortText(rest.slice(1), `address '${text}'`);
    }
  } else {
    const colon = text.indexOf(':');
    if (colon >= 0 && colon === text.lastIndexOf(':')) {
      host = text.slice(0, colon);
      port = parsePortText(text.slice(colon + 1), `address '${text}'`);
    }
  }
  const parsed = parseAddress(host);
  if (!parsed.ok) throw new StampError(`address '${text}' is not an IP address`);
  return { address: parsed.value, port };
}

/** A host name with an optional port; IPv6 literals in brackets. */
function parseHostname(text: string, what: string): { hostname: string; port: number | null } {
  if (text === '') throw new StampError(`the ${what} is empty`);
  if (text.length > 255 || hasForbiddenChar(text, '/\\')) {
    throw new StampError(`the ${what} '${text.slice(0, 64)}' is not a host name`);
  }
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) throw new StampError(`the ${what} '${text}' has no closing ']'`);
    const rest = text.slice(close + 1);
    if (rest === '') return { hostname: text.slice(1, close), port: null };
    if (!rest.startsWith(':')) throw new StampError(`the ${what} '${text}' has text after ']'`);
    return { hostname: text.slice(1, close), port: parsePortText(rest.slice(1), `the ${what} '${text}'`) };
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0) return { hostname: text, port: null };
  if (text.indexOf(':') !== colon) return { hostname: text, port: null }; // a bare IPv6 literal
  if (colon === 0) throw new StampError(`the ${what} '${text}' has no host`);
  return {
    hostname: text.slice(0, colon),
    port: parsePortText(text.slice(colon + 1), `the ${what} '${text}'`),
  };
}

function readBootstrap(r: Reader): string[] {
  if (r.remaining === 0) return [];
  return r.vlp('the bootstrap addresses').map((b) => {
    const text = decodeUtf8(b);
    try {
      const { address } = readAddress(text);
      return address === null ? text : formatAddress(address);
    } catch {
      throw new StampError(`bootstrap address '${text}' is not an IP address`);
    }
  });
}

function decodePayload(bytes: Uint8Array): DnsStamp {
  const r = new Reader(bytes);
  const id = r.take(1, 'the protocol')[0]!;
  const protocol = PROTOCOL_OF_ID.get(id);
  if (protocol === undefined)
    throw new StampError(`unknown stamp protocol 0x${id.toString(16).padStart(2, '0')}`);
  const props = protocol === 'dnscrypt-relay' ? NO_PROPS : readProps(r);
  let addr: AddressWithPort = { address: null, port: null };
  let providerName: string | null = null;
  let hashes: string[] = [];
  let host: { hostname: string; port: number | null } | null = null;
  let path: string | null = null;
  let publicKey: string | null = null;
  let bootstrap: string[] = [];

  if (protocol !== 'odoh-target') addr = readAddress(decodeUtf8(r.lp('the address')));
  switch (protocol) {
    case 'dns':
    case 'dnscrypt-relay':
      break;
    case 'dnscrypt': {
      const pk = r.lp('the public key');
      if (pk.length !== 32) throw new StampError(`the DNSCrypt public key is ${pk.length} bytes, not 32`);
      publicKey = hex(pk);
      providerName = decodeUtf8(r.lp('the provider name'));
      if (providerName === '') throw new StampError('the DNSCrypt provider name is empty');
      break;
    }
    case 'doh':
    case 'odoh-relay':
      hashes = r.vlp('the certificate hashes').map(hex);
      host = parseHostname(decodeUtf8(r.lp('the host name')), 'host name');
      path = decodeUtf8(r.lp('the path'));
      bootstrap = readBootstrap(r);
      break;
    case 'dot':
    case 'doq':
      hashes = r.vlp('the certificate hashes').map(hex);
      host = parseHostname(decodeUtf8(r.lp('the host name')), 'host name');
      bootstrap = readBootstrap(r);
      break;
    case 'odoh-target':
      host = parseHostname(decodeUtf8(r.lp('the host name')), 'host name');
      path = decodeUtf8(r.lp('the path'));
      break;
  }
  if (r.remaining > 0) throw new StampError(`${r.remaining} unexpected bytes after the end of the stamp`);
  if (
    addr.address === null &&
    (protocol === 'dns' || protocol === 'dnscrypt' || protocol === 'dnscrypt-relay')
  ) {
    throw new StampError(`a ${protocol} stamp needs an IP address`);
  }
  if (path !== null && path !== '' && !path.startsWith('/'))
    throw new StampError(`the path '${path}' is not absolute`);
  const explicit = addr.port ?? host?.port ?? null;
  return {
    protocol,
    props,
    address: addr.address,
    port: explicit ?? DEFAULT_PORTS[protocol],
    explicitPort: explicit !== null,
    hostname: host?.hostname ?? null,
    providerName,
    path,
    hashes,
    publicKey,
    bootstrap,
  };
}

/** Decodes one `sdns://` stamp; every failure is an error result naming the problem. */
export function decodeStamp(text: string): Parsed<DnsStamp> {
  const s = text.trim();
  if (s.length > MAX_STAMP_LENGTH)
    return { ok: false, error: `the stamp is longer than ${MAX_STAMP_LENGTH} characters` };
  const body = s.startsWith('sdns://') ? s.slice(7) : s.startsWith('sdns:') ? s.slice(5) : null;
  if (body === null) return { ok: false, error: "a DNS stamp starts with 'sdns://'" };
  if (body === '') return { ok: false, error: 'the stamp is empty' };
  const bytes = decodeBase64Url(body);
  if (!bytes.ok) return { ok: false, error: `the stamp is not base64url: ${bytes.error}` };
  try {
    return { ok: true, value: decodePayload(bytes.value) };
  } catch (e) {
    if (e instanceof StampError) return { ok: false, error: e.message };
    return { ok: false, error: `the stamp could not be decoded: ${String(e)}` };
  }
}
