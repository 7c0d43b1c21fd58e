import type { InterfaceMatch } from '../../device';
import {
  type AddressSet,
  type Intervals,
  type ServiceSet,
  ANY_ADDRESS,
  ANY_IPV4,
  ANY_IPV6,
  ANY_PORT,
  ANY_SERVICE,
  EMPTY_ADDRESSES,
  NO_SERVICE,
  addressComplementIn,
  addressIntersect,
  addressRange,
  addressUnion,
  complementIntervals,
  fromValueMask,
  icmpService,
  intersectIntervals,
  parseAddress,
  parseAddressSpec,
  parseIpv4,
  parseIpv6,
  parseProtocol,
  serviceIntersect,
  serviceNamesFor,
  serviceOf,
  serviceOfProtocol,
  serviceUnion,
  unionIntervals,
} from '../../net';
import type { NftExpr, NftFamily, NftObject, NftSet } from './model';
import { CT_STATES, ICMP_CODE_NAMES, ICMP_TYPE_NAMES, ICMPV6_TYPE_NAMES, TCP_FLAG_BITS } from './names';
import { isObject } from './rule-syntax';

/** The states a flow's first packet can be in, as connection tracking sees it. */
export type FirstState = 'new' | 'untracked' | 'invalid';

/** One conjunction of conditions: what a rule (or one alternative of it) matches. */
export interface Part {
  readonly src: AddressSet;
  readonly dst: AddressSet;
  readonly service: ServiceSet;
  readonly inIf?: InterfaceMatch;
  readonly outIf?: InterfaceMatch;
  /** Absent: the state is not tested. */
  readonly states?: ReadonlySet<FirstState>;
  readonly uncertain: readonly string[];
}

export const anyPart = (family: NftFamily): Part => {
  const any = family === 'ip' ? ANY_IPV4 : family === 'ip6' ? ANY_IPV6 : ANY_ADDRESS;
  return { src: any, dst: any, service: ANY_SERVICE, uncertain: [] };
};

export function andParts(a: Part, b: Part): Part {
  let uncertain = a.uncertain.length === 0 ? b.uncertain : [...a.uncertain, ...b.uncertain];
  const iface = (x?: InterfaceMatch, y?: InterfaceMatch): InterfaceMatch | undefined => {
    if (x === undefined) return y;
    if (y === undefined || JSON.stringify(x) === JSON.stringify(y)) return x;
    if (x.negate && y.negate) return { names: [...new Set([...x.names, ...y.names])], negate: true };
    const [pos, other] = x.negate ? [y, x] : [x, y];
    if (!pos.names.some((n) => n.endsWith('+'))) {
      // Exact names: keep those the other test also matches.
      return { names: pos.names.filter((n) => nameMatches(other, n)), negate: false };
    }
    if (!other.negate && !other.names.some((n) => n.endsWith('+'))) {
      return { names: other.names.filter((n) => nameMatches(pos, n)), negate: false };
    }
    // Wildcards, and a negative test that excludes none of the names they match: the wildcards.
    if (
      other.negate &&
      !other.names.some(
        (n) => n.endsWith('+') || pos.names.some((p) => nameMatches({ names: [p], negate: false }, n)),
      )
    )
      return pos;
    uncertain = [...uncertain, 'two interface tests on one side are not modelled together'];
    return x;
  };
  const states =
    a.states === undefined
      ? b.states
      : b.states === undefined
        ? a.states
        : new Set([...a.states].filter((s) => b.states!.has(s)));
  const inIf = iface(a.inIf, b.inIf);
  const outIf = iface(a.outIf, b.outIf);
  return {
    src: a.src === b.src ? a.src : addressIntersect(a.src, b.src),
    dst: a.dst === b.dst ? a.dst : addressIntersect(a.dst, b.dst),
    service:
      a.service === ANY_SERVICE
        ? b.service
        : b.service === ANY_SERVICE
          ? a.service
          : serviceIntersect(a.service, b.service),
    ...(inIf !== undefined ? { inIf } : {}),
    ...(outIf !== undefined ? { outIf } : {}),
    ...(states !== undefined ? { states } : {}),
    uncertain,
  };
}

