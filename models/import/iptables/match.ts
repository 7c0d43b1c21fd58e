import type { DiagnosticSink } from '../../diagnostics';
import type { InterfaceMatch, Match } from '../../device';
import {
  type AddressSet,
  type Family,
  type Intervals,
  type PortSet,
  type ServiceSet,
  ANY_IPV4,
  ANY_IPV6,
  ANY_PORT,
  PROTO,
  addressComplementIn,
  addressIntersect,
  addressRange,
  addressUnion,
  complementIntervals,
  intersectIntervals,
  parseAddress,
  parseAddressSpec,
  parsePortRange,
  parseProtocol,
  portComplement,
  serviceIntersect,
  serviceOf,
  serviceSubtract,
  serviceUnion,
  icmpService,
  serviceOfProtocol,
  unionIntervals,
  EMPTY_ADDRESSES,
  serviceNamesFor,
} from '../../net';
import { ICMP_TYPES, ICMPV6_TYPES } from './icmp-types';
import type { IptablesRule } from './model';
import { MODELLED_MODULES } from './options';

/** Shared between the rules of one file: most rules repeat the same few addresses and services. */
export class MatchCache {
  readonly addresses = new Map<string, AddressSet | string>();
  readonly services = new Map<string, ServiceSet>();
}

export interface ConvertedMatch {
  readonly match: Match;
  readonly label?: string;
}

const TCP_FLAGS: Readonly<Record<string, number>> = {
  FIN: 1,
  SYN: 2,
  RST: 4,
  PSH: 8,
  ACK: 16,
  URG: 32,
  ECE: 64,
  CWR: 128,
  ALL: 255,
  NONE: 0,
};
const MULTICAST: Readonly<Record<Family, AddressSet>> = {
  4: { v4: [0xe0000000, 0xf0000000], v6: [] },
  6: { v4: [], v6: [0xffn << 120n, 1n << 128n] },
};

/**
 * Turns a rule's options into a neutral Match. What cannot be decided offline makes the match
 * `uncertain` (and earns a diagnostic); nothing is silently dropped.
 */
