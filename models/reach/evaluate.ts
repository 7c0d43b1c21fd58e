import type { SourceRef } from '../diagnostics';
import type { Action, Attachment, Device, InterfaceMatch, Match, Rule, RuleList } from '../device';
import { type Flow, LOOPBACK, addressContains, serviceContains } from '../net';
import type { TraceStep, Verdict, VerdictReason } from './verdict';
import { candidates, interfaceMatches, loopbackNames } from './rule-index';

export interface DeviceQuery {
  readonly flow: Flow;
  /** Default `transit`. */
  readonly attachment?: Attachment;
  /** Ingress / egress interface names; when absent, rules that test them are uncertain. */
  readonly inInterface?: string;
  readonly outInterface?: string;
  /** Zones of the flow; when absent they are the zones of the given interfaces. */
  readonly fromZone?: string;
  readonly toZone?: string;
  /** Set when the caller has already applied the device's destination NAT (the site trace). */
  readonly natApplied?: boolean;
}

export type ConnectionState = 'new' | 'untracked' | 'invalid';

/** ICMP types that open a connection (conntrack's valid_new: echo, timestamp, info, mask requests). */
const ICMP_NEW = new Set([8, 13, 15, 17]);
/** ICMPv6: echo request and node information query open one. */
const ICMPV6_NEW = new Set([128, 139]);
/** ICMPv6 multicast listener and neighbour discovery messages are never tracked. */
const ICMPV6_UNTRACKED = new Set([130, 131, 132, 133, 134, 135, 136, 137, 143]);

/**
 * How connection tracking classifies the first packet of a flow: NEW for TCP, UDP and the like,
 * and for ICMP queries; INVALID for other ICMP messages (a reply or an error with no connection
 * behind it); UNTRACKED for ICMPv6 neighbour discovery and MLD. (ICMP type is the flow's dport.)
 */
export function connectionState(flow: Flow): ConnectionState {
  if (flow.proto === 1) return ICMP_NEW.has(flow.dport) ? 'new' : 'invalid';
  if (flow.proto === 58)
    return ICMPV6_NEW.has(flow.dport) ? 'new' : ICMPV6_UNTRACKED.has(flow.dport) ? 'untracked' : 'invalid';
  return 'new';
}

/** The deepest chain of jumps evaluated before giving up (iptables itself limits nesting). */
const MAX_DEPTH = 64;
/** How many combinations of undecidable jumps and returns are tried before giving up. */
const MAX_BRANCHES = 64;
const NO_FLIPS: ReadonlySet<string> = new Set();

type Outcome =
  | { kind: 'decided'; action: Action; rule: Rule }
  | { kind: 'default'; action: Action; source: SourceRef | null; list: string }
  | { kind: 'return' };

class Evaluation {
  readonly trace: TraceStep[] = [];
  readonly uncertain: string[] = [];
  /** The lists being evaluated, outermost first: a jump back into one of them is a loop. */
  private readonly active: string[] = [];
  /** Uncertain jump / goto / return rules met: either assumption could be the permissive one. */
  readonly ambiguous: string[] = [];
  /** Set by a matching `untrack` rule (NOTRACK): state matches then see UNTRACKED, not NEW. */
  untracked = false;
  /** What connection tracking makes of the flow's first packet before any rule runs. */
  readonly flowState: ConnectionState;

  constructor(
    readonly device: Device,
    readonly query: DeviceQuery,
    /** Ambiguous rules assumed NOT to match in this run (all others are assumed to match). */
    readonly flips: ReadonlySet<string> = NO_FLIPS,
  ) {
    this.flowState = connectionState(query.flow);
  }

  note(reason: string): void {
    if (!this.uncertain.includes(reason)) this.uncertain.push(reason);
  }

  /** Runs a list; base lists turn a fall-through into their default, others return to the caller. */
  run(list: RuleList, depth: number): Outcome {
    const outcome = this.runRules(list, depth);
    if (outcome.kind !== 'return') return outcome;
    if (list.fallThrough.kind === 'default') {
      this.trace.push({
        list: list.name,
        rule: null,
        action: 'fall-through',
        source: list.fallThrough.source,
      });
      return {
        kind: 'default',
        action: list.fallThrough.action,
        source: list.fallThrough.source,
        list: list.name,
      };
    }
    return outcome;
  }

