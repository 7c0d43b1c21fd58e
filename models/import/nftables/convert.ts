import { DiagnosticSink } from '../../diagnostics';
import type {
  Attachment,
  Binding,
  Device,
  Interface,
  Match,
  NatKind,
  NatRule,
  Rule,
  RuleAction,
  RuleList,
} from '../../device';
import { parseAddress } from '../../net';
import { type MatchContext, type Part, andParts, anyPart, convertMatch, famPart, protoPart } from './match';
import type { NftChain, NftExpr, NftObject, NftRule, NftRuleset } from './model';
import { chainKey } from './model';
import { isObject } from './rule-syntax';

/** The families whose tables filter IP traffic; arp, bridge and netdev are not modelled. */
const IP_FAMILIES = new Set(['ip', 'ip6', 'inet']);

/** Which attachments a hook sees, and in what order the hooks run on each path. */
const HOOK_ORDER: Readonly<Record<Attachment, Readonly<Record<string, number>>>> = {
  transit: { ingress: 0, prerouting: 1, forward: 2, postrouting: 3 },
  'to-device': { ingress: 0, prerouting: 1, input: 2 },
  'from-device': { output: 0, postrouting: 1 },
};
const MAIN_HOOK: Readonly<Record<Attachment, string>> = {
  transit: 'forward',
  'to-device': 'input',
  'from-device': 'output',
};
/** More alternatives than this (vmaps times concatenated sets) are not expanded. */
const MAX_ALTERNATIVES = 1024;
const MAX_NAT_DEPTH = 16;

export const listName = (family: string, table: string, chain: string): string =>
  `${family}/${table}/${chain}`;

interface Verdict {
  readonly action: RuleAction;
  readonly target?: string;
  readonly detail?: string;
  readonly uncertainEffect?: string;
}

interface NatStatement {
  readonly kind: NatKind;
  readonly value: NftExpr | undefined;
}

interface Reading {
  readonly alts: ReadonlyArray<{ readonly part: Part; readonly verdict: Verdict | null }>;
  readonly effect?: 'untrack';
  readonly nat?: NatStatement;
  readonly label?: string;
  /** Problems that are not about what the rule matches (unknown statements, undefined chains). */
  readonly problems: ReadonlyArray<{
    code: 'unsupported-construct' | 'undefined-reference' | 'unrecognized-line' | 'uncertain-match';
    message: string;
  }>;
}

const VERDICT_KEYS = new Set(['accept', 'drop', 'reject', 'jump', 'goto', 'return', 'continue', 'queue']);
/** Statements that do not change a verdict (see support.md). */
const PASSIVE = new Set([
  'counter',
  'log',
  'mangle',
  'flow',
  'set',
  'map',
  'ct helper',
  'ct timeout',
  'ct expectation',
  'quota',
  'meter',
  'dup',
  'fwd',
  'secmark',
]);

function verdictOf(
  key: string,
  v: NftExpr | undefined,
  chain: NftChain,
  ruleset: NftRuleset,
): Verdict | { undefinedChain: string } {
  switch (key) {
    case 'accept':
      return { action: 'permit' };
    case 'drop':
      return { action: 'deny' };
    case 'reject': {
      const type = isObject(v)
        ? [v.type, v.expr]
            .filter((x) => x !== undefined)
            .map(String)
            .join(' ')
        : '';
      return { action: 'deny', detail: type === '' ? 'reject' : `reject with ${type}` };
    }
    case 'return':
      return { action: 'return' };
    case 'continue':
      return { action: 'continue' };
    case 'queue':
      return {
        action: 'permit',
        detail: 'queue',
        uncertainEffect: 'queue hands the packet to a userspace program whose verdict is unknown',
      };
    case 'jump':
    case 'goto': {
      const target = isObject(v) ? String(v.target ?? '') : '';
      if (!ruleset.chains.has(chainKey(chain.family, chain.table, target))) return { undefinedChain: target };
      return { action: key, target: listName(chain.family, chain.table, target) };
    }
  }
  return { action: 'continue' };
}