/** Whether an exact interface name passes a test (a trailing `+` is a prefix wildcard). */
function nameMatches(m: InterfaceMatch, name: string): boolean {
  const hit = m.names.some((p) => (p.endsWith('+') ? name.startsWith(p.slice(0, -1)) : p === name));
  return hit !== m.negate;
}

export interface MatchContext {
  readonly family: NftFamily;
  /** A named set or map of the rule's table. */
  readonly set: (name: string) => NftSet | undefined;
}

/** A match that cannot be decided, with what it still implies (protocol, family). */
const unsure = (why: string, implied: Part = ALL): Part[] => [{ ...implied, uncertain: [why] }];
const ALL: Part = { src: ANY_ADDRESS, dst: ANY_ADDRESS, service: ANY_SERVICE, uncertain: [] };
const NONE: Part = { src: EMPTY_ADDRESSES, dst: EMPTY_ADDRESSES, service: NO_SERVICE, uncertain: [] };
const fam4: Part = { ...ALL, src: ANY_IPV4, dst: ANY_IPV4 };
const fam6: Part = { ...ALL, src: ANY_IPV6, dst: ANY_IPV6 };
export const famPart = (f: 4 | 6): Part => (f === 4 ? fam4 : fam6);
export const protoPart = (protos: readonly number[]): Part => ({
  ...ALL,
  service: protos.reduce<ServiceSet>((s, p) => serviceUnion(s, serviceOfProtocol(p)), NO_SERVICE),
});

const PORTED: Readonly<Record<string, number>> = { tcp: 6, udp: 17, udplite: 136, sctp: 132, dccp: 33 };
const TH = [6, 17, 132, 33, 136];

type Selector =
  | { kind: 'addr'; side: 'src' | 'dst'; fam: 4 | 6 }
  | { kind: 'proto'; fam?: 4 | 6 }
  | { kind: 'port'; side: 'src' | 'dst'; protos: readonly number[] }
  | { kind: 'icmp'; field: 'type' | 'code'; proto: 1 | 58 }
  | { kind: 'iface'; side: 'in' | 'out' }
  | { kind: 'ctstate' }
  | { kind: 'nfproto' }
  | { kind: 'tcpflags' }
  | { kind: 'other'; text: string; implied: Part };

export function selectorText(e: NftExpr | undefined): string {
  if (!isObject(e)) return JSON.stringify(e ?? null);
  const [k] = Object.keys(e);
  const v = e[k!];
  if (k === 'payload' && isObject(v)) return `${String(v.protocol)} ${String(v.field)}`;
  if (k === 'meta' && isObject(v)) return `meta ${String(v.key)}`;
  if (k === 'ct' && isObject(v))
    return `ct ${v.dir !== undefined ? `${String(v.dir)} ` : ''}${String(v.key)}`;
  if (k === 'concat' && Array.isArray(v)) return (v as NftExpr[]).map(selectorText).join(' . ');
  if ((k === '&' || k === '|') && Array.isArray(v)) return `${selectorText((v as NftExpr[])[0])} ${k} …`;
  return k ?? '?';
}

function classify(e: NftExpr | undefined): Selector {
  const text = selectorText(e);
  if (!isObject(e)) return { kind: 'other', text, implied: ALL };
  const payload = e.payload;
  if (isObject(payload)) {
    const proto = String(payload.protocol ?? '');
    const field = String(payload.field ?? '');
    if (proto === 'ip' || proto === 'ip6') {
      const fam = proto === 'ip' ? 4 : 6;
      if (field === 'saddr' || field === 'daddr')
        return { kind: 'addr', side: field === 'saddr' ? 'src' : 'dst', fam };
      if (field === (fam === 4 ? 'protocol' : 'nexthdr')) return { kind: 'proto', fam };
      return { kind: 'other', text, implied: famPart(fam) };
    }
    const ported = PORTED[proto];
    if (ported !== undefined || proto === 'th') {
      const protos = ported !== undefined ? [ported] : TH;
      if (field === 'sport' || field === 'dport')
        return { kind: 'port', side: field === 'sport' ? 'src' : 'dst', protos };
      if (proto === 'tcp' && field === 'flags') return { kind: 'tcpflags' };
      return { kind: 'other', text, implied: protoPart(protos) };
    }
    if (proto === 'icmp' || proto === 'icmpv6') {
      const p = proto === 'icmp' ? 1 : 58;
      if (field === 'type' || field === 'code') return { kind: 'icmp', field, proto: p };
      return { kind: 'other', text, implied: protoPart([p]) };
    }
    const p = parseProtocol(proto);
    return { kind: 'other', text, implied: p !== null && p !== 0 ? protoPart([p]) : ALL };
  }
  const meta = e.meta;
  if (isObject(meta)) {
    const key = String(meta.key ?? '');
    if (key === 'iifname' || key === 'iif') return { kind: 'iface', side: 'in' };
    if (key === 'oifname' || key === 'oif') return { kind: 'iface', side: 'out' };
    if (key === 'l4proto') return { kind: 'proto' };
    if (key === 'nfproto' || key === 'protocol') return { kind: 'nfproto' };
    return { kind: 'other', text, implied: ALL };
  }
  const ct = e.ct;
  if (isObject(ct) && ct.key === 'state' && ct.dir === undefined) return { kind: 'ctstate' };
  if (isObject(e['tcp option'])) return { kind: 'other', text: `tcp option`, implied: protoPart([6]) };
  return { kind: 'other', text, implied: ALL };
}

