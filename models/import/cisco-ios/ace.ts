import type { DiagnosticCode, SourceRef } from '../../diagnostics';
import {
  type AddressSet,
  type PortSet,
  ANY_IPV4,
  ANY_IPV6,
  ANY_PORT,
  fromValueMask,
  parseAddressSpec,
  parseIpv4,
  portComplement,
  portRange,
  unionIntervals,
} from '../../net';
import { CISCO_ICMP, CISCO_ICMPV6, resolvePort, resolveProtocol } from './keywords';
import type { IosAce, IosAclKind, IosAddress, IosFamily, IosIcmp, IosPorts, IosProtocol } from './model';

export type Report = (code: DiagnosticCode, message: string, severity?: 'warning' | 'info' | 'error') => void;

/** Thrown inside the ACE parser only, caught in parseAce: the entry cannot be used. */
class AceError extends Error {
  constructor(
    readonly code: DiagnosticCode,
    message: string,
  ) {
    super(message);
  }
}

/** Show-command decorations: `(20 matches)`, `(active)`, `, wildcard bits W`. */
export function stripShowDecorations(text: string): string {
  return text
    .replace(/,\s*wildcard bits\s+/g, ' ')
    .replace(/\(\s*\d+\s+match(es)?\s*\)/g, ' ')
    .replace(/\((in)?active\)/g, ' ')
    .trim();
}

const FLAGS = new Set(['ack', 'fin', 'psh', 'rst', 'syn', 'urg']);
const UNDECIDABLE = new Set([
  'precedence',
  'dscp',
  'tos',
  'time-range',
  'option',
  'vlan',
  'udf',
  'http-method',
  'nexthop-group',
  'redirect',
  'capture',
  'flow-label',
  'routing',
  'hbh',
  'dest-option',
  'mobility',
]);
const OPERATOR_ARGS: Readonly<Record<string, number>> = { eq: 1, lt: 1, gt: 1, neq: 1, range: 2 };

class AceParser {
  i = 0;
  readonly uncertain: string[] = [];
  matchesNew = true;
  log = false;
  seq: number | null = null;

  constructor(
    readonly tokens: readonly string[],
    readonly family: IosFamily,
    readonly report: Report,
  ) {}

  peek(k = 0): string | undefined {
    return this.tokens[this.i + k];
  }
  next(what: string): string {
    const t = this.tokens[this.i++];
    if (t === undefined) throw new AceError('invalid-value', `the entry ends where ${what} was expected`);
    return t;
  }

  address(): IosAddress {
    const t = this.next('an address').toLowerCase();
    const any: AddressSet = this.family === 4 ? ANY_IPV4 : ANY_IPV6;
    if (t === 'any' || (this.family === 4 && t === 'any4') || (this.family === 6 && t === 'any6'))
      return { kind: 'set', set: any };
    if (t === 'host') return { kind: 'set', set: this.literal(this.next('a host address')) };
    if (t === 'object-group' || t === 'addrgroup') return { kind: 'group', name: this.next('a group name') };
    const raw = this.tokens[this.i - 1]!;
    if (raw.includes('/')) return { kind: 'set', set: this.literal(raw) };
    if (this.family === 4 && parseIpv4(raw) !== null) {
      const w = this.peek();
      const wild = w === undefined ? null : parseIpv4(w);
      if (wild === null) return { kind: 'set', set: this.literal(raw) };
      this.i++;
      return { kind: 'set', set: wildcard(raw, w!, this.report) };
    }
    throw new AceError(
      'invalid-value',
      `'${raw}' is not an address (any, host A, A WILDCARD, A/LEN or object-group NAME)`,
    );
  }

  literal(text: string): AddressSet {
    const p = parseAddressSpec(text);
    if (!p.ok) throw new AceError('invalid-value', p.error);
    const fam = p.value.set.v4.length > 0 ? 4 : 6;
    if (fam !== this.family)
      throw new AceError('invalid-value', `'${text}' is an IPv${fam} address in an IPv${this.family} ACL`);
    if (p.value.hostBits)
      this.report(
        'invalid-value',
        `'${text}' has host bits beyond its prefix; the device ignores them`,
        'info',
      );
    return p.value.set;
  }

  /** `eq|neq P...`, `lt P`, `gt P`, `range A B`, `portgroup NAME`; undefined when none follows. */
  ports(proto: number | 'tcp-udp'): IosPorts | undefined {
    const op = this.peek()?.toLowerCase();
    if (op === 'portgroup') {
      this.i++;
      return { kind: 'group', name: this.next('a port group name') };
    }
    if (op === undefined || !(op in OPERATOR_ARGS)) return undefined;
    this.i++;
    return { kind: 'set', ports: parsePortOperator(op, this, proto) };
  }

