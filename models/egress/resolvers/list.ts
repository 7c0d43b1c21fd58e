/**
 * The bundled resolver list (models/egress/data/public-resolvers.json): the resolvers of the
 * dnscrypt-resolvers markdown list with their provenance. `buildResolverList` is the one
 * function that makes it, called by scripts/update-resolvers.mjs and by the test that checks
 * the committed file was not edited by hand.
 */
import { type Diagnostic, DiagnosticSink } from '../../diagnostics';
import { KNOWN_DOT_HOSTS } from './known-dot';
import { parseResolverMarkdown } from './markdown';
import type { Resolver, ResolverProtocol } from './resolver';

export const RESOLVER_LIST_FORMAT = 'conduit-resolver-list';
export const RESOLVER_LIST_VERSION = 1;

export interface ResolverListSource {
  /** Where the list is published (repository or page). */
  readonly url: string;
  /** The file inside that repository, and the name cited by every resolver's SourceRef. */
  readonly path: string;
  /** The upstream commit the file was taken from, when known. */
  readonly commit: string | null;
  /** The date of that commit (YYYY-MM-DD), when known. */
  readonly date: string | null;
  readonly licence: string | null;
}

export interface ResolverListCounts {
  readonly sections: number;
  readonly stamps: number;
  readonly invalidStamps: number;
  readonly resolvers: number;
  /** Resolvers per stamp protocol (stated, not assumed). */
  readonly byProtocol: Readonly<Partial<Record<ResolverProtocol, number>>>;
  /** Resolvers with a host name and no address. */
  readonly hostnameOnly: number;
  /** DoH resolvers also listed as DoT on tcp/853 by assumption. */
  readonly assumedDot: number;
  /** Distinct IP addresses across all endpoints. */
  readonly addresses: number;
}

export interface ResolverListProvenance {
  readonly source: ResolverListSource;
  /** Date of the data, never of the run: the upstream commit date (deterministic output). */
  readonly generated: string | null;
  readonly generator: string;
  readonly assumptions: readonly string[];
  readonly knownDotHosts: readonly string[];
  readonly counts: ResolverListCounts;
}

export interface ResolverList {
  readonly format: typeof RESOLVER_LIST_FORMAT;
  readonly version: number;
  readonly provenance: ResolverListProvenance;
  readonly resolvers: readonly Resolver[];
}

export const ASSUMPTIONS: readonly string[] = [
  'DoH endpoints are listed on tcp/PORT as stated by the stamp, and on udp/PORT (HTTP/3) with ' +
    "assumed: true, assumption: 'doh3': a stamp cannot say whether HTTP/3 is served.",
  'The list has no DoT stamps. A DoH resolver whose TLS host name is in knownDotHosts is also ' +
    "listed as DoT on tcp/853 at the same addresses, with assumed: true, assumption: 'dot-known-host'. " +
    'Other DoH hosts may serve DoT too; they are not assumed to.',
  'DNSCrypt, DNSCrypt relays and plain DNS are listed on both udp and tcp at the stamp port ' +
    '(default 443 for DNSCrypt, 53 for plain DNS).',
  'Resolvers whose stamp names only a host name (no address) are kept with empty addresses and ' +
    'hostnameOnly: true; they cannot be matched against firewall rules offline.',
  'provider is best effort: the "Operated by X." line of the description, else the domain of the host name.',
];

export function countResolvers(
  resolvers: readonly Resolver[],
  sections: number,
  stamps: number,
  invalidStamps: number,
): ResolverListCounts {
  const byProtocol: Partial<Record<ResolverProtocol, number>> = {};
  const ips = new Set<string>();
  let hostnameOnly = 0;
  let assumedDot = 0;
  for (const r of resolvers) {
    const p = r.protocols[0];
    if (p !== undefined) byProtocol[p] = (byProtocol[p] ?? 0) + 1;
    if (r.hostnameOnly) hostnameOnly++;
    if (r.assumed?.includes('dot')) assumedDot++;
    for (const e of r.addresses) ips.add(e.address);
  }
  const sorted = Object.fromEntries(Object.entries(byProtocol).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    sections,
    stamps,
    invalidStamps,
    resolvers: resolvers.length,
    byProtocol: sorted,
    hostnameOnly,
    assumedDot,
    addresses: ips.size,
  };
}

/** The bundled list from the text of a dnscrypt-resolvers markdown file. Pure and deterministic. */
export function buildResolverList(
  text: string,
  source: ResolverListSource,
  generator = 'scripts/update-resolvers.mjs',
): { list: ResolverList; diagnostics: Diagnostic[] } {
  const sink = new DiagnosticSink('parse');
  const parsed = parseResolverMarkdown(source.path, text, sink);
  const invalid = sink.diagnostics.filter(
    (d) => d.code === 'invalid-value' && d.source.text.trim().startsWith('sdns:'),
  );
  const list: ResolverList = {
    format: RESOLVER_LIST_FORMAT,
    version: RESOLVER_LIST_VERSION,
    provenance: {
      source,
      generated: source.date,
      generator,
      assumptions: ASSUMPTIONS,
      knownDotHosts: KNOWN_DOT_HOSTS,
      counts: countResolvers(parsed.resolvers, parsed.sections, parsed.stamps, invalid.length),
    },
    resolvers: parsed.resolvers,
  };
  return { list, diagnostics: sink.diagnostics };
}

/**
 * The committed text of a list: JSON in the house Prettier style (two-space indent, an object or
 * array on one line when it fits in 110 columns), so `prettier --write` leaves it unchanged and a
 * diff of two lists shows one line per changed endpoint. Equal lists serialize to equal text.
 */
export function serializeResolverList(list: ResolverList): string {
  return `${printJson(list, 0, 0)}\n`;
}

const WIDTH = 110;

function inlineJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${inlineJson(v)}`).join(', ')} }`;
}

/** `prefix` is how many columns precede the value on its line (indent and key). */
function printJson(value: unknown, indent: number, prefix: number): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const pad = ' '.repeat(indent + 2);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inline = inlineJson(value);
    if (prefix + inline.length + 1 <= WIDTH) return inline;
    const body = value.map((v) => pad + printJson(v, indent + 2, indent + 2)).join(',\n');
    return `[\n${body}\n${' '.repeat(indent)}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const inline = inlineJson(value);
  if (prefix + inline.length + 1 <= WIDTH) return inline;
  const body = entries
    .map(([k, v]) => {
      const key = `${JSON.stringify(k)}: `;
      return pad + key + printJson(v, indent + 2, indent + 2 + key.length);
    })
    .join(',\n');
  return `{\n${body}\n${' '.repeat(indent)}}`;
}

/**
 * The bundled list from its parsed JSON (a bundler's `import list from '../data/public-resolvers.json'`,
 * or `JSON.parse` of the file). The file is generated and checked by a test, so only its format
 * is verified here; a user's file goes through importResolverList, which checks every entry.
 */
export function bundledResolverList(value: unknown): ResolverList | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Partial<ResolverList>;
  if (v.format !== RESOLVER_LIST_FORMAT || v.version !== RESOLVER_LIST_VERSION || !Array.isArray(v.resolvers))
    return null;
  return value as ResolverList;
}