function readRule(rule: NftRule, chain: NftChain, ruleset: NftRuleset, ctx: MatchContext): Reading {
  let alts: Array<{ part: Part; verdict: Verdict | null }> = [{ part: anyPart(chain.family), verdict: null }];
  const problems: Array<Reading['problems'][number]> = [];
  let effect: 'untrack' | undefined;
  let nat: NatStatement | undefined;
  let label = rule.comment;
  const cross = (parts: readonly Part[]): void => {
    if (parts.length === 1) {
      alts = alts.map((a) => ({ ...a, part: andParts(a.part, parts[0]!) }));
      return;
    }
    const next: typeof alts = [];
    for (const a of alts) for (const p of parts) next.push({ ...a, part: andParts(a.part, p) });
    if (next.length > MAX_ALTERNATIVES) {
      alts = alts.map((a) => ({
        ...a,
        part: {
          ...a.part,
          uncertain: [...a.part.uncertain, `more than ${MAX_ALTERNATIVES} set elements to combine`],
        },
      }));
    } else alts = next;
  };
  const allUnsure = (why: string): void => {
    alts = alts.map((a) => ({ ...a, part: { ...a.part, uncertain: [...a.part.uncertain, why] } }));
  };
  const setVerdict = (v: Verdict): void => {
    alts = alts.map((a) => ({ ...a, verdict: a.verdict ?? v }));
  };
  loop: for (const st of rule.statements) {
    const [key] = Object.keys(st);
    if (key === undefined) continue;
    const value = st[key];
    if (key === 'match' && isObject(value)) {
      cross(convertMatch(value, ctx));
      continue;
    }
    if (key === 'vmap' && isObject(value)) {
      const data = value.data;
      let entries: NftExpr[] = [];
      if (typeof data === 'string' && data.startsWith('@')) {
        const map = ctx.set(data.slice(1));
        if (map === undefined) {
          problems.push({
            code: 'undefined-reference',
            message: `verdict map ${data} is not defined in this table; the vmap is ignored`,
          });
          allUnsure(`verdict map ${data} is not defined`);
          break;
        }
        if (map.dynamic) allUnsure(`verdict map ${data} is updated at run time`);
        entries = map.elements;
      } else if (isObject(data) && Array.isArray(data.set)) entries = data.set as NftExpr[];
      const next: typeof alts = [];
      for (const entry of entries) {
        if (!Array.isArray(entry) || entry.length !== 2 || !isObject(entry[1])) continue;
        const [k, vd] = entry as [NftExpr, NftObject];
        const [vk] = Object.keys(vd);
        const verdict = verdictOf(vk ?? '', vd[vk ?? ''], chain, ruleset);
        if ('undefinedChain' in verdict) {
          problems.push({
            code: 'undefined-reference',
            message: `chain '${verdict.undefinedChain}' is not defined in table ${chain.family} ${chain.table}; the vmap entry is ignored`,
          });
          continue;
        }
        const parts = convertMatch({ op: '==', left: value.key, right: k }, ctx);
        for (const a of alts)
          for (const p of parts) next.push({ part: andParts(a.part, p), verdict: a.verdict ?? verdict });
      }
      alts = next;
      break;
    }
    if (key === 'reject' && isObject(value)) {
      // nft adds the dependency a reject type needs: tcp for a reset, the family for icmp/icmpv6.
      const type = String(value.type ?? '');
      if (type === 'tcp reset') cross([protoPart([6])]);
      else if (type === 'icmp') cross([famPart(4)]);
      else if (type === 'icmpv6') cross([famPart(6)]);
    }
    if (VERDICT_KEYS.has(key)) {
      const v = verdictOf(key, value, chain, ruleset);
      if ('undefinedChain' in v) {
        problems.push({
          code: 'undefined-reference',
          message: `chain '${v.undefinedChain}' is not defined in table ${chain.family} ${chain.table} (nft would reject the rule); the ${key} is ignored`,
        });
        setVerdict({
          action: 'continue',
          uncertainEffect: `${key} to the undefined chain '${v.undefinedChain}'`,
        });
      } else {
        if (v.uncertainEffect !== undefined)
          problems.push({ code: 'uncertain-match', message: `${v.uncertainEffect}; taken as accept` });
        setVerdict(v);
      }
      break loop;
    }
    switch (key) {
      case 'comment':
        if (typeof value === 'string') label = value;
        break;
      case 'limit':
        allUnsure(isObject(value) && value.inv === true ? 'a rate limit (over)' : 'a rate limit');
        break;
      case 'notrack':
        effect = 'untrack';
        break;
      case 'dnat':
      case 'snat':
      case 'masquerade':
      case 'redirect': {
        nat = { kind: key, value };
        // `dnat ip to …` (or an address of one family) translates only packets of that family.
        const fam = isObject(value) ? value.family : undefined;
        const addr =
          isObject(value) && typeof value.addr === 'string'
            ? value.addr.replace(/^\[|\](:\d+)?$|:\d+$/g, '')
            : '';
        const parsed = addr === '' ? null : parseAddress(addr);
        if (fam === 'ip' || (parsed?.ok === true && parsed.value.family === 4 && fam === undefined))
          cross([famPart(4)]);
        else if (fam === 'ip6' || (parsed?.ok === true && parsed.value.family === 6 && fam === undefined))
          cross([famPart(6)]);
        break;
      }
      case 'unparsed':
        problems.push({
          code: 'unrecognized-line',
          message: `'${String(value)}' is not nft syntax the importer reads; the rule is taken as not deciding`,
        });
        setVerdict({
          action: 'continue',
          uncertainEffect: `part of the rule was not read ('${String(value).slice(0, 60)}')`,
        });
        break loop;
      default:
        if (PASSIVE.has(key)) break;
        problems.push({
          code: 'unsupported-construct',
          message: `statement '${key}' is not modelled; taken as not deciding`,
        });
        allUnsure(`statement '${key}' is not modelled`);
    }
  }
  return {
    alts,
    ...(effect ? { effect } : {}),
    ...(nat ? { nat } : {}),
    ...(label !== undefined ? { label } : {}),
    problems,
  };
}