  icmp(): IosIcmp | undefined {
    const t = this.peek()?.toLowerCase();
    if (t === undefined) return undefined;
    if (/^\d{1,3}$/.test(t)) {
      this.i++;
      const type = Number(t);
      const c = this.peek();
      if (c !== undefined && /^\d{1,3}$/.test(c)) {
        this.i++;
        return { type, code: Number(c) };
      }
      return { type };
    }
    const table = this.family === 6 ? CISCO_ICMPV6 : CISCO_ICMP;
    if (Object.hasOwn(table, t)) {
      this.i++;
      const [type, code] = table[t]!;
      return code === undefined ? { type } : { type, code };
    }
    return undefined;
  }

  options(proto: IosProtocol): void {
    const isTcp = proto.kind === 'protocols' && proto.protocols?.length === 1 && proto.protocols[0] === 6;
    while (this.i < this.tokens.length) {
      const raw = this.next('an option');
      const t = raw.toLowerCase();
      if (t === 'log' || t === 'log-input') {
        this.log = true;
        const tag = this.peek();
        if (tag !== undefined && !isKeyword(tag)) this.i++;
      } else if (t === 'established') {
        if (!isTcp) throw new AceError('invalid-value', "'established' applies to TCP entries only");
        this.matchesNew = false;
      } else if (t === 'fragments') {
        // Matches non-initial fragments only: never the first packet of a connection.
        this.matchesNew = false;
      } else if (t === 'match-all' || t === 'match-any') {
        const flags: Array<[boolean, string]> = [];
        while (/^[+-][a-z]+$/.test(this.peek() ?? '')) {
          const f = this.next('a flag');
          flags.push([f[0] === '+', f.slice(1)]);
        }
        if (flags.length === 0) throw new AceError('invalid-value', `${t} needs +flag / -flag operands`);
        const ok = flags.map(([set, f]) => set === (f === 'syn'));
        if (!(t === 'match-all' ? ok.every(Boolean) : ok.some(Boolean))) this.matchesNew = false;
      } else if (FLAGS.has(t)) {
        // A bare flag must be set; a connection's first packet carries SYN alone.
        if (t !== 'syn') this.matchesNew = false;
      } else if (t === 'sequence' && this.family === 6) {
        this.seq = Number(this.next('a sequence number'));
      } else if (t === 'ttl' || t === 'packet-length') {
        const op = this.next(`a ${t} operator`).toLowerCase();
        this.next(`a ${t} value`);
        if (op === 'range') this.next(`a ${t} value`);
        this.uncertain.push(`${t} is not modelled`);
      } else if (UNDECIDABLE.has(t)) {
        if (this.i < this.tokens.length && !isKeyword(this.peek()!)) this.i++;
        this.uncertain.push(`'${t}' cannot be decided offline`);
      } else if (t === 'reflect') {
        this.next('a reflexive list name');
        if (this.peek()?.toLowerCase() === 'timeout') this.i += 2;
        this.report(
          'lossy-conversion',
          'reflect: the entry is modelled as written; the reflexive list it fills holds return traffic, which only evaluate entries permit (and they match no new connection)',
          'info',
        );
      } else if (t === 'tracked' || t === 'counters') {
        // NX-OS / EOS decorations without effect on the verdict.
      } else {
        throw new AceError('unsupported-construct', `option '${raw}' is not understood`);
      }
    }
  }
}

const isKeyword = (t: string): boolean =>
  /^(log|log-input|established|fragments|time-range|precedence|dscp|tos|ttl|sequence|option|match-any|match-all|ack|fin|psh|rst|syn|urg)$/i.test(
    t,
  );

function wildcard(addr: string, wild: string, report: Report): AddressSet {
  const a = parseIpv4(addr)!;
  const w = parseIpv4(wild)!;
  const mask = ~w >>> 0;
  const r = fromValueMask(BigInt(a), BigInt(mask), 4);
  if (r.approximate)
    report(
      'lossy-conversion',
      `wildcard ${wild} has too many non-contiguous bits; approximated by its covering range`,
    );
  return r.set;
}

function parsePortOperator(op: string, p: AceParser, proto: number | 'tcp-udp'): PortSet {
  const port = (): number => {
    const t = p.next('a port');
    const n = resolvePort(t, proto);
    if (n === null)
      throw new AceError(
        'invalid-value',
        `'${t}' is not a port${typeof proto === 'number' ? ` of ${proto === 6 ? 'tcp' : proto === 17 ? 'udp' : `protocol ${proto}`}` : ''}`,
      );
    return n;
  };
  if (op === 'range') {
    const a = port();
    const b = port();
    if (a > b) throw new AceError('invalid-value', `port range ${a} ${b} ends before it starts`);
    return portRange(a, b);
  }
  if (op === 'lt') return portRange(0, port() - 1);
  if (op === 'gt') return portRange(port() + 1, 65535);
  let set: PortSet = portRange(...single(port()));
  // IOS-XE accepts up to 10 ports after eq / neq.
  while (p.peek() !== undefined && resolvePort(p.peek()!, proto) !== null && !isKeyword(p.peek()!))
    set = unionIntervals(set, portRange(...single(port())));
  return op === 'neq' ? portComplement(set) : set;
}
const single = (n: number): [number, number] => [n, n];