  /** Guards every level of nesting (jumped-to lists too), so a loop can neither overflow nor explode. */
  private runRules(list: RuleList, depth: number): Outcome {
    if (depth > MAX_DEPTH) {
      this.note(`rule lists nest deeper than ${MAX_DEPTH} (a loop?) at '${list.name}'`);
      return { kind: 'return' };
    }
    this.active.push(list.name);
    const outcome = this.walk(list, depth);
    this.active.pop();
    return outcome;
  }

  private walk(list: RuleList, depth: number): Outcome {
    for (const rule of candidates(list, this.query)) {
      if (!this.matches(rule)) continue;
      if (rule.uncertainEffect !== undefined) {
        this.note(
          `${rule.id} (${rule.source.file}:${rule.source.line}): ${rule.uncertainEffect}; taken as ${rule.action}`,
        );
      }
      this.trace.push({ list: list.name, rule: rule.id, action: rule.action, source: rule.source });
      switch (rule.action) {
        case 'permit':
        case 'deny':
          return { kind: 'decided', action: rule.action, rule };
        case 'return':
          return { kind: 'return' };
        case 'continue':
          if (rule.effect === 'untrack') this.untracked = true;
          continue;
        case 'jump':
        case 'goto': {
          const target = rule.target === undefined ? undefined : this.device.lists.get(rule.target);
          if (target === undefined) {
            this.note(`rule ${rule.id} jumps to the undefined list '${rule.target ?? ''}'`);
            continue;
          }
          if (this.active.includes(target.name)) {
            // iptables refuses to load a ruleset with a loop; treat the jump as not taken.
            this.note(`rule ${rule.id} jumps back into '${target.name}', a loop; the jump was not followed`);
            continue;
          }
          // A jumped-to list returns here; a goto's list returns to our caller.
          const sub = this.runRules(target, depth + 1);
          if (sub.kind !== 'return') return sub;
          if (rule.action === 'goto') return sub;
          continue;
        }
      }
    }
    return { kind: 'return' };
  }

  private matches(rule: Rule): boolean {
    const m = rule.match;
    const { flow } = this.query;
    const state = this.untracked ? 'untracked' : this.flowState;
    const stateOk =
      state === 'new'
        ? m.matchesNew
        : state === 'untracked'
          ? (m.matchesUntracked ?? m.matchesNew)
          : (m.matchesInvalid ?? m.matchesNew);
    if (!stateOk) return false;
    if (!addressContains(m.src, flow.src) || !addressContains(m.dst, flow.dst)) return false;
    if (!serviceContains(m.service, flow.proto, flow.sport, flow.dport)) return false;
    let unsure: string | undefined = m.uncertain;
    const inOk = this.ingressMatches(m.inInterface);
    const outOk = this.interfaceMatches(m.outInterface, this.query.outInterface);
    if (inOk === false || outOk === false) return false;
    if (inOk === 'unknown') unsure ??= 'the ingress interface was not given but the rule tests it';
    if (outOk === 'unknown') unsure ??= 'the egress interface was not given but the rule tests it';
    if (unsure === undefined) return true;
    // A rule that cannot decide (LOG, MARK...) matches or not without changing the verdict.
    if (rule.action === 'continue' && rule.effect === undefined) return true;
    // Reachability-conservative: a denying rule is assumed not to match, a permitting one to
    // match; for jumps and returns either could open the way, so both are explored.
    let assumed = rule.action !== 'deny';
    if (
      rule.action === 'jump' ||
      rule.action === 'goto' ||
      rule.action === 'return' ||
      rule.effect !== undefined
    ) {
      if (!this.ambiguous.includes(rule.id)) this.ambiguous.push(rule.id);
      assumed = !this.flips.has(rule.id);
    }
    this.note(
      `${rule.id} (${rule.source.file}:${rule.source.line}): ${unsure}; assumed ${assumed ? 'to match' : 'not to match'}`,
    );
    return assumed;
  }

