/**
 * A user's own resolver list as CSV: `address,hostname,protocol,provider` (a header row naming
 * those columns, in any order, is recognised; without one the columns are taken in that order).
 * `address` is an IP with an optional port (`9.9.9.9`, `9.9.9.9:8443`, `[2620:fe::fe]:443`) or
 * empty when only the host name is known; `protocol` is doh, dot, doq, dnscrypt, dns (plain),
 * odoh-target, odoh-relay or dnscrypt-relay. `#` lines and blank lines are skipped. A bad row is a
 * diagnostic naming its line; the other rows still import.
 */
import { type DiagnosticSink, sourceRef } from '../../diagnostics';
import { hasForbiddenChar } from './bytes';
import { formatAddress } from '../../net';
import { type Resolver, type ResolverProtocol, domainOf, endpointsFor } from './resolver';
import { DEFAULT_PORTS, NO_PROPS, parseAddressWithPort } from './stamp';

const COLUMNS = ['address', 'hostname', 'protocol', 'provider'] as const;
type Column = (typeof COLUMNS)[number];

const PROTOCOL_ALIASES: Readonly<Record<string, ResolverProtocol>> = {
  dns: 'dns',
  plain: 'dns',
  do53: 'dns',
  dnscrypt: 'dnscrypt',
  doh: 'doh',
  https: 'doh',
  dot: 'dot',
  tls: 'dot',
  doq: 'doq',
  quic: 'doq',
  'odoh-target': 'odoh-target',
  odoh: 'odoh-target',
  'odoh-relay': 'odoh-relay',
  'dnscrypt-relay': 'dnscrypt-relay',
};

export const CSV_PROTOCOLS: readonly string[] = Object.keys(PROTOCOL_ALIASES);

const MAX_LINE = 4096;
const isHostname = (h: string): boolean => h.length <= 253 && !hasForbiddenChar(h, '/\\,;"\'<>');

/** Splits one CSV line (RFC 4180 quoting, no embedded newlines); null on an unterminated quote. */
export function splitCsvLine(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return null;
        const c = line[i]!;
        if (c === '"') {
          if (line[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += c;
        i++;
      }
      const comma = line.indexOf(',', i);
      cell += (comma < 0 ? line.slice(i) : line.slice(i, comma)).trimEnd();
      i = comma < 0 ? line.length : comma;
    } else {
      const comma = line.indexOf(',', i);
      cell = comma < 0 ? line.slice(i) : line.slice(i, comma);
      i = comma < 0 ? line.length : comma;
    }
    out.push(cell.trim());
    if (i >= line.length) return out;
    i++; // the comma
  }
}

export function parseResolverCsv(file: string, text: string, sink: DiagnosticSink): Resolver[] {
  const resolvers: Resolver[] = [];
  let headerDone = false;
  let index: Partial<Record<Column, number>> = { address: 0, hostname: 1, protocol: 2, provider: 3 };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.replace(/^\uFEFF/, '').trim();
    const ref = sourceRef(file, i + 1, raw);
    if (line === '' || line.startsWith('#')) continue;
    if (line.length > MAX_LINE) {
      sink.warning('line-too-long', `a row of ${line.length} characters; skipped`, ref);
      continue;
    }
    const cells = splitCsvLine(line);
    if (cells === null) {
      sink.warning('invalid-value', 'a quoted field is not closed; row skipped', ref);
      continue;
    }
    if (!headerDone && cells.some((c) => c.toLowerCase() === 'address')) {
      const lower = cells.map((c) => c.toLowerCase());
      const missing = COLUMNS.filter((c) => c !== 'provider' && !lower.includes(c));
      if (missing.length > 0)
        sink.warning('invalid-value', `the header has no column ${missing.join(', ')}`, ref);
      headerDone = true;
      index = Object.fromEntries(COLUMNS.filter((c) => lower.includes(c)).map((c) => [c, lower.indexOf(c)]));
      const unknown = cells.filter((c) => !(COLUMNS as readonly string[]).includes(c.toLowerCase()));
      if (unknown.length > 0)
        sink.info('unsupported-construct', `columns ignored: ${unknown.join(', ')}`, ref);
      continue;
    }
    headerDone = true;
    const cell = (c: Column): string => {
      const k = index[c];
      return k === undefined ? '' : (cells[k] ?? '');
    };
    const resolver = rowToResolver(cell, ref, sink);
    if (resolver !== null) resolvers.push(resolver);
  }
  return resolvers;
}

function rowToResolver(
  cell: (c: Column) => string,
  ref: ReturnType<typeof sourceRef>,
  sink: DiagnosticSink,
): Resolver | null {
  const protoText = cell('protocol').toLowerCase();
  const protocol = PROTOCOL_ALIASES[protoText];
  if (protocol === undefined) {
    const why = protoText === '' ? 'no protocol' : `unknown protocol '${cell('protocol')}'`;
    sink.warning('invalid-value', `${why} (expected one of ${CSV_PROTOCOLS.join(', ')}); row skipped`, ref);
    return null;
  }
  const addressText = cell('address');
  const parsed = parseAddressWithPort(addressText);
  if (!parsed.ok) {
    sink.warning('invalid-value', `${parsed.error}; row skipped`, ref);
    return null;
  }
  const hostname = cell('hostname') === '' ? null : cell('hostname').toLowerCase();
  if (hostname !== null && !isHostname(hostname)) {
    sink.warning('invalid-value', `'${hostname.slice(0, 64)}' is not a host name; row skipped`, ref);
    return null;
  }
  const { address, port } = parsed.value;
  if (address === null && hostname === null) {
    sink.warning('invalid-value', 'a row with neither an address nor a host name; skipped', ref);
    return null;
  }
  const ip = address === null ? null : formatAddress(address);
  const provider =
    cell('provider') === '' ? (hostname === null ? null : domainOf(hostname)) : cell('provider');
  if (ip === null) {
    sink.info('hostname-address', `'${hostname ?? ''}' has no address; it cannot be matched offline`, ref);
  }
  return {
    name: provider ?? hostname ?? ip ?? '',
    provider,
    protocols: [protocol],
    addresses: ip === null ? [] : endpointsFor(protocol, ip, port ?? DEFAULT_PORTS[protocol]),
    hostname,
    path: null,
    props: NO_PROPS,
    ...(ip === null ? { hostnameOnly: true as const } : {}),
    source: ref,
  };
}