interface Elements {
  readonly elems: readonly NftExpr[];
  /** Why the elements may differ at run time (dynamic or timeout set, undefined set). */
  readonly unknown?: string;
}

function elementsOf(right: NftExpr | undefined, ctx: MatchContext): Elements {
  if (typeof right === 'string' && right.startsWith('@')) {
    const set = ctx.set(right.slice(1));
    if (set === undefined) return { elems: [], unknown: `set ${right} is not defined in this table` };
    if (set.dynamic)
      return {
        elems: set.elements,
        unknown: `set ${right} is updated at run time (${set.flags.join(', ') || 'timeout'}); its contents are not in the export`,
      };
    return { elems: set.elements };
  }
  if (isObject(right) && Array.isArray(right.set)) return { elems: right.set as NftExpr[] };
  if (Array.isArray(right)) return { elems: right as NftExpr[] };
  return { elems: [right ?? null] };
}

const scalar = (e: NftExpr): string | null =>
  typeof e === 'string' ? e : typeof e === 'number' ? String(e) : null;

/** An address, prefix or range element -> addresses of family `fam`, or an error. */
function addressOf(e: NftExpr, fam: 4 | 6): AddressSet | string {
  let text = scalar(e);
  if (isObject(e) && isObject(e.prefix)) text = `${String(e.prefix.addr)}/${String(e.prefix.len)}`;
  if (isObject(e) && Array.isArray(e.range)) {
    const [a, b] = e.range as NftExpr[];
    text = `${String(a)}-${String(b)}`;
  }
  if (text === null) return `'${JSON.stringify(e)}' is not an address`;
  let set: AddressSet;
  const dash = text.indexOf('-');
  if (dash > 0 && !text.includes('/')) {
    const a = parseAddress(text.slice(0, dash));
    const b = parseAddress(text.slice(dash + 1));
    if (!a.ok || !b.ok) return `'${text}' is not an address range`;
    const r = addressRange(a.value, b.value);
    if (!r.ok) return r.error;
    set = r.value;
  } else {
    const p = parseAddressSpec(text);
    if (!p.ok) return `'${text}' is not an address (${p.error})`;
    set = p.value.set;
  }
  if ((fam === 4 && set.v6.length > 0) || (fam === 6 && set.v4.length > 0))
    return `'${text}' is not an IPv${fam} address`;
  return set;
}

/** A number, a name or a range `a-b` -> intervals. */
function numbersOf(
  e: NftExpr,
  names: ((s: string) => number | null) | null,
  max: number,
): Intervals<number> | string {
  let text = scalar(e);
  if (isObject(e) && Array.isArray(e.range)) {
    const [a, b] = (e.range as NftExpr[]).map((x) => scalar(x) ?? '');
    text = `${a}-${b}`;
  }
  if (text === null) return `'${JSON.stringify(e)}' is not a value`;
  const one = (s: string): number | null => {
    if (/^\d+$/.test(s)) return Number(s) <= max ? Number(s) : null;
    if (/^0x[0-9a-f]+$/i.test(s)) return Number.parseInt(s, 16) <= max ? Number.parseInt(s, 16) : null;
    return names === null ? null : names(s);
  };
  const whole = one(text);
  if (whole !== null) return [whole, whole + 1];
  const m = /^([^-]+)-([^-]+)$/.exec(text);
  if (m) {
    const a = one(m[1]!);
    const b = one(m[2]!);
    if (a !== null && b !== null && a <= b) return [a, b + 1];
  }
  return `'${text}' is not a known value`;
}