/** Connection tracking's priority on prerouting and output (NF_IP_PRI_CONNTRACK). */
const CONNTRACK_PRIORITY = -200;

/**
 * `preConntrack`: the rule runs before connection tracking has looked at the packet (a chain
 * at priority below -200 on prerouting or output), where `ct state` sees INVALID, or UNTRACKED
 * after notrack.
 */
function toMatch(p: Part, preConntrack = false): Match {
  let s = p.states;
  if (preConntrack && s !== undefined) {
    const seen: Array<'new' | 'invalid' | 'untracked'> = [
      ...(s.has('invalid') ? (['new', 'invalid'] as const) : []),
      ...(s.has('untracked') ? (['untracked'] as const) : []),
    ];
    s = new Set(seen);
  }
  return {
    src: p.src,
    dst: p.dst,
    service: p.service,
    matchesNew: s === undefined || s.has('new'),
    matchesUntracked: s === undefined || s.has('untracked') === s.has('new') ? undefined : s.has('untracked'),
    matchesInvalid: s === undefined || s.has('invalid') === s.has('new') ? undefined : s.has('invalid'),
    inInterface: p.inIf,
    outInterface: p.outIf,
    uncertain: p.uncertain.length > 0 ? [...new Set(p.uncertain)].join('; ') : undefined,
  };
}

