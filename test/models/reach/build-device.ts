/**
 * Builds small neutral Devices by hand for evaluator tests. Lines are numbered in declaration
 * order as if the device came from one iptables-save file: each list has a header line
 * (`:NAME POLICY`), followed by one line per rule (`-A NAME ...`). Rule ids are `<list>#<n>`.
 */
import type { SourceRef } from '../../../models/diagnostics';
import type {
  Action,
  Binding,
  Device,
  InterfaceMatch,
  Rule,
  RuleAction,
  RuleList,
} from '../../../models/device';
import {
  ANY_ADDRESS,
  ANY_PORT,
  ANY_SERVICE,
  type AddressSet,
  type Flow,
  type ServiceSet,
  icmpService,
  parseAddress,
  parseAddressSpec,
  parsePortRange,
  parseProtocol,
  serviceOfProtocol,
} from '../../../models/net';
import type { DeviceQuery } from '../../../models/reach';

export const FILE = 'fw.rules';

export interface RuleSpec {
  readonly action: RuleAction;
  readonly target?: string;
  readonly src?: string;
  readonly dst?: string;
  readonly proto?: string;
  /** iptables port ranges (`80`, `1024:2048`, `:1023`); for ICMP the code. */
  readonly sport?: string;
  /** iptables port ranges; for ICMP the type. */
  readonly dport?: string;
  /** `eth0`, `eth+`, `!eth0`, `!eth0,eth1` (one negation for all names). */
  readonly in?: string;
  readonly out?: string;
  readonly matchesNew?: boolean;
  readonly uncertain?: string;
}

export interface ListSpec {
  readonly name: string;
  /** A base list's default; `implicit` gives it no source line (vendor implicit deny). Absent: a returning list. */
  readonly policy?: Action;
  readonly implicit?: boolean;
  readonly rules: readonly RuleSpec[];
}

const must = <T>(r: { ok: true; value: T } | { ok: false; error: string }): T => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

const addresses = (text: string | undefined): AddressSet =>
  text === undefined ? ANY_ADDRESS : must(parseAddressSpec(text)).set;

function service(r: RuleSpec): ServiceSet {
  if (r.proto === undefined) return ANY_SERVICE;
  const proto = parseProtocol(r.proto);
  if (proto === null) throw new Error(`unknown protocol ${r.proto}`);
  const ports = (t: string | undefined) => (t === undefined ? undefined : must(parsePortRange(t)));
  if (proto === 1 || proto === 58) return icmpService(proto, ports(r.dport), ports(r.sport));
  return serviceOfProtocol(proto, ports(r.sport) ?? ANY_PORT, ports(r.dport) ?? ANY_PORT);
}

function iface(text: string | undefined): InterfaceMatch | undefined {
  if (text === undefined) return undefined;
  const negate = text.startsWith('!');
  return { names: (negate ? text.slice(1) : text).split(','), negate };
}

function ruleText(list: string, r: RuleSpec): string {
  const parts = [`-A ${list}`];
  if (r.in) parts.push(r.in.startsWith('!') ? `! -i ${r.in.slice(1)}` : `-i ${r.in}`);
  if (r.out) parts.push(r.out.startsWith('!') ? `! -o ${r.out.slice(1)}` : `-o ${r.out}`);
  if (r.src) parts.push(`-s ${r.src}`);
  if (r.dst) parts.push(`-d ${r.dst}`);
  if (r.proto) parts.push(`-p ${r.proto}`);
  if (r.sport) parts.push(`--sport ${r.sport}`);
  if (r.dport) parts.push(`--dport ${r.dport}`);
  const verb: Record<RuleAction, string> = {
    permit: 'ACCEPT',
    deny: 'DROP',
    return: 'RETURN',
    continue: 'LOG',
    jump: '',
    goto: '',
  };
  parts.push(r.action === 'goto' ? `-g ${r.target}` : `-j ${verb[r.action] || r.target}`);
  return parts.join(' ');
}

export function buildDevice(lists: readonly ListSpec[], bindings?: readonly Binding[], name = 'fw1'): Device {
  let line = 0;
  const ref = (text: string): SourceRef => {
    line++;
    return { file: FILE, line, endLine: line, text };
  };
  const out = new Map<string, RuleList>();
  for (const l of lists) {
    const header = ref(
      `:${l.name} ${l.policy === undefined ? '-' : l.policy === 'permit' ? 'ACCEPT' : 'DROP'} [0:0]`,
    );
    const rules = l.rules.map((r, k): Rule => {
      const source = ref(ruleText(l.name, r));
      const id = `${l.name}#${k + 1}`;
      return {
        id,
        action: r.action,
        ...(r.target !== undefined ? { target: r.target } : {}),
        match: {
          src: addresses(r.src),
          dst: addresses(r.dst),
          service: service(r),
          ...(r.in !== undefined ? { inInterface: iface(r.in) } : {}),
          ...(r.out !== undefined ? { outInterface: iface(r.out) } : {}),
          matchesNew: r.matchesNew ?? true,
          ...(r.uncertain !== undefined ? { uncertain: r.uncertain } : {}),
        },
        source,
        origin: { vendor: 'iptables', file: FILE, line: source.line, name: `${l.name} #${k + 1}` },
      };
    });
    const fallThrough: RuleList['fallThrough'] =
      l.policy === undefined
        ? { kind: 'return' }
        : { kind: 'default', action: l.policy, source: l.implicit ? null : header };
    out.set(l.name, { name: l.name, rules, fallThrough, source: header });
  }
  return {
    name,
    vendor: 'iptables',
    file: FILE,
    interfaces: [],
    zones: [],
    lists: out,
    bindings: bindings ?? [{ attachment: 'transit', list: lists[0]!.name }],
    routes: [],
    nat: [],
    support: { filtering: 'full', nat: 'none', routes: 'absent', notes: [] },
  };
}

/** The SourceRef of a rule by id, or of a list's header line by list name. */
export function sourceOf(device: Device, id: string): SourceRef {
  const [list, n] = id.split('#');
  const l = device.lists.get(list!);
  if (!l) throw new Error(`no list ${list}`);
  const src = n === undefined ? l.source : l.rules[Number(n) - 1]?.source;
  if (!src) throw new Error(`no rule ${id}`);
  return src;
}

export interface FlowSpec {
  readonly proto?: string;
  readonly src?: string;
  readonly dst?: string;
  readonly sport?: number;
  readonly dport?: number;
}

export function flow(f: FlowSpec = {}): Flow {
  const addr = (t: string) => must(parseAddress(t));
  return {
    proto: parseProtocol(f.proto ?? 'tcp')!,
    src: addr(f.src ?? '10.0.0.1'),
    dst: addr(f.dst ?? '192.168.1.10'),
    sport: f.sport ?? 40000,
    dport: f.dport ?? 443,
  };
}

export const query = (f: FlowSpec = {}, extra: Omit<DeviceQuery, 'flow'> = {}): DeviceQuery => ({
  flow: flow(f),
  ...extra,
});

/** A verdict's trace as `list:rule:action` strings (rule `-` for a fall-through), for compact asserts. */
export const steps = (v: {
  trace: ReadonlyArray<{ list: string; rule: string | null; action: string }>;
}): string[] => v.trace.map((s) => `${s.list}:${s.rule ?? '-'}:${s.action}`);