const own =
  (table: Readonly<Record<string, number>>) =>
  (s: string): number | null =>
    Object.hasOwn(table, s) ? table[s]! : null;

/** One match statement -> its alternatives (usually one). */
export function convertMatch(m: NftObject, ctx: MatchContext): Part[] {
  const op = String(m.op ?? 'implicit');
  const left = m.left;
  if (isObject(left) && Array.isArray(left.concat))
    return concatMatch(left.concat as NftExpr[], op, m.right, ctx);
  if (isObject(left) && Array.isArray(left['&']))
    return maskedMatch(left['&'] as NftExpr[], op, m.right, ctx);
  const sel = classify(left);
  if (sel.kind === 'other') return unsure(`'${sel.text}' cannot be decided offline`, sel.implied);
  const { elems, unknown } = elementsOf(m.right, ctx);
  // A list on the right of a flags test is one value, its flags or'ed together.
  if (sel.kind === 'tcpflags' && unknown === undefined)
    return tcpFlags(op, Array.isArray(m.right) ? [m.right as NftExpr] : elems, 255);
  const parts = plainMatch(sel, op, elems);
  if (unknown === undefined) return parts;
  // Contents unknown: a positive test may or may not match.
  return [{ ...implied(sel), uncertain: [unknown] }];
}

function implied(sel: Selector): Part {
  switch (sel.kind) {
    case 'addr':
    case 'proto':
      return sel.kind === 'addr' || sel.fam !== undefined ? famPart(sel.fam!) : ALL;
    case 'port':
      return protoPart(sel.protos);
    case 'icmp':
      return protoPart([sel.proto]);
    case 'tcpflags':
      return protoPart([6]);
    default:
      return ALL;
  }
}

