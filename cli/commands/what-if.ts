import type { AttackPath, RuleEdit } from '../../models/paths';
import { printable } from '../format/text';
import {
  EditError,
  applyEdits,
  checkDifference,
  comparePaths,
  lateralMovement,
  remediationCut,
} from '../../models/paths';
import { formatServiceSet } from '../../models/net';
import { fromRuleEdit } from '../../models/project';
import { zoneMatrix, compareMatrices } from '../../models/reach';
import type { Network } from '../../models/topology';
import { CliError } from '../errors';

/**
 * `conduit analyze --remediate` and `--disable DEVICE:RULE`: the cut that closes every path
 * (verified by re-running the analysis with it applied, and what it costs in conduits closed),
 * and the differential of a what-if change.
 */
export interface WhatIfOptions {
  readonly from?: readonly string[];
  readonly to?: readonly string[];
  readonly k: number;
}

const pathJson = (p: AttackPath): Record<string, unknown> => ({
  from: p.from,
  to: p.to,
  hops: p.hops.map((h) => ({ from: h.from, to: h.to, service: h.service, rules: h.rules })),
});

/** `DEVICE:RULE` (the rule id as `conduit parse --json` prints it, e.g. `fw1:filter/FORWARD#3`). */
export function parseDisable(text: string): RuleEdit {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1)
    throw new CliError(
      `--disable: '${text}' is not DEVICE:RULE (a rule id as 'conduit parse --json' prints it)`,
    );
  return { kind: 'disable', device: text.slice(0, colon), rule: text.slice(colon + 1) };
}

export function whatIf(
  net: Network,
  edits: readonly RuleEdit[],
  opts: WhatIfOptions,
): Record<string, unknown> {
  let after: Network;
  try {
    after = applyEdits(net, edits);
  } catch (e) {
    if (e instanceof EditError) throw new CliError(`--disable: ${e.message}`);
    throw e;
  }
  const sel = {
    ...(opts.from?.length ? { from: opts.from } : {}),
    ...(opts.to?.length ? { to: opts.to } : {}),
    k: opts.k,
  };
  // Paths that only entered or left the k-shortest lists are re-traced and set apart.
  const diff = checkDifference(
    comparePaths(lateralMovement(net, sel), lateralMovement(after, sel)),
    net,
    after,
  );
  const conduits = compareMatrices(zoneMatrix(net), zoneMatrix(after));
  return {
    // In the project file's text form: sets hold bigints, which JSON cannot print.
    edits: edits.map((e) => fromRuleEdit(e)),
    opened: diff.opened.map(pathJson),
    closed: diff.closed.map(pathJson),
    /** Listed now and open before the change too: a shorter path was closed. */
    nowShortest: diff.nowShortest.map(pathJson),
    /** Listed before and still open after: a shorter path was opened. */
    displaced: diff.displaced.map(pathJson),
    targetsNowReachable: diff.targetsNowReachable,
    targetsNowUnreachable: diff.targetsNowUnreachable,
    conduits: conduits.map((c) => ({
      from: c.from,
      to: c.to,
      opened: formatServiceSet(c.opened),
      closed: formatServiceSet(c.closed),
    })),
  };
}

export function remediation(net: Network, opts: WhatIfOptions): Record<string, unknown> {
  const sel = {
    ...(opts.from?.length ? { from: opts.from } : {}),
    ...(opts.to?.length ? { to: opts.to } : {}),
    k: opts.k,
  };
  const cut = remediationCut(net, sel);
  const after = applyEdits(
    net,
    cut.rules.map((r) => ({ kind: 'disable' as const, device: r.device, rule: r.rule })),
  );
  const cost = compareMatrices(zoneMatrix(net), zoneMatrix(after));
  return {
    rules: cut.rules,
    closesAll: cut.closesAll,
    /** True when no smaller set of config lines closes every path (proven). */
    minimum: cut.minimum,
    targetsBefore: cut.before.targets.length,
    targetsAfter: cut.after.targets.length,
    // The price: every conduit service the removals close, including legitimate ones.
    conduitsClosed: cost.map((c) => ({ from: c.from, to: c.to, closed: formatServiceSet(c.closed) })),
  };
}

export function formatRemediation(doc: Record<string, unknown>): string {
  const rules = doc.rules as {
    device: string;
    rule: string;
    source: { file: string; line: number; text: string };
    paths: number;
  }[];
  const out = [
    '',
    `Remediation: remove ${rules.length} rule${rules.length === 1 ? '' : 's'} (${doc.closesAll ? 'verified: no path remains' : 'NOT enough: paths remain'}${doc.minimum ? '; proven the fewest' : doc.closesAll ? '; small, not proven the fewest' : ''}):`,
  ];
  for (const r of rules)
    out.push(
      `  ${r.device} ${r.rule}  ${r.source.file}:${r.source.line}: ${r.source.text.trim()}  (on ${r.paths} path${r.paths === 1 ? '' : 's'})`,
    );
  const cost = doc.conduitsClosed as { from: string; to: string; closed: string }[];
  out.push(cost.length === 0 ? '  cost: no zone conduit closes' : '  cost: these conduits close:');
  for (const c of cost) out.push(`    ${c.from} -> ${c.to}: ${c.closed}`);
  return `${printable(out.join('\n'))}\n`;
}

export function formatWhatIf(doc: Record<string, unknown>): string {
  const out = ['', 'What-if:'];
  const opened = doc.opened as ReturnType<typeof pathJson>[];
  const closed = doc.closed as ReturnType<typeof pathJson>[];
  const rerouted = (doc.nowShortest as unknown[]).length + (doc.displaced as unknown[]).length;
  out.push(
    `  paths closed: ${closed.length}, opened: ${opened.length}` +
      (rerouted > 0 ? `; ${rerouted} open before and after changed rank among the shortest` : ''),
  );
  for (const t of doc.targetsNowUnreachable as string[]) out.push(`  - ${t} is no longer reachable`);
  for (const t of doc.targetsNowReachable as string[]) out.push(`  + ${t} becomes reachable`);
  for (const c of doc.conduits as { from: string; to: string; opened: string; closed: string }[]) {
    if (c.closed !== 'none') out.push(`  - ${c.from} -> ${c.to}: ${c.closed}`);
    if (c.opened !== 'none') out.push(`  + ${c.from} -> ${c.to}: ${c.opened}`);
  }
  return `${printable(out.join('\n'))}\n`;
}
