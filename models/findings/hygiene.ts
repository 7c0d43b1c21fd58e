import type { Device, Match, Rule, RuleList } from '../device';
import type { Diagnostic } from '../diagnostics';
import { ANY_IPV4, addressSubset, formatServiceSet, intervalsSize, type ServiceSet } from '../net';
import type { ZoneMatrix } from '../reach';
import type { Network } from '../topology/network';
import { type Finding, conduitRules, isOt } from './findings';
import { type Box, InterfaceUniverse, boxOf, regionOverlaps, subtractFromRegion } from './space';

/**
 * Rule hygiene, per device and rule list (rules are only compared with rules of the same list,
 * so each comparison shares one binding):
 *
 * - shadowed: every packet the rule matches is decided first by earlier rules together (the
 *   rule's match space minus the union of theirs is empty), and at least one of them decides
 *   otherwise. The finding cites the earlier rules that take a part of it.
 * - redundant: removing the rule changes no verdict: earlier rules of the same action decide
 *   all of it, or later rules of the same action do, with nothing between that could decide
 *   it otherwise (Al-Shaer's redundancy, over unions). The list's default is not counted as a
 *   later rule, so a closing `deny any` before a default deny is not reported.
 * - any-any and broad permits whose traffic reaches OT, rules naming undefined objects, rules
 *   the config switches off (from the importers' `disabled-rule` diagnostics).
 *
 * Only rules whose match and effect are certain are judged, and earlier rules cover only with
 * what they surely match (an application, an FQDN, an ipset never proves a rule dead). A
 * vendor rule converted to several neutral rules (split policies, a rule copied into each
 * zone pair) is reported only when every part of it is.
 */

/** Pairwise work per list, and the most boxes one rule's remainder may split into. */
export interface HygieneLimits {
  readonly maxPairs: number;
  readonly maxBoxes: number;
}
export const HYGIENE_LIMITS: HygieneLimits = { maxPairs: 2_000_000, maxBoxes: 256 };

