import type { Device } from '../../models/device';
import type { Flow } from '../../models/net';
import { type Verdict, evaluateDevice, evaluateList } from '../../models/reach';
import { flowToJson } from './flow';

/** What to evaluate: one device, either its bound lists (transit traffic) or one list alone. */
export interface QueryTarget {
  readonly device: Device;
  /** `--filter`: this list alone, as if applied inbound; null for the device's transit lists. */
  readonly list: string | null;
  /** Candidate ingress / egress interfaces; `[undefined]` when not given. A zone gives several. */
  readonly ins: readonly (string | undefined)[];
  readonly outs: readonly (string | undefined)[];
  /** Zones named by --from-zone / --to-zone (or a probe's in/out), passed to the evaluator as is. */
  readonly fromZone?: string;
  readonly toZone?: string;
}

export interface Answer {
  readonly verdict: Verdict;
  readonly inInterface: string | undefined;
  readonly outInterface: string | undefined;
}

const UNSET: readonly (string | undefined)[] = [undefined];

export function targetOf(
  device: Device,
  list: string | null,
  ins?: readonly string[],
  outs?: readonly string[],
  fromZone?: string,
  toZone?: string,
): QueryTarget {
  return {
    device,
    list,
    ins: ins && ins.length > 0 ? ins : UNSET,
    outs: outs && outs.length > 0 ? outs : UNSET,
    ...(fromZone !== undefined ? { fromZone } : {}),
    ...(toZone !== undefined ? { toZone } : {}),
  };
}

function evaluateOne(
  t: QueryTarget,
  flow: Flow,
  inInterface: string | undefined,
  outInterface: string | undefined,
): Verdict {
  const query = {
    flow,
    attachment: 'transit' as const,
    inInterface,
    outInterface,
    fromZone: t.fromZone,
    toZone: t.toZone,
  };
  if (t.list !== null) {
    const v = evaluateList(t.device, t.list, query);
    if (v === null) throw new Error(`list '${t.list}' vanished from device ${t.device.name}`);
    return v;
  }
  return evaluateDevice(t.device, query);
}

/**
 * The verdict for a flow. When a zone stands for several interfaces, every pair is evaluated
 * and the first permit is the answer (the question is whether traffic from that zone can get
 * through at all); if none permits, the first deny.
 */
export function answerQuery(t: QueryTarget, flow: Flow): Answer {
  if (t.ins.length === 1 && t.outs.length === 1) {
    return {
      verdict: evaluateOne(t, flow, t.ins[0], t.outs[0]),
      inInterface: t.ins[0],
      outInterface: t.outs[0],
    };
  }
  let first: Answer | null = null;
  for (const i of t.ins) {
    for (const o of t.outs) {
      const verdict = evaluateOne(t, flow, i, o);
      const answer = { verdict, inInterface: i, outInterface: o };
      if (verdict.action === 'permit') return answer;
      first ??= answer;
    }
  }
  return first!;
}

/** The `query --json` document: the contract's fields first, then the details. */
export function answerToJson(t: QueryTarget, flow: Flow, a: Answer): Record<string, unknown> {
  const v = a.verdict;
  return {
    verdict: v.action,
    device: v.device,
    rule: v.rule,
    reason: v.reason,
    ruleId: v.ruleId,
    uncertain: v.uncertain,
    flow: flowToJson(flow),
    evaluated: t.list !== null ? { list: t.list } : { attachment: 'transit' },
    in: a.inInterface ?? null,
    out: a.outInterface ?? null,
    trace: v.trace,
  };
}