function plainMatch(
  sel: Exclude<Selector, { kind: 'other' }>,
  op: string,
  elems: readonly NftExpr[],
): Part[] {
  const negate = op === '!=';
  const ordered = op === '<' || op === '>' || op === '<=' || op === '>=';
  const bad = (why: string): Part[] => unsure(why, implied(sel));
  switch (sel.kind) {
    case 'addr': {
      if (ordered) return bad(`'${op}' on addresses is not modelled`);
      let set = EMPTY_ADDRESSES;
      for (const e of elems) {
        const a = addressOf(e, sel.fam);
        if (typeof a === 'string') return bad(a);
        set = addressUnion(set, a);
      }
      if (negate) set = addressComplementIn(set, sel.fam);
      return [
        {
          ...ALL,
          [sel.side]: set,
          ...(sel.side === 'src' ? { dst: famPart(sel.fam).dst } : { src: famPart(sel.fam).src }),
        },
      ];
    }
    case 'proto':
    case 'port':
    case 'icmp': {
      const max = sel.kind === 'port' ? 65535 : 255;
      const names =
        sel.kind === 'proto'
          ? parseProtocol
          : sel.kind === 'port'
            ? own(serviceNamesFor(sel.protos as number[]) ?? {})
            : sel.field === 'type'
              ? own(sel.proto === 1 ? ICMP_TYPE_NAMES : ICMPV6_TYPE_NAMES)
              : own(ICMP_CODE_NAMES);
      let set: Intervals<number> = [];
      for (const e of elems) {
        const n = numbersOf(e, names, max);
        if (typeof n === 'string') return bad(n);
        set = unionIntervals(set, n);
      }
      if (ordered) {
        if (set.length !== 2 || set[1]! - set[0]! !== 1) return bad(`'${op}' needs a single value`);
        const v = set[0]!;
        set = op === '<' ? [0, v] : op === '<=' ? [0, v + 1] : op === '>' ? [v + 1, max + 1] : [v, max + 1];
        set = intersectIntervals(set, [0, max + 1]);
      } else if (negate) set = complementIntervals(set, 0, max + 1);
      if (sel.kind === 'proto')
        return [{ ...(sel.fam !== undefined ? famPart(sel.fam) : ALL), service: serviceOf(set) }];
      if (sel.kind === 'port') {
        const service = sel.protos.reduce<ServiceSet>(
          (s, p) =>
            serviceUnion(
              s,
              serviceOfProtocol(p, sel.side === 'src' ? set : ANY_PORT, sel.side === 'dst' ? set : ANY_PORT),
            ),
          NO_SERVICE,
        );
        return [{ ...ALL, service }];
      }
      return [
        {
          ...ALL,
          service:
            sel.field === 'type' ? icmpService(sel.proto, set) : icmpService(sel.proto, undefined, set),
        },
      ];
    }
    case 'iface': {
      if (ordered) return bad(`'${op}' on interface names is not modelled`);
      const names: string[] = [];
      for (const e of elems) {
        const s = scalar(e);
        if (s === null) return bad(`'${JSON.stringify(e)}' is not an interface name`);
        names.push(s.endsWith('*') && !s.endsWith('\\*') ? `${s.slice(0, -1)}+` : s);
      }
      const m: InterfaceMatch = { names, negate };
      return [{ ...ALL, ...(sel.side === 'in' ? { inIf: m } : { outIf: m }) }];
    }
    case 'ctstate': {
      if (ordered) return bad(`'${op}' on ct state is not modelled`);
      const named = new Set<string>();
      for (const e of elems) {
        for (const s of Array.isArray(e) ? (e as NftExpr[]) : [e]) {
          const n = scalar(s);
          if (n === null || !CT_STATES.has(n))
            return bad(`'${String(n)}' is not a connection-tracking state`);
          named.add(n);
        }
      }
      const first: FirstState[] = ['new', 'untracked', 'invalid'];
      const states = new Set(first.filter((s) => named.has(s) !== negate));
      return [{ ...ALL, states }];
    }
    case 'nfproto': {
      const fams = new Set<4 | 6>();
      for (const e of elems) {
        const s = scalar(e);
        if (s === 'ipv4' || s === 'ip' || s === '2' || s === '0x0800' || s === '2048') fams.add(4);
        else if (s === 'ipv6' || s === 'ip6' || s === '10' || s === '0x86dd' || s === '34525') fams.add(6);
        else if (!negate) return [NONE];
      }
      const keep = ([4, 6] as const).filter((f) => fams.has(f) !== negate);
      if (keep.length === 2) return [ALL];
      if (keep.length === 0) return [NONE];
      return [famPart(keep[0]!)];
    }
    case 'tcpflags':
      return tcpFlags(op, elems, 255);
  }
  return bad('not modelled');
}

const flagBits = (e: NftExpr, depth = 0): number | null => {
  let bits = 0;
  const parts =
    isObject(e) && Array.isArray(e['|']) ? (e['|'] as NftExpr[]) : Array.isArray(e) ? (e as NftExpr[]) : [e];
  for (const f of parts) {
    if (isObject(f) || Array.isArray(f)) {
      const inner = depth < 16 ? flagBits(f, depth + 1) : null;
      if (inner === null) return null;
      bits |= inner;
      continue;
    }
    const s = scalar(f);
    if (s === null) return null;
    if (/^\d+$/.test(s)) bits |= Number(s);
    else if (Object.hasOwn(TCP_FLAG_BITS, s)) bits |= TCP_FLAG_BITS[s]!;
    else return null;
  }
  return bits;
};

/** The first packet of a TCP connection carries SYN alone: a flags test is decided on that. */
function tcpFlags(op: string, elems: readonly NftExpr[], mask: number): Part[] {
  const value = TCP_FLAG_BITS.syn! & mask;
  const tcp = protoPart([6]);
  const values: number[] = [];
  for (const e of elems) {
    const b = flagBits(e);
    if (b === null) return unsure(`TCP flags '${JSON.stringify(e)}' are not known`, tcp);
    values.push(b);
  }
  let hit: boolean;
  switch (op) {
    case 'implicit':
    case 'in':
      // A bitmask type: any of the flags set (with a mask, equality with the masked value).
      hit = mask === 255 ? values.some((v) => (value & v) !== 0) : values.some((v) => v === value);
      break;
    case '==':
      hit = values.some((v) => v === value);
      break;
    case '!=':
      hit = !values.some((v) => v === value);
      break;
    case '<':
      hit = value < values[0]!;
      break;
    case '>':
      hit = value > values[0]!;
      break;
    case '<=':
      hit = value <= values[0]!;
      break;
    case '>=':
      hit = value >= values[0]!;
      break;
    default:
      return unsure(`operator '${op}' is not known`, tcp);
  }
  return [hit ? tcp : NONE];
}

