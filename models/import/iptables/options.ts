/**
 * The options iptables-save writes, by canonical name: their short and long spellings and how
 * many arguments each takes. Options not listed take one argument unless the next word is
 * another option (then none), and earn a diagnostic from the converter.
 */
interface OptionSpec {
  readonly arity: number;
  readonly aliases: readonly string[];
}

const SPECS: Readonly<Record<string, OptionSpec>> = {
  // core
  append: { arity: 1, aliases: ['-A', '--append'] },
  insert: { arity: 1, aliases: ['-I', '--insert'] },
  'new-chain': { arity: 1, aliases: ['-N', '--new-chain'] },
  source: { arity: 1, aliases: ['-s', '--source', '--src'] },
  destination: { arity: 1, aliases: ['-d', '--destination', '--dst'] },
  'in-interface': { arity: 1, aliases: ['-i', '--in-interface'] },
  'out-interface': { arity: 1, aliases: ['-o', '--out-interface'] },
  protocol: { arity: 1, aliases: ['-p', '--protocol'] },
  fragment: { arity: 0, aliases: ['-f', '--fragment'] },
  match: { arity: 1, aliases: ['-m', '--match'] },
  jump: { arity: 1, aliases: ['-j', '--jump'] },
  goto: { arity: 1, aliases: ['-g', '--goto'] },
  'set-counters': { arity: 2, aliases: ['-c', '--set-counters'] },
  // tcp / udp / sctp / dccp / udplite
  sport: { arity: 1, aliases: ['--sport', '--source-port'] },
  dport: { arity: 1, aliases: ['--dport', '--destination-port'] },
  'tcp-flags': { arity: 2, aliases: ['--tcp-flags'] },
  syn: { arity: 0, aliases: ['--syn'] },
  'tcp-option': { arity: 1, aliases: ['--tcp-option'] },
  'chunk-types': { arity: 2, aliases: ['--chunk-types'] },
  // multiport
  dports: { arity: 1, aliases: ['--dports', '--destination-ports'] },
  sports: { arity: 1, aliases: ['--sports', '--source-ports'] },
  ports: { arity: 1, aliases: ['--ports'] },
  // icmp
  'icmp-type': { arity: 1, aliases: ['--icmp-type'] },
  'icmpv6-type': { arity: 1, aliases: ['--icmpv6-type'] },
  // iprange
  'src-range': { arity: 1, aliases: ['--src-range'] },
  'dst-range': { arity: 1, aliases: ['--dst-range'] },
  // state / conntrack
  state: { arity: 1, aliases: ['--state'] },
  ctstate: { arity: 1, aliases: ['--ctstate'] },
  // comment
  comment: { arity: 1, aliases: ['--comment'] },
  // set
  'match-set': { arity: 2, aliases: ['--match-set'] },
  'return-nomatch': { arity: 0, aliases: ['--return-nomatch'] },
  // pkttype / addrtype
  'pkt-type': { arity: 1, aliases: ['--pkt-type'] },
  'src-type': { arity: 1, aliases: ['--src-type'] },
  'dst-type': { arity: 1, aliases: ['--dst-type'] },
  'limit-iface-in': { arity: 0, aliases: ['--limit-iface-in'] },
  'limit-iface-out': { arity: 0, aliases: ['--limit-iface-out'] },
  // physdev flags without arguments
  'physdev-is-in': { arity: 0, aliases: ['--physdev-is-in'] },
  'physdev-is-out': { arity: 0, aliases: ['--physdev-is-out'] },
  'physdev-is-bridged': { arity: 0, aliases: ['--physdev-is-bridged'] },
  // recent
  set: { arity: 0, aliases: ['--set'] },
  rcheck: { arity: 0, aliases: ['--rcheck'] },
  update: { arity: 0, aliases: ['--update'] },
  remove: { arity: 0, aliases: ['--remove'] },
  rsource: { arity: 0, aliases: ['--rsource'] },
  rdest: { arity: 0, aliases: ['--rdest'] },
  rttl: { arity: 0, aliases: ['--rttl'] },
  // targets with two arguments (SET: set name and flags)
  'add-set': { arity: 2, aliases: ['--add-set'] },
  'del-set': { arity: 2, aliases: ['--del-set'] },
  'map-set': { arity: 2, aliases: ['--map-set'] },
  // targets: flags without arguments
  'log-tcp-sequence': { arity: 0, aliases: ['--log-tcp-sequence'] },
  'log-tcp-options': { arity: 0, aliases: ['--log-tcp-options'] },
  'log-ip-options': { arity: 0, aliases: ['--log-ip-options'] },
  'log-uid': { arity: 0, aliases: ['--log-uid'] },
  'log-macdecode': { arity: 0, aliases: ['--log-macdecode'] },
  random: { arity: 0, aliases: ['--random'] },
  'random-fully': { arity: 0, aliases: ['--random-fully'] },
  persistent: { arity: 0, aliases: ['--persistent'] },
  'queue-bypass': { arity: 0, aliases: ['--queue-bypass'] },
  'fail-open': { arity: 0, aliases: ['--fail-open'] },
  'save-mark': { arity: 0, aliases: ['--save-mark'] },
  'restore-mark': { arity: 0, aliases: ['--restore-mark'] },
  'clamp-mss-to-pmtu': { arity: 0, aliases: ['--clamp-mss-to-pmtu'] },
  'checksum-fill': { arity: 0, aliases: ['--checksum-fill'] },
  notrack: { arity: 0, aliases: ['--notrack'] },
  ctevents: { arity: 1, aliases: ['--ctevents'] },
  ctstatus: { arity: 1, aliases: ['--ctstatus'] },
  // hashlimit/connlimit flags
  'connlimit-saddr': { arity: 0, aliases: ['--connlimit-saddr'] },
  'connlimit-daddr': { arity: 0, aliases: ['--connlimit-daddr'] },
  // time flags
  kerneltz: { arity: 0, aliases: ['--kerneltz'] },
  contiguous: { arity: 0, aliases: ['--contiguous'] },
  // policy flags
  strict: { arity: 0, aliases: ['--strict'] },
  next: { arity: 0, aliases: ['--next'] },
  // rpfilter flags
  loose: { arity: 0, aliases: ['--loose'] },
  validmark: { arity: 0, aliases: ['--validmark'] },
  'accept-local': { arity: 0, aliases: ['--accept-local'] },
  invert: { arity: 0, aliases: ['--invert'] },
  // socket flags
  transparent: { arity: 0, aliases: ['--transparent'] },
  nowildcard: { arity: 0, aliases: ['--nowildcard'] },
  restore: { arity: 0, aliases: ['--restore-skmark'] },
  // u32 / string / misc with one argument fall through to the default
};