/** Chains reachable from `roots` by jump, goto and verdict maps. */
function reachable(ruleset: NftRuleset, roots: readonly NftChain[]): Set<string> {
  const seen = new Set<string>();
  const stack = roots.map((c) => chainKey(c.family, c.table, c.name));
  while (stack.length > 0) {
    const key = stack.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const chain = ruleset.chains.get(key);
    if (chain === undefined) continue;
    for (const r of chain.rules) {
      const json = JSON.stringify(r.statements);
      for (const m of json.matchAll(/"(?:jump|goto)":\{"target":"((?:[^"\\]|\\.)*)"\}/g)) {
        stack.push(chainKey(chain.family, chain.table, JSON.parse(`"${m[1]!}"`) as string));
      }
    }
  }
  return seen;
}

function natOf(n: NatStatement): { to: string; rewrite?: { address?: string; port?: number } } {
  const v = n.value;
  if (n.kind === 'masquerade') return { to: 'masquerade' };
  const portOf = (x: NftExpr | undefined): number | undefined => {
    const s = typeof x === 'number' ? String(x) : typeof x === 'string' ? x : '';
    return /^\d{1,5}$/.test(s) && Number(s) <= 65535 ? Number(s) : undefined;
  };
  if (n.kind === 'redirect') {
    const port = isObject(v) ? portOf(v.port) : undefined;
    return { to: port === undefined ? 'redirect (to the device)' : `redirect to :${port}` };
  }
  const addr = isObject(v) ? v.addr : undefined;
  let port = isObject(v) ? portOf(v.port) : undefined;
  if (typeof addr !== 'string') return { to: `${n.kind} to ${JSON.stringify(addr ?? null)}` };
  let host = addr;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(addr);
  const v4port = /^([\d.]+):(\d+)$/.exec(addr);
  if (bracket) {
    host = bracket[1]!;
    port = portOf(bracket[2]) ?? port;
  } else if (v4port) {
    host = v4port[1]!;
    port = portOf(v4port[2]) ?? port;
  }
  const to = `${addr}${isObject(v) && v.port !== undefined ? `:${String(v.port)}` : ''}`;
  const exact = parseAddress(host).ok;
  return exact ? { to, rewrite: { address: host, ...(port !== undefined ? { port } : {}) } } : { to };
}