  private interfaceMatches(m: InterfaceMatch | undefined, name: string | undefined): boolean | 'unknown' {
    if (m === undefined) return true;
    if (name === undefined) return 'unknown';
    return interfaceMatches(m, name);
  }

  /**
   * Like interfaceMatches, but an unknown ingress is still decided when the rule names only
   * loopback interfaces: a packet from another host (a non-loopback source) never arrives there.
   */
  private ingressMatches(m: InterfaceMatch | undefined): boolean | 'unknown' {
    const known = this.interfaceMatches(m, this.query.inInterface);
    if (known !== 'unknown' || m === undefined) return known;
    const lo = loopbackNames(this.device);
    if (lo.size === 0 || !m.names.every((n) => lo.has(n))) return known;
    return addressContains(LOOPBACK, this.query.flow.src) ? 'unknown' : m.negate;
  }
}

function natMayApply(m: Match, q: DeviceQuery): boolean {
  const { flow } = q;
  if (!addressContains(m.src, flow.src) || !addressContains(m.dst, flow.dst)) return false;
  if (!serviceContains(m.service, flow.proto, flow.sport, flow.dport)) return false;
  if (m.inInterface && q.inInterface !== undefined && !interfaceMatches(m.inInterface, q.inInterface))
    return false;
  return true;
}

function toVerdict(ev: Evaluation, outcome: Outcome, standalone: boolean): Verdict {
  // One literal shape for every verdict: the hot path of batch queries.
  let action: Verdict['action'];
  let rule: SourceRef | null = null;
  let ruleId: string | null = null;
  let reason: VerdictReason;
  if (outcome.kind === 'decided') {
    action = outcome.action;
    rule = outcome.rule.source;
    ruleId = outcome.rule.id;
    reason = 'rule';
  } else if (outcome.kind === 'default') {
    action = outcome.action;
    rule = outcome.source;
    reason = outcome.source === null && outcome.action === 'deny' ? 'implicit-deny' : 'default';
  } else {
    action = standalone ? 'deny' : 'permit';
    reason = standalone ? 'no-match' : 'unfiltered';
  }
  return { action, device: ev.device.name, rule, ruleId, reason, trace: ev.trace, uncertain: ev.uncertain };
}

/** The verdict on a flow of a family the device's export does not cover. */
function otherFamily(device: Device, query: DeviceQuery): Verdict {
  const covered = (device.families ?? []).map((f) => `IPv${f}`).join(' and ');
  return {
    action: 'permit',
    device: device.name,
    rule: null,
    ruleId: null,
    reason: 'unfiltered',
    trace: [],
    uncertain: [
      `this export covers ${covered} only; how the device filters IPv${query.flow.src.family} is unknown`,
    ],
  };
}

const coversFamily = (device: Device, query: DeviceQuery): boolean =>
  device.families === undefined ||
  (device.families.includes(query.flow.src.family) && device.families.includes(query.flow.dst.family));

/**
 * The verdict of one device on one flow: every list bound to the attachment (and the given
 * interfaces) is evaluated in order, and the first that does not permit decides.
 */
export function evaluateDevice(device: Device, query: DeviceQuery): Verdict {
  if (!coversFamily(device, query)) return otherFamily(device, query);
  return explore((flips) => evaluateOnce(device, query, flips));
}

/**
 * Runs an evaluation, and when undecidable jumps or returns made it deny, runs it again with
 * their assumptions flipped (breadth first, at most MAX_BRANCHES runs): if any combination
 * permits, the flow may pass, and the permissive verdict is the one reported.
 */