export function hygieneFindings(
  net: Network,
  matrix: ZoneMatrix,
  diagnostics: readonly Diagnostic[],
  limits: HygieneLimits = HYGIENE_LIMITS,
): Finding[] {
  const out: Finding[] = [];
  for (const d of net.devices) out.push(...deadRules(d, limits), ...anyAny(d));
  out.push(...broadIntoOt(net, matrix));
  // From the importers' diagnostics: names used but never defined, rules switched off in the
  // config (ASA `inactive`, Junos `deactivate` / `inactive:`, PAN-OS and Check Point disabled,
  // FortiOS `set status disable`, pf `<disabled/>`), each once per line.
  const seen = new Set<string>();
  for (const diag of diagnostics) {
    if (diag.stage === 'topology') continue;
    if (diag.code !== 'undefined-reference' && diag.code !== 'disabled-rule') continue;
    const k = `${diag.code}\0${diag.source.file}\0${diag.source.line}\0${diag.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(
      diag.code === 'undefined-reference'
        ? { code: 'undefined-reference', severity: 'low', message: diag.message, rules: [diag.source] }
        : { code: 'disabled-rule', severity: 'info', message: diag.message, rules: [diag.source] },
    );
  }
  return out;
}

/** Permit and deny rules whose match and effect are known exactly. */
const decides = (r: Rule): boolean =>
  (r.action === 'permit' || r.action === 'deny') &&
  r.match.uncertain === undefined &&
  r.uncertainEffect === undefined;

/** Rules after which a packet they match never reaches a later rule of the list. */
const ends = (r: Rule): boolean =>
  (r.action === 'permit' || r.action === 'deny' || r.action === 'goto' || r.action === 'return') &&
  r.match.uncertain === undefined &&
  r.uncertainEffect === undefined;

/** Whether `a` matches every connection state `b` matches. */
function statesCover(a: Match, b: Match): boolean {
  if (b.matchesNew && !a.matchesNew) return false;
  if ((b.matchesUntracked ?? b.matchesNew) && !(a.matchesUntracked ?? a.matchesNew)) return false;
  return !((b.matchesInvalid ?? b.matchesNew) && !(a.matchesInvalid ?? a.matchesNew));
}

const keyOf = (r: Rule): string => `${r.source.file}\0${r.source.line}\0${r.origin.name}`;

type Status =
  | { readonly kind: 'dead'; readonly by: readonly Rule[] }
  | { readonly kind: 'redundant'; readonly by: readonly Rule[] };

interface ListState {
  readonly rules: readonly Rule[];
  readonly over: Box[];
  readonly under: Box[];
  budget: number;
  capped: boolean;
}

function deadRules(d: Device, limits: HygieneLimits): Finding[] {
  const ifs = new InterfaceUniverse(d);
  // Per vendor rule: the status of each of its parts (null: it decides something).
  const parts = new Map<string, { rule: Rule; status: (Status | null)[] }>();
  const cappedLists: string[] = [];
  for (const list of d.lists.values()) {
    const st: ListState = {
      rules: list.rules,
      over: list.rules.map((r) => boxOf(r.match, ifs, 'over')),
      under: list.rules.map((r) => boxOf(r.match, ifs, 'under')),
      budget: limits.maxPairs,
      capped: false,
    };
    const statuses = listStatuses(st, limits.maxBoxes);
    list.rules.forEach((r, j) => {
      const k = keyOf(r);
      let p = parts.get(k);
      if (p === undefined) parts.set(k, (p = { rule: r, status: [] }));
      p.status.push(decides(r) ? statuses[j]! : null);
    });
    if (st.capped) cappedLists.push(list.name);
  }
  const out: Finding[] = [];
  for (const { rule, status } of parts.values()) {
    if (status.some((s) => s === null)) continue;
    const by = new Map<string, Rule>();
    let dead = true;
    for (const s of status) {
      if (s!.kind !== 'dead') dead = false;
      for (const e of s!.by) by.set(keyOf(e), e);
    }
    const cites = [...by.values()].sort((a, b) => a.source.line - b.source.line);
    const conflicting = cites.some((e) => e.action !== rule.action);
    const named = cites.slice(0, 5).map((e) => `${e.origin.name} (line ${e.source.line})`);
    const lines = `${named.join(', ')}${cites.length > 5 ? ` and ${cites.length - 5} more` : ''}`;
    out.push(
      conflicting
        ? {
            code: 'shadowed-rule',
            severity: 'medium',
            message: `${rule.origin.name} (${rule.action}) never decides anything: ${lines} decide every packet it matches first, not all with ${rule.action}`,
            rules: [rule.source, ...cites.map((e) => e.source)],
          }
        : {
            code: 'redundant-rule',
            severity: 'low',
            message: dead
              ? `${rule.origin.name} never decides anything: ${lines} already ${rule.action} every packet it matches`
              : `${rule.origin.name} can be removed without changing any verdict: ${lines} ${rule.action} every packet it matches, with nothing between that decides otherwise`,
            rules: [rule.source, ...cites.map((e) => e.source)],
          },
    );
  }
  if (cappedLists.length > 0)
    out.push({
      code: 'hygiene-capped',
      severity: 'info',
      message: `${d.name}: rule lists ${cappedLists.slice(0, 5).join(', ')}${cappedLists.length > 5 ? ` and ${cappedLists.length - 5} more` : ''} are too large or fragmented to check every rule against every other (${limits.maxPairs.toLocaleString('en-US')} comparisons per list, ${limits.maxBoxes} pieces per rule); shadowed and redundant rules there may be missing`,
      rules: [],
    });
  return out;
}

/** For each rule of a list: dead (decided entirely by earlier rules), redundant by later ones, or null. */
function listStatuses(st: ListState, maxBoxes: number): (Status | null)[] {
  const { rules } = st;
  const statuses: (Status | null)[] = rules.map(() => null);
  const remainders: (Box[] | null)[] = rules.map(() => null);
  for (let j = 0; j < rules.length; j++) {
    const r = rules[j]!;
    if (!decides(r)) continue;
    let region: Box[] | null = [st.over[j]!];
    const by: Rule[] = [];
    const self = keyOf(r);
    for (let i = 0; i < j && region.length > 0; i++) {
      if (--st.budget < 0) {
        st.capped = true;
        region = null;
        break;
      }
      const e = rules[i]!;
      if (!ends(e) || !statesCover(e.match, r.match) || !regionOverlaps(region, st.under[i]!)) continue;
      region = subtractFromRegion(region, st.under[i]!, maxBoxes);
      if (region === null) {
        st.capped = true;
        break;
      }
      // A part of the same vendor rule covers for real but is not a reason to report it.
      if (keyOf(e) !== self) by.push(e);
    }
    if (region === null) continue;
    if (region.length === 0) statuses[j] = { kind: 'dead', by };
    else remainders[j] = region;
  }
  for (let x = 0; x < rules.length; x++) {
    const region = remainders[x];
    if (region === null || region === undefined) continue;
    const by = laterCover(st, x, region, statuses, maxBoxes);
    if (by !== null) statuses[x] = { kind: 'redundant', by };
  }
  return statuses;
}

/**
 * The later rules that decide `region` (what rule x decides) the same way if x is removed, or
 * null when something between could decide part of it otherwise (another action, a jump, an
 * uncertain effect) or the list ends first.
 */
function laterCover(
  st: ListState,
  x: number,
  start: Box[],
  statuses: readonly (Status | null)[],
  maxBoxes: number,
): Rule[] | null {
  const { rules } = st;
  const r = rules[x]!;
  const self = keyOf(r);
  let region: Box[] | null = start;
  const by: Rule[] = [];
  for (let z = x + 1; z < rules.length; z++) {
    if (--st.budget < 0) {
      st.capped = true;
      return null;
    }
    const e = rules[z]!;
    // Parts of the same vendor rule go with it; no-ops do not decide.
    if (keyOf(e) === self || (e.action === 'continue' && e.effect === undefined)) continue;
    if (!regionOverlaps(region, st.over[z]!)) continue;
    const same =
      e.action === r.action &&
      e.uncertainEffect === undefined &&
      (e.action === 'permit' || e.action === 'deny');
    if (!same) return null;
    // A rule of the same action never changes the verdict; it takes over only what it surely
    // matches, and not when it is itself dead (it may be dead because of x).
    if (e.match.uncertain !== undefined || !statesCover(e.match, r.match) || statuses[z]?.kind === 'dead')
      continue;
    if (!regionOverlaps(region, st.under[z]!)) continue;
    region = subtractFromRegion(region, st.under[z]!, maxBoxes);
    if (region === null) {
      st.capped = true;
      return null;
    }
    by.push(e);
    if (region.length === 0) return by;
  }
  return null;
}

const isAnyService = (s: ServiceSet): boolean => s.size >= 256;

function anyAny(d: Device): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const list of d.lists.values())
    for (const r of list.rules) {
      if (
        r.action === 'permit' &&
        isAnyService(r.match.service) &&
        addressSubset(ANY_IPV4, r.match.src) &&
        addressSubset(ANY_IPV4, r.match.dst) &&
        !r.match.inInterface &&
        !r.match.outInterface &&
        r.match.matchesNew &&
        !seen.has(keyOf(r))
      ) {
        seen.add(keyOf(r));
        out.push({
          code: 'any-any-rule',
          severity: 'medium',
          message: `${r.origin.name} permits any service from anywhere to anywhere`,
          rules: [r.source],
        });
      }
    }
  return out;
}

/** The widest prefix length of a rule's IPv4 destination (0 for any). */
function widestDst(r: Rule): number {
  const v4 = r.match.dst.v4;
  if (v4.length === 0) return 32;
  return 32 - Math.floor(Math.log2(Math.max(1, intervalsSize(v4))));
}

/** The lists transit traffic meets: bound to transit, or reached from one by a jump or goto. */
function transitLists(d: Device): RuleList[] {
  const seen = new Set<string>();
  const queue = d.bindings.filter((b) => b.attachment === 'transit').map((b) => b.list);
  const out: RuleList[] = [];
  while (queue.length > 0) {
    const name = queue.pop()!;
    const list = d.lists.get(name);
    if (seen.has(name) || list === undefined) continue;
    seen.add(name);
    out.push(list);
    for (const r of list.rules) if (r.target !== undefined) queue.push(r.target);
  }
  return out;
}

/**
 * Permits wider than a /24 or for any service whose traffic the zone matrix sees reach an OT
 * zone. Only rules of lists that transit traffic meets: a rule for traffic to the firewall
 * itself is not a conduit into OT, even when it shares a line with one.
 */
function broadIntoOt(net: Network, matrix: ZoneMatrix): Finding[] {
  const out: Finding[] = [];
  const ot = new Set(net.zones.filter(isOt).map((z) => z.name));
  const rules = new Map<string, Rule[]>();
  for (const d of net.devices)
    for (const l of transitLists(d))
      for (const r of l.rules) {
        if (r.action !== 'permit') continue;
        const k = `${r.source.file}:${r.source.line}`;
        rules.set(k, [...(rules.get(k) ?? []), r]);
      }
  const flagged = new Set<string>();
  for (const c of matrix.conduits) {
    if (!ot.has(c.to) || c.flat) continue;
    for (const ref of conduitRules(c, 1000)) {
      const k = `${ref.file}:${ref.line}`;
      if (flagged.has(k)) continue;
      const r = (rules.get(k) ?? []).find((x) => widestDst(x) < 24 || isAnyService(x.match.service));
      if (r === undefined) continue;
      const wide = widestDst(r) < 24;
      const anySvc = isAnyService(r.match.service);
      flagged.add(k);
      out.push({
        code: 'broad-rule-into-ot',
        severity: 'high',
        message: `${r.origin.name} permits ${anySvc ? 'any service' : formatServiceSet(r.match.service)} to ${wide ? 'a destination wider than a /24' : 'its destination'}, and that traffic reaches OT zone ${c.to}`,
        rules: [r.source],
        zones: [c.from, c.to],
      });
    }
  }
  return out;
}
