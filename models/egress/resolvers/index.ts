export type { DnsStamp, StampProps, StampProtocol, AddressWithPort } from './stamp';
export {
  decodeStamp,
  parseAddressWithPort,
  DEFAULT_PORTS,
  STAMP_PROTOCOL_IDS,
  MAX_STAMP_LENGTH,
  NO_PROPS,
} from './stamp';
export { decodeBase64Url, encodeBase64Url, decodeUtf8 } from './bytes';
export type { Resolver, ResolverEndpoint, ResolverProtocol, Transport, Assumption } from './resolver';
export { resolverFromStamp, endpointsFor, transportsOf, guessProvider, domainOf } from './resolver';
export { isKnownDotHost, KNOWN_DOT_HOSTS, DOT_PORT } from './known-dot';
export type { MarkdownResolvers } from './markdown';
export { parseResolverMarkdown } from './markdown';
export type { ResolverList, ResolverListProvenance, ResolverListSource, ResolverListCounts } from './list';
export {
  buildResolverList,
  bundledResolverList,
  serializeResolverList,
  countResolvers,
  ASSUMPTIONS,
  RESOLVER_LIST_FORMAT,
  RESOLVER_LIST_VERSION,
} from './list';
export type { ResolverIndex, ResolverServiceGroup, ResolverMatch, AddressFilter } from './index-set';
export { resolverIndex } from './index-set';
export type { ImportedResolverList, ResolverListFormat } from './import';
export { importResolverList, detectResolverListFormat, MAX_RESOLVER_LIST_BYTES } from './import';
export { parseResolverCsv, splitCsvLine, CSV_PROTOCOLS } from './csv';
export { parseResolverJson } from './json-list';