function maskedMatch(
  args: readonly NftExpr[],
  op: string,
  right: NftExpr | undefined,
  ctx: MatchContext,
): Part[] {
  const [inner, maskExpr] = args;
  const sel = classify(inner);
  const { elems, unknown } = elementsOf(right, ctx);
  if (sel.kind === 'tcpflags') {
    const mask = flagBits(maskExpr ?? null);
    if (mask === null || unknown !== undefined)
      return unsure(`TCP flag mask '${JSON.stringify(maskExpr)}' is not known`, protoPart([6]));
    return tcpFlags(
      op === 'implicit' || op === 'in' ? '==' : op,
      Array.isArray(right) ? [right as NftExpr] : elems,
      mask,
    );
  }
  if (sel.kind !== 'addr')
    return unsure(
      `masked '${sel.kind === 'other' ? sel.text : selectorText(inner)}' cannot be decided offline`,
      sel.kind === 'other' ? sel.implied : implied(sel),
    );
  if (unknown !== undefined) return unsure(unknown, famPart(sel.fam));
  if (op !== '==' && op !== '!=' && op !== 'implicit' && op !== 'in')
    return unsure(`'${op}' on masked addresses is not modelled`, famPart(sel.fam));
  const maskText = scalar(maskExpr ?? null) ?? '';
  const mask = sel.fam === 4 ? parseIpv4(maskText) : parseIpv6(maskText);
  if (mask === null) return unsure(`mask '${maskText}' is not an IPv${sel.fam} address`, famPart(sel.fam));
  let set = EMPTY_ADDRESSES;
  for (const e of elems) {
    const s = scalar(e) ?? '';
    const v = sel.fam === 4 ? parseIpv4(s) : parseIpv6(s);
    if (v === null) return unsure(`'${s}' is not an IPv${sel.fam} address`, famPart(sel.fam));
    const r = fromValueMask(BigInt(v), BigInt(mask), sel.fam);
    if (r.approximate)
      return unsure(`mask ${maskText} has too many holes to model exactly`, famPart(sel.fam));
    set = addressUnion(set, r.set);
  }
  if (op === '!=') set = addressComplementIn(set, sel.fam);
  const any = famPart(sel.fam);
  return [{ ...ALL, src: sel.side === 'src' ? set : any.src, dst: sel.side === 'dst' ? set : any.dst }];
}

/** `a . b { x . y, ... }`: one alternative per element. */
function concatMatch(
  sels: readonly NftExpr[],
  op: string,
  right: NftExpr | undefined,
  ctx: MatchContext,
): Part[] {
  const classified = sels.map(classify);
  const impliedAll = classified.reduce<Part>(
    (p, s) => andParts(p, s.kind === 'other' ? s.implied : implied(s)),
    ALL,
  );
  const other = classified.find((s) => s.kind === 'other');
  if (other !== undefined && other.kind === 'other')
    return unsure(`'${other.text}' cannot be decided offline`, impliedAll);
  const { elems, unknown } = elementsOf(right, ctx);
  if (unknown !== undefined) return unsure(unknown, impliedAll);
  if (op !== '==' && op !== 'implicit' && op !== 'in')
    return unsure(`'${op}' on a concatenation is not modelled`, impliedAll);
  const out: Part[] = [];
  for (const e of elems) {
    const parts = isObject(e) && Array.isArray(e.concat) ? (e.concat as NftExpr[]) : null;
    if (parts === null || parts.length !== classified.length)
      return unsure(`element '${JSON.stringify(e)}' does not fit the concatenation`, impliedAll);
    let p = ALL;
    for (let k = 0; k < parts.length; k++) {
      const alts = plainMatch(classified[k] as Exclude<Selector, { kind: 'other' }>, '==', [parts[k]!]);
      p = andParts(p, alts[0]!);
    }
    out.push(p);
  }
  return out.length > 0 ? out : [NONE];
}