export function convertMatch(
  rule: IptablesRule,
  family: Family,
  sink: DiagnosticSink,
  cache: MatchCache,
  decides = true,
): ConvertedMatch {
  const any = family === 4 ? ANY_IPV4 : ANY_IPV6;
  const at = rule.source;
  let src = any;
  let dst = any;
  let protos: Intervals<number> = [0, 256];
  let sports: PortSet = ANY_PORT;
  let dports: PortSet = ANY_PORT;
  const extra: ServiceSet[] = [];
  let matchesNew = true;
  /** null: the rule does not test the tracking state, so untracked packets match as new ones do. */
  let matchesUntracked: boolean | null = null;
  let matchesInvalid: boolean | null = null;
  let inInterface: InterfaceMatch | undefined;
  let outInterface: InterfaceMatch | undefined;
  const uncertain: string[] = [];
  const labels: string[] = [];

  const unsure = (
    why: string,
    code: 'uncertain-match' | 'hostname-address' | 'invalid-value' = 'uncertain-match',
  ): void => {
    uncertain.push(why);
    if (decides) sink.warning(code, `${why}; verdicts this rule decides are uncertain`, at);
    else sink.info(code, `${why}; the rule only logs or marks packets, so no verdict depends on it`, at);
  };
  const address = (text: string): AddressSet | null => {
    let hit = cache.addresses.get(text);
    if (hit === undefined) {
      hit = parseAddressList(text, family);
      cache.addresses.set(text, hit);
    }
    if (typeof hit === 'string') {
      unsure(hit, /not an IPv4 or IPv6 address/.test(hit) ? 'hostname-address' : 'invalid-value');
      return null;
    }
    return hit;
  };
  // Service names resolve as iptables resolves them: getservbyname(name, <the rule's -p>).
  const protoOption = rule.options.find((o) => o.name === 'protocol' && !o.negate);
  const protoNumber = protoOption ? parseProtocol(protoOption.args[0] ?? '') : null;
  const names = protoNumber === null ? undefined : serviceNamesFor([protoNumber]);
  const ports = (text: string, multi: boolean): PortSet | null => {
    let set: PortSet = [];
    for (const part of multi ? text.split(',') : [text]) {
      const p = parsePortRange(part, names);
      if (!p.ok) {
        unsure(
          `${p.error} (not a number, nor a well-known service name of the rule's protocol)`,
          'invalid-value',
        );
        return null;
      }
      set = unionIntervals(set, p.value);
    }
    return set;
  };

  for (const opt of rule.options) {
    const arg = opt.args[0] ?? '';
    switch (opt.name) {
      case 'source':
      case 'destination': {
        let set = address(arg);
        if (set === null) break;
        if (opt.negate) set = addressComplementIn(set, family);
        if (opt.name === 'source') src = addressIntersect(src, set);
        else dst = addressIntersect(dst, set);
        break;
      }
      case 'src-range':
      case 'dst-range': {
        let set = parseRange(arg);
        if (typeof set === 'string') {
          unsure(set, 'invalid-value');
          break;
        }
        if (opt.negate) set = addressComplementIn(set, family);
        if (opt.name === 'src-range') src = addressIntersect(src, set);
        else dst = addressIntersect(dst, set);
        break;
      }
      case 'in-interface':
        inInterface = { names: [arg], negate: opt.negate };
        break;
      case 'out-interface':
        outInterface = { names: [arg], negate: opt.negate };
        break;
      case 'protocol': {
        const lower = arg.toLowerCase();
        const n = lower === 'all' ? 0 : parseProtocol(lower);
        if (n === null) {
          unsure(`protocol '${arg}' is not known`, 'invalid-value');
          break;
        }
        const set: Intervals<number> = n === 0 ? [0, 256] : [n, n + 1];
        protos = intersectIntervals(protos, opt.negate ? complementIntervals(set, 0, 256) : set);
        break;
      }
      case 'sport':
      case 'dport':
      case 'sports':
      case 'dports': {
        const p = ports(arg, opt.name.endsWith('s'));
        if (p === null) break;
        const set = opt.negate ? portComplement(p) : p;
        if (opt.name.startsWith('s')) sports = intersectIntervals(sports, set);
        else dports = intersectIntervals(dports, set);
        break;
      }
      case 'ports': {
        const p = ports(arg, true);
        if (p === null) break;
        extra.push(
          opt.negate
            ? serviceOf([0, 256], portComplement(p), portComplement(p))
            : serviceUnion(serviceOf([0, 256], p, ANY_PORT), serviceOf([0, 256], ANY_PORT, p)),
        );
        break;
      }
      case 'icmp-type':
      case 'icmpv6-type': {
        const proto = opt.name === 'icmp-type' ? PROTO.ICMP : PROTO.ICMPV6;
        const set = icmpSet(arg, proto);
        if (set === null) {
          unsure(`ICMP type '${arg}' is not known`, 'invalid-value');
          break;
        }
        extra.push(opt.negate ? serviceSubtract(serviceOfProtocol(proto), set) : set);
        break;
      }
      case 'state':
      case 'ctstate': {
        const states = arg.toUpperCase().split(',');
        if (states.some((s) => s === 'SNAT' || s === 'DNAT')) unsure(`conntrack state ${arg} depends on NAT`);
        if (states.includes('NEW') === opt.negate) matchesNew = false;
        if (states.includes('UNTRACKED') === opt.negate) matchesUntracked = false;
        else matchesUntracked ??= true;
        if (states.includes('INVALID') === opt.negate) matchesInvalid = false;
        else matchesInvalid ??= true;
        break;
      }
      case 'tcp-flags':
      case 'syn': {
        const [mask, comp] = opt.name === 'syn' ? [23, 2] : [flagBits(arg), flagBits(opt.args[1] ?? '')];
        if (mask === null || comp === null) {
          unsure(`TCP flags '${opt.args.join(' ')}' are not valid`, 'invalid-value');
          break;
        }
        // The first packet of a NEW TCP connection carries SYN alone.
        if (((TCP_FLAGS.SYN! & mask) === comp) === opt.negate)
          matchesNew = matchesUntracked = matchesInvalid = false;
        break;
      }
      case 'fragment':
        // Connection tracking reassembles before filtering; a first packet is never a later fragment.
        if (!opt.negate) matchesNew = matchesUntracked = matchesInvalid = false;
        break;
      case 'comment':
        labels.push(arg);
        break;
      case 'pkt-type': {
        const type = arg.toLowerCase();
        if (type === 'unicast') {
          if (opt.negate) matchesNew = matchesUntracked = matchesInvalid = false;
        } else if (type === 'multicast') {
          dst = opt.negate
            ? addressIntersect(dst, addressComplementIn(MULTICAST[family], family))
            : addressIntersect(dst, MULTICAST[family]);
        } else {
          unsure(`packet type '${arg}' is not modelled`);
        }
        break;
      }
      case 'match-set':
        unsure(`ipset '${arg}' (${opt.args[1] ?? ''}): its contents are not in the export`);
        break;
      default:
        if (opt.module === null || MODELLED_MODULES.has(opt.module)) {
          unsure(`option --${opt.name.replace(/^\?/, '')} is not modelled`, 'uncertain-match');
        }
    }
  }
  const modules = rule.modules;
  for (let k = 0; k < modules.length; k++) {
    const module = modules[k]!;
    if (!MODELLED_MODULES.has(module) && module !== 'set' && modules.indexOf(module) === k) {
      unsure(`match module '${module}' is not modelled`);
    }
  }

  let service: ServiceSet | undefined;
  const plain =
    protos.length === 2 && protos[0] === 0 && protos[1] === 256 && sports === ANY_PORT && dports === ANY_PORT;
  const key = plain ? '' : `${protos.join(',')}|${sports.join(',')}|${dports.join(',')}`;
  service = cache.services.get(key);
  if (service === undefined) {
    service = serviceOf(protos, sports, dports);
    cache.services.set(key, service);
  }
  for (const e of extra) service = serviceIntersect(service, e);

  // One object shape for every match (absent parts are undefined): the evaluator reads these
  // fields for every rule of every probe, and a single shape keeps those reads monomorphic.
  const match: Match = {
    src,
    dst,
    service,
    matchesNew,
    matchesUntracked:
      matchesUntracked !== null && matchesUntracked !== matchesNew ? matchesUntracked : undefined,
    matchesInvalid: matchesInvalid !== null && matchesInvalid !== matchesNew ? matchesInvalid : undefined,
    inInterface,
    outInterface,
    uncertain: uncertain.length > 0 ? uncertain.join('; ') : undefined,
  };
  return labels.length > 0 ? { match, label: labels.join(' ') } : { match };
}