const BY_SPELLING = new Map<string, { name: string; arity: number }>();
for (const [name, spec] of Object.entries(SPECS)) {
  for (const alias of spec.aliases) BY_SPELLING.set(alias, { name, arity: spec.arity });
}

/** The canonical name and arity of an option spelling, or null when it is not in the table. */
export function lookupOption(spelling: string): { name: string; arity: number } | null {
  return BY_SPELLING.get(spelling) ?? null;
}

/** Match modules whose options the converter models exactly. */
export const MODELLED_MODULES = new Set([
  'tcp',
  'udp',
  'sctp',
  'dccp',
  'udplite',
  'icmp',
  'icmp6',
  'icmpv6',
  'multiport',
  'iprange',
  'state',
  'conntrack',
  'comment',
  'pkttype',
]);

/** Targets that neither accept nor drop: evaluation continues with the next rule. */
export const NON_TERMINATING_TARGETS = new Set([
  'LOG',
  'NFLOG',
  'ULOG',
  'MARK',
  'CONNMARK',
  'TRACE',
  'NOTRACK',
  'CT',
  'TOS',
  'DSCP',
  'ECN',
  'TTL',
  'HL',
  'CLASSIFY',
  'TCPMSS',
  'SET',
  'AUDIT',
  'CONNSECMARK',
  'SECMARK',
  'CHECKSUM',
  'IDLETIMER',
  'LED',
  'RATEEST',
  'TEE',
  'TCPOPTSTRIP',
]);

/** NAT targets, kept in the model (nat table). */
export const NAT_TARGETS = new Set(['DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'NETMAP']);