/** The vendor model -> the neutral Device. */
export function convertNftables(
  ruleset: NftRuleset,
  deviceName: string,
): { device: Device; diagnostics: DiagnosticSink } {
  const sink = new DiagnosticSink('convert');
  const lists = new Map<string, RuleList>();
  const nat: NatRule[] = [];
  const interfaces = new Set<string>();
  let uncertainRules = 0;

  for (const t of ruleset.tables) {
    if (!IP_FAMILIES.has(t.family))
      sink.warning(
        'unsupported-construct',
        `table family ${t.family} is not modelled; its chains are not evaluated`,
        t.source,
      );
  }
  const chains = [...ruleset.chains.values()].filter((c) => IP_FAMILIES.has(c.family));
  const bases = chains.filter((c) => c.hook !== undefined);
  const natBases = bases.filter((c) => c.type === 'nat');
  const filterBases = bases.filter((c) => c.type !== 'nat');
  const fromFilter = reachable(ruleset, filterBases);
  const fromNat = reachable(ruleset, natBases);
  const early = (c: NftChain): boolean =>
    (c.hook === 'prerouting' || c.hook === 'output' || c.hook === 'ingress') &&
    (c.priority ?? 0) < CONNTRACK_PRIORITY;
  const beforeCt = reachable(ruleset, filterBases.filter(early));
  const afterCt = reachable(
    ruleset,
    filterBases.filter((c) => !early(c)),
  );
  const ctxOf = (c: NftChain): MatchContext => ({
    family: c.family,
    set: (name) => ruleset.sets.get(chainKey(c.family, c.table, name)),
  });

  for (const c of filterBases) {
    if (c.type !== 'filter' && c.type !== 'route')
      sink.warning(
        'unsupported-construct',
        `chain type '${c.type ?? ''}' is not known; the chain is read as a filter chain`,
        c.hookSource ?? c.source,
      );
  }

  for (const chain of chains) {
    const key = chainKey(chain.family, chain.table, chain.name);
    if (chain.type === 'nat' || (fromNat.has(key) && !fromFilter.has(key))) continue;
    const name = listName(chain.family, chain.table, chain.name);
    const ctx = ctxOf(chain);
    const rules: Rule[] = [];
    chain.rules.forEach((r, index) => {
      const reading = readRule(r, chain, ruleset, ctx);
      for (const p of reading.problems) sink.warning(p.code, p.message, r.source);
      if (reading.nat !== undefined && fromFilter.has(key))
        sink.warning(
          'invalid-value',
          `${reading.nat.kind} is valid only in a chain of type nat (nft would reject the rule); ignored`,
          r.source,
        );
      else if (reading.nat !== undefined)
        sink.info(
          'unused-object',
          `chain ${chain.name} is not reached from any nat base chain, so this ${reading.nat.kind} never applies`,
          r.source,
        );
      const deciding =
        reading.alts.some((a) => a.verdict !== null && a.verdict.action !== 'continue') ||
        reading.effect !== undefined;
      const reasons = new Set(reading.alts.flatMap((a) => a.part.uncertain));
      for (const why of reasons) {
        if (deciding)
          sink.warning('uncertain-match', `${why}; verdicts this rule decides are uncertain`, r.source);
        else
          sink.info(
            'uncertain-match',
            `${why}; the rule only counts or logs, so no verdict depends on it`,
            r.source,
          );
      }
      if (reasons.size > 0 && deciding) uncertainRules++;
      reading.alts.forEach((alt, k) => {
        const v: Verdict = alt.verdict ?? { action: 'continue' };
        const match = toMatch(alt.part, beforeCt.has(key) && !afterCt.has(key));
        for (const m of [match.inInterface, match.outInterface])
          if (m) for (const n of m.names) if (!n.endsWith('+')) interfaces.add(n);
        if (v.uncertainEffect !== undefined) uncertainRules++;
        rules.push({
          id: `${name}#${rules.length + 1}`,
          action: v.action,
          ...(v.target !== undefined ? { target: v.target } : {}),
          match,
          source: r.source,
          origin: {
            vendor: 'nftables',
            file: ruleset.file,
            line: r.source.line,
            name: `${chain.name} #${index + 1}${reading.alts.length > 1 ? `.${k + 1}` : ''}`,
          },
          ...(reading.label !== undefined ? { label: reading.label } : {}),
          ...(v.detail !== undefined ? { detail: v.detail } : {}),
          ...(v.uncertainEffect !== undefined ? { uncertainEffect: v.uncertainEffect } : {}),
          ...(reading.effect !== undefined && v.action === 'continue' ? { effect: reading.effect } : {}),
        });
      });
    });
    const base = chain.hook !== undefined;
    lists.set(name, {
      name,
      rules,
      fallThrough: base
        ? {
            kind: 'default',
            action: chain.policy === 'drop' ? 'deny' : 'permit',
            source: chain.hookSource ?? chain.source,
          }
        : { kind: 'return' },
      source: chain.source,
    });
  }

  // NAT: every rule with a nat statement reached from a nat base chain, under the conditions of
  // the jumps that lead to it.
  const reported = new Set<NftRule>();
  const walk = (chain: NftChain, carried: readonly Part[], depth: number, path: readonly string[]): void => {
    const key = chainKey(chain.family, chain.table, chain.name);
    if (depth > MAX_NAT_DEPTH || path.includes(key)) return;
    const ctx = ctxOf(chain);
    const name = listName(chain.family, chain.table, chain.name);
    const quiet = fromFilter.has(key);
    chain.rules.forEach((r) => {
      const reading = readRule(r, chain, ruleset, ctx);
      if (!quiet && !reported.has(r)) {
        reported.add(r);
        for (const p of reading.problems) sink.warning(p.code, p.message, r.source);
        for (const why of new Set(reading.alts.flatMap((a) => a.part.uncertain)))
          sink.info(
            'uncertain-match',
            `${why}; the NAT rule is recorded without an exact translation`,
            r.source,
          );
      }
      const alts = reading.alts.flatMap((a) => carried.map((c) => ({ ...a, part: andParts(c, a.part) })));
      if (reading.nat !== undefined) {
        const { to, rewrite } = natOf(reading.nat);
        const kind = reading.nat.kind;
        for (const a of alts) {
          nat.push({
            id: `${name}#${nat.length + 1}`,
            kind,
            translates: kind === 'dnat' || kind === 'redirect' ? 'destination' : 'source',
            match: toMatch(a.part),
            to,
            ...(rewrite !== undefined && a.part.uncertain.length === 0 ? { rewrite } : {}),
            list: name,
            source: r.source,
          });
        }
      }
      for (const a of alts) {
        if (a.verdict?.target === undefined) continue;
        const target = [...ruleset.chains.values()].find(
          (c) => listName(c.family, c.table, c.name) === a.verdict!.target,
        );
        if (target) walk(target, [a.part], depth + 1, [...path, key]);
      }
    });
  };
  for (const c of natBases) walk(c, [anyPart(c.family)], 0, []);

  // Base chains, per attachment, in hook order and then priority order (lower first).
  const bindings: Binding[] = [];
  const order = new Map(chains.map((c, i) => [c, i] as const));
  for (const attachment of Object.keys(HOOK_ORDER) as Attachment[]) {
    const hooks = HOOK_ORDER[attachment];
    const on = filterBases
      .filter((c) => hooks[c.hook!] !== undefined && lists.has(listName(c.family, c.table, c.name)))
      .sort(
        (a, b) =>
          hooks[a.hook!]! - hooks[b.hook!]! ||
          (a.priority ?? 0) - (b.priority ?? 0) ||
          order.get(a)! - order.get(b)!,
      );
    for (const c of on) {
      const base: Binding = {
        attachment,
        list: listName(c.family, c.table, c.name),
        ...(c.family === 'ip' ? { family: 4 as const } : c.family === 'ip6' ? { family: 6 as const } : {}),
        ...(c.hook === MAIN_HOOK[attachment] ? { primary: true } : {}),
      };
      // An ingress chain sees only what enters its devices.
      if (c.hook === 'ingress' && c.devices !== undefined && c.devices.length > 0)
        for (const d of c.devices) bindings.push({ ...base, inInterface: d });
      else bindings.push(base);
    }
  }
  for (const c of filterBases) {
    if (!['ingress', 'prerouting', 'input', 'forward', 'output', 'postrouting'].includes(c.hook!))
      sink.warning(
        'unsupported-construct',
        `hook '${c.hook!}' is not modelled; chain ${c.name} is not evaluated`,
        c.hookSource ?? c.source,
      );
  }

  const ifaces: Interface[] = [...interfaces]
    .sort()
    .map((n) => ({ name: n, addresses: [], source: null, ...(n === 'lo' ? { loopback: true } : {}) }));
  const device: Device = {
    name: deviceName,
    vendor: 'nftables',
    file: ruleset.file,
    interfaces: ifaces,
    zones: [],
    lists,
    bindings,
    routes: [],
    nat,
    support: {
      filtering: uncertainRules > 0 ? 'partial' : 'full',
      nat: nat.length > 0 ? 'recorded' : 'none',
      routes: 'absent',
      notes: [
        'Interfaces are known only by the names rules use; pair the file with `ip -j addr` output for addresses.',
        ...(nat.length > 0
          ? [
              'NAT rules are recorded, not yet applied to verdicts; a flow they translate is marked uncertain.',
            ]
          : []),
        ...(uncertainRules > 0
          ? [`${uncertainRules} rule(s) use matches that cannot be decided offline.`]
          : []),
      ],
    },
  };
  return { device, diagnostics: sink };
}