/** `-s a,b,c` (iptables expands the list into one rule each, which is the same as their union). */
function parseAddressList(text: string, family: Family): AddressSet | string {
  let set = EMPTY_ADDRESSES;
  for (const part of text.split(',')) {
    const p = parseAddressSpec(part);
    if (!p.ok) return `${p.error} (host names cannot be resolved offline)`;
    if ((family === 4 && p.value.set.v6.length > 0) || (family === 6 && p.value.set.v4.length > 0)) {
      return `address '${part}' is not IPv${family}, but this is an ${family === 4 ? 'iptables' : 'ip6tables'} file`;
    }
    if (p.value.approximate) return `mask of '${part}' has too many holes to model exactly`;
    set = addressUnion(set, p.value.set);
  }
  return set;
}

function parseRange(text: string): AddressSet | string {
  const [a = '', b = a] = text.split('-');
  const first = parseAddress(a);
  const last = parseAddress(b);
  if (!first.ok) return first.error;
  if (!last.ok) return last.error;
  const r = addressRange(first.value, last.value);
  return r.ok ? r.value : `range '${text}': ${r.error}`;
}

function flagBits(text: string): number | null {
  let bits = 0;
  for (const f of text.toUpperCase().split(',')) {
    const b = TCP_FLAGS[f];
    if (b === undefined) return null;
    bits |= b;
  }
  return bits;
}

function icmpSet(text: string, proto: number): ServiceSet | null {
  const named = (proto === PROTO.ICMP ? ICMP_TYPES : ICMPV6_TYPES)[text.toLowerCase()];
  let type: number;
  let code: number | undefined;
  if (named) {
    if (named[0] < 0) return serviceOfProtocol(proto);
    [type, code] = named;
  } else {
    const m = /^(\d{1,3})(?:\/(\d{1,3}))?$/.exec(text);
    if (!m) return null;
    type = Number(m[1]);
    code = m[2] === undefined ? undefined : Number(m[2]);
    if (type > 255 || (code !== undefined && code > 255)) return null;
  }
  return icmpService(proto, [type, type + 1], code === undefined ? undefined : [code, code + 1]);
}