/** The protocol numbers an entry's ports are named for (6, 17, or null when ports are not allowed). */
function portProtocol(proto: IosProtocol): number | null {
  if (proto.kind !== 'protocols' || proto.protocols === null || proto.protocols.length !== 1) return null;
  const n = proto.protocols[0]!;
  return n === 6 || n === 17 || n === 132 ? n : null;
}

/**
 * Parses one ACL entry (without its `access-list N` prefix): `[seq] permit|deny ...`.
 * Returns null (after reporting why) when the entry cannot be used at all.
 */
export function parseAce(
  text: string,
  kind: IosAclKind,
  family: IosFamily,
  source: SourceRef,
  report: Report,
  label?: string,
): IosAce | null {
  const tokens = stripShowDecorations(text)
    .split(/\s+/)
    .filter((t) => t !== '');
  const p = new AceParser(tokens, family, report);
  try {
    if (p.peek()?.toLowerCase() === 'sequence') p.next('sequence');
    if (/^\d+$/.test(p.peek() ?? '')) p.seq = Number(p.next('a sequence number'));
    const action = p.next('permit or deny').toLowerCase();
    if (action !== 'permit' && action !== 'deny')
      throw new AceError('unrecognized-line', `'${action}' is not permit, deny or remark`);
    if (kind === 'standard') {
      const src = p.address();
      p.options({ kind: 'protocols', protocols: null });
      return finish(
        p,
        action,
        { kind: 'protocols', protocols: null },
        src,
        { kind: 'set', set: ANY_IPV4 },
        source,
        label,
      );
    }
    if (p.peek()?.toLowerCase() === 'dynamic')
      throw new AceError('unsupported-construct', 'dynamic (lock-and-key) entries are not modelled');
    const protoText = p.next('a protocol');
    let protocol: IosProtocol;
    if (protoText.toLowerCase() === 'object-group')
      protocol = { kind: 'group', name: p.next('a service group name') };
    else {
      const n = resolveProtocol(protoText, family);
      if (n === null) throw new AceError('invalid-value', `'${protoText}' is not a protocol`);
      protocol = { kind: 'protocols', protocols: n === 'all' ? null : [n] };
    }
    const pp = portProtocol(protocol);
    const src = p.address();
    const srcPorts = pp !== null ? p.ports(pp) : undefined;
    const dst = p.address();
    const dstPorts = pp !== null ? p.ports(pp) : undefined;
    const isIcmp =
      protocol.kind === 'protocols' &&
      protocol.protocols?.length === 1 &&
      (protocol.protocols[0] === 1 || protocol.protocols[0] === 58);
    const icmp = isIcmp ? p.icmp() : undefined;
    p.options(protocol);
    return finish(p, action, protocol, src, dst, source, label, srcPorts, dstPorts, icmp);
  } catch (e) {
    if (!(e instanceof AceError)) throw e;
    report(e.code, `${e.message}; the entry is skipped`);
    return null;
  }
}

function finish(
  p: AceParser,
  action: 'permit' | 'deny',
  protocol: IosProtocol,
  src: IosAddress,
  dst: IosAddress,
  source: SourceRef,
  label: string | undefined,
  srcPorts?: IosPorts,
  dstPorts?: IosPorts,
  icmp?: IosIcmp,
): IosAce {
  const uncertain = p.uncertain.length > 0 ? p.uncertain.join('; ') : undefined;
  if (uncertain !== undefined)
    p.report('uncertain-match', `${uncertain}; verdicts this entry decides are uncertain`);
  return {
    kind: 'ace',
    action,
    seq: p.seq,
    protocol,
    src,
    dst,
    ...(srcPorts && !(srcPorts.kind === 'set' && srcPorts.ports === ANY_PORT) ? { srcPorts } : {}),
    ...(dstPorts ? { dstPorts } : {}),
    ...(icmp ? { icmp } : {}),
    matchesNew: p.matchesNew,
    ...(uncertain !== undefined ? { uncertain } : {}),
    log: p.log,
    ...(label !== undefined ? { label } : {}),
    source,
  };
}

/** Parses `OP PORTS...` for object-group members (service / NX-OS port groups). */
export function parsePortSpec(
  tokens: readonly string[],
  proto: number | 'tcp-udp',
  report: Report,
): { ports: PortSet; rest: number } | null {
  const p = new AceParser(tokens, 4, report);
  const op = p.peek()?.toLowerCase();
  if (op === undefined || !(op in OPERATOR_ARGS)) return null;
  p.i++;
  try {
    return { ports: parsePortOperator(op, p, proto), rest: p.i };
  } catch (e) {
    if (!(e instanceof AceError)) throw e;
    report(e.code, e.message);
    return null;
  }
}
