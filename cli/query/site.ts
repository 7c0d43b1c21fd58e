import type { SourceRef } from '../../models/diagnostics';
import { printable } from '../format/text';
import { type Flow, formatAddress, formatFlow } from '../../models/net';
import type { SiteHop, SiteVerdict } from '../../models/reach';
import { flowToJson } from './flow';

/**
 * The contract's verdict fields for an end-to-end answer: `device` and `rule` are those of the
 * device that denied, or of the last device crossed when permitted (null when no firewall is on
 * the way); `reason` is that device's reason, or what stopped the packet (`no-route`,
 * `no-gateway`, `loop`, `unknown-segment`, `unknown-source`), or `same-segment`.
 */
export interface SiteSummary {
  readonly action: 'permit' | 'deny';
  readonly device: string | null;
  readonly rule: SourceRef | null;
  readonly ruleId: string | null;
  readonly reason: string;
  readonly uncertain: readonly string[];
}

export function summarizeSite(v: SiteVerdict): SiteSummary {
  const path = v.decisive;
  const uncertain = [...v.uncertain];
  if (v.routeAssumed)
    uncertain.push(
      'route assumed: a device on the way has no routes, or the source segment has several gateways',
    );
  const last: SiteHop | undefined = v.denyingHop ?? path.hops[path.hops.length - 1];
  if (path.outcome === 'denied' && last) {
    return {
      action: 'deny',
      device: last.device,
      rule: last.verdict.rule,
      ruleId: last.verdict.ruleId,
      reason: last.verdict.reason,
      uncertain,
    };
  }
  if (v.action === 'permit') {
    if (!last)
      return { action: 'permit', device: null, rule: null, ruleId: null, reason: 'same-segment', uncertain };
    return {
      action: 'permit',
      device: last.device,
      rule: last.verdict.rule,
      ruleId: last.verdict.ruleId,
      reason: last.verdict.reason,
      uncertain,
    };
  }
  return {
    action: 'deny',
    device: last?.device ?? null,
    rule: last && path.outcome === 'no-route' ? last.route : null,
    ruleId: null,
    reason: path.outcome,
    uncertain,
  };
}

const hopJson = (h: SiteHop): Record<string, unknown> => ({
  device: h.device,
  in: h.in,
  out: h.out,
  verdict: h.verdict.action,
  rule: h.verdict.rule,
  reason: h.verdict.reason,
  ruleId: h.verdict.ruleId,
  uncertain: h.verdict.uncertain,
  route: h.route,
  routeAssumed: h.routeAssumed,
  nat: h.nat && {
    from: formatAddress(h.nat.from),
    to: formatAddress(h.nat.to),
    port: h.nat.port,
    rule: h.nat.rule,
  },
});

/** The `query --json` document of an end-to-end query: the contract's fields, then the path. */
export function siteToJson(v: SiteVerdict): Record<string, unknown> {
  const s = summarizeSite(v);
  return {
    verdict: s.action,
    device: s.device,
    rule: s.rule,
    reason: s.reason,
    ruleId: s.ruleId,
    uncertain: s.uncertain,
    flow: flowToJson(v.flow),
    evaluated: { site: true },
    from: v.srcSegment,
    to: v.dstSegment,
    outcome: v.decisive.outcome,
    explanation: v.decisive.reason,
    hops: v.decisive.hops.map(hopJson),
    alternatives: v.paths.length - 1,
  };
}

const cite = (r: SourceRef | null): string =>
  r === null ? '(no rule)' : `${r.file}:${r.line}: ${r.text.trim()}`;

/** The readable answer: verdict, then one line per device crossed with the rule that decided. */
export function formatSiteAnswer(flow: Flow, v: SiteVerdict): string {
  const s = summarizeSite(v);
  const out = [
    `${s.action.toUpperCase()}  ${formatFlow(flow)}  (end to end: ${v.srcSegment ?? 'outside'} -> ${v.dstSegment ?? 'outside'})`,
  ];
  if (v.decisive.hops.length === 0) out.push(`  ${v.decisive.reason}`);
  for (const h of v.decisive.hops) {
    out.push(
      `  ${h.device} ${h.in} -> ${h.out ?? '(itself)'}: ${h.verdict.action} by ${cite(h.verdict.rule)}${h.routeAssumed ? ' [route assumed]' : ''}`,
    );
    if (h.nat)
      out.push(
        `    destination NAT ${formatAddress(h.nat.from)} -> ${formatAddress(h.nat.to)}${h.nat.port !== null ? `:${h.nat.port}` : ''} by ${cite(h.nat.rule)}`,
      );
  }
  if (v.decisive.outcome !== 'delivered' && v.decisive.outcome !== 'denied')
    out.push(`  ${v.decisive.outcome}: ${v.decisive.reason}`);
  for (const u of s.uncertain) out.push(`  uncertain: ${u}`);
  return `${printable(out.join('\n'))}\n`;
}