function explore(
  run: (flips: ReadonlySet<string>) => { verdict: Verdict; ambiguous: readonly string[] },
): Verdict {
  const first = run(NO_FLIPS);
  if (first.verdict.action === 'permit' || first.ambiguous.length === 0) return first.verdict;
  const queue: Array<ReadonlySet<string>> = first.ambiguous.map((id) => new Set([id]));
  const seen = new Set<string>();
  let runs = 1;
  while (queue.length > 0 && runs < MAX_BRANCHES) {
    const flips = queue.shift()!;
    const key = [...flips].sort().join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    const next = run(flips);
    runs++;
    if (next.verdict.action === 'permit') {
      const ids = [...flips].join(', ');
      return {
        ...next.verdict,
        uncertain: [...next.verdict.uncertain, `permitted if ${ids} do(es) not match; denied otherwise`],
      };
    }
    for (const id of next.ambiguous) if (!flips.has(id)) queue.push(new Set([...flips, id]));
  }
  if (queue.length > 0) {
    return {
      ...first.verdict,
      uncertain: [
        ...first.verdict.uncertain,
        `only ${MAX_BRANCHES} combinations of undecidable rules were explored`,
      ],
    };
  }
  return first.verdict;
}

const zoneOf = (device: Device, iface: string | undefined): string | undefined =>
  iface === undefined ? undefined : device.interfaces.find((i) => i.name === iface)?.zone;

function evaluateOnce(
  device: Device,
  query: DeviceQuery,
  flips: ReadonlySet<string>,
): { verdict: Verdict; ambiguous: readonly string[] } {
  const attachment = query.attachment ?? 'transit';
  const ev = new Evaluation(device, query, flips);
  const fromZone = query.fromZone ?? zoneOf(device, query.inInterface);
  const toZone = query.toZone ?? zoneOf(device, query.outInterface);
  let last: Outcome | null = null;
  let primary: Outcome | null = null;
  for (const binding of device.bindings) {
    if (binding.attachment !== attachment) continue;
    if (binding.family !== undefined && binding.family !== query.flow.src.family) continue;
    if (binding.inInterface !== undefined && query.inInterface === undefined) {
      ev.note(
        `'${binding.list}' applies to traffic entering ${binding.inInterface}; the ingress interface was not given, so it was not evaluated`,
      );
    }
    if (binding.outInterface !== undefined && query.outInterface === undefined) {
      ev.note(
        `'${binding.list}' applies to traffic leaving ${binding.outInterface}; the egress interface was not given, so it was not evaluated`,
      );
    }
    if (binding.inInterface !== undefined && binding.inInterface !== query.inInterface) continue;
    if (binding.outInterface !== undefined && binding.outInterface !== query.outInterface) continue;
    if (binding.fromZone !== undefined && fromZone === undefined) {
      ev.note(
        `'${binding.list}' applies to traffic from zone ${binding.fromZone}; the flow's ingress zone is not known`,
      );
    }
    if (binding.toZone !== undefined && toZone === undefined) {
      ev.note(
        `'${binding.list}' applies to traffic to zone ${binding.toZone}; the flow's egress zone is not known`,
      );
    }
    if (binding.fromZone !== undefined && binding.fromZone !== fromZone) continue;
    if (binding.toZone !== undefined && binding.toZone !== toZone) continue;
    const list = device.lists.get(binding.list);
    if (list === undefined) continue;
    const outcome = ev.run(list, 0);
    if (outcome.kind === 'return') continue;
    last = outcome;
    if (binding.primary) primary = outcome;
    if (outcome.action === 'deny') break;
  }
  if (attachment !== 'from-device' && query.natApplied !== true) {
    for (const rule of device.nat) {
      if (rule.translates === 'destination' && natMayApply(rule.match, query)) {
        ev.note(
          `destination NAT ${rule.id} (${rule.source.file}:${rule.source.line}) may translate this flow before filtering; NAT is not applied to verdicts yet`,
        );
      }
    }
  }
  const decisive = last !== null && last.action === 'deny' ? last : (primary ?? last);
  return { verdict: toVerdict(ev, decisive ?? { kind: 'return' }, false), ambiguous: ev.ambiguous };
}

/** One named list on its own, as if applied inbound (Batfish's testFilters; `--filter`). */
export function evaluateList(device: Device, listName: string, query: DeviceQuery): Verdict | null {
  const list = device.lists.get(listName);
  if (list === undefined) return null;
  if (!coversFamily(device, query)) return otherFamily(device, query);
  return explore((flips) => {
    const ev = new Evaluation(device, query, flips);
    return { verdict: toVerdict(ev, ev.run(list, 0), true), ambiguous: ev.ambiguous };
  });
}
