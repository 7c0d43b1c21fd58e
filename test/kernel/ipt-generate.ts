/**
 * Seeded generator of small iptables rulesets with overlapping address and port ranges, for the
 * kernel differential test: a filter FORWARD chain with user chains (jumps, gotos, RETURNs),
 * sometimes raw/mangle rules and locked-down INPUT/OUTPUT, written in varied dialects.
 */
import {
  ICMP,
  TCP,
  UDP,
  intToIp,
  ipToInt,
  parseCidr,
  prefixRange,
  type Match,
  type Rule,
  type RuleDialect,
  type Ruleset,
  type Table,
  type Target,
  negatedFullRange,
} from './ipt-model';
import {
  CHAIN_NAMES,
  COMMENTS,
  COMMON_PORTS,
  ICMP_TYPES,
  IFACE_NAMES,
  SERVICES,
  TCP_FLAGS,
  type Rng,
} from './ipt-vocab';

/** A few overlapping "sites" per ruleset; every address match is carved out of one of them. */
function makeSites(rng: Rng): Array<[number, number]> {
  const sites: Array<[number, number]> = [];
  const base = [
    '10.0.0.0/8',
    '172.16.0.0/12',
    '192.168.0.0/16',
    '198.51.100.0/24',
    '203.0.113.0/24',
    '8.8.8.0/24',
  ];
  for (let i = 0; i < 6; i++) {
    const [net, len] = parseCidr(rng.pick(base));
    const [lo, hi] = prefixRange(net, len);
    const sub = Math.min(32, len + rng.int(0, 12));
    sites.push([prefixRange(rng.int(lo, hi), sub)[0], sub]);
  }
  return sites;
}

function genNet(rng: Rng, sites: Array<[number, number]>): [number, number] {
  const [net, len] = rng.pick(sites);
  const [lo, hi] = prefixRange(net, len);
  const sub = rng.bool(0.15) ? Math.max(4, len - rng.int(1, 6)) : Math.min(32, len + rng.int(0, 10));
  return [prefixRange(rng.int(lo, hi), sub)[0], sub];
}

function writeNet(rng: Rng, [net, len]: [number, number]): string {
  const r = rng.next();
  if (len === 32 && r < 0.5) return intToIp(net);
  if (r < 0.15 && len < 32) return `${intToIp(net + rng.int(1, 2 ** (32 - len) - 1))}/${len}`; // host bits set
  if (r < 0.25) return `${intToIp(net)}/${intToIp(2 ** 32 - 2 ** (32 - len))}`; // dotted mask
  return `${intToIp(net)}/${len}`;
}

function genPortRange(rng: Rng, proto: number): { lo: number; hi: number; text: string } {
  const named = SERVICES[proto];
  if (named && rng.bool(0.12)) {
    const [name, port] = rng.pick(named);
    return { lo: port, hi: port, text: name };
  }
  const a = rng.bool(0.6) ? rng.pick(COMMON_PORTS) : rng.int(1, 65535);
  const r = rng.next();
  if (r < 0.45) return { lo: a, hi: a, text: `${a}` };
  if (r < 0.55) return { lo: 0, hi: a, text: `:${a}` };
  if (r < 0.65) return { lo: a, hi: 65535, text: `${a}:` };
  const b = Math.min(65535, a + rng.pick([1, 9, 100, 1000, rng.int(1, 30000)]));
  return { lo: a, hi: b, text: a === b ? `${a}` : `${a}:${b}` }; // multiport rejects a:a
}

/** `table`/`chain`: where the rule goes (no -o before routing, no -i after it...). */
function genMatches(
  rng: Rng,
  rs: Ruleset,
  sites: Array<[number, number]>,
  chain = 'FORWARD',
  table: Table = 'filter',
): Match[] {
  const ms: Match[] = [];
  for (const dir of ['s', 'd'] as const) {
    if (!rng.bool(dir === 's' ? 0.35 : 0.4)) continue;
    const nets = rng.bool(0.08) ? [genNet(rng, sites), genNet(rng, sites)] : [genNet(rng, sites)];
    ms.push({
      kind: 'addr',
      dir,
      neg: rng.bool(0.15),
      nets,
      text: nets.map((n) => writeNet(rng, n)).join(','),
    });
  }
  // iptables: "! not allowed with multiple source or destination IP addresses"
  const addrs = ms.filter((m) => m.kind === 'addr');
  if (addrs.some((m) => m.nets.length > 1)) for (const m of addrs) m.neg = false;
  const ifaceOk = {
    i: !['POSTROUTING', 'OUTPUT'].includes(chain),
    o: !['PREROUTING', 'INPUT'].includes(chain),
  };
  for (const dir of ['i', 'o'] as const) {
    if (ifaceOk[dir] && rng.bool(dir === 'i' ? 0.3 : 0.25))
      ms.push({ kind: 'iface', dir, neg: rng.bool(0.2), name: rng.pick(IFACE_NAMES[dir]) });
  }
  if (rng.bool(0.65)) {
    const num = rng.pick([TCP, TCP, TCP, UDP, UDP, ICMP, ICMP, 50, 47, 51, 253, 0]);
    const canBeNeg = num !== 0;
    const names: Record<number, string> = { 6: 'tcp', 17: 'udp', 1: 'icmp', 50: 'esp', 47: 'gre', 51: 'ah' };
    const text = num === 0 ? 'all' : rng.bool(0.3) ? String(num) : (names[num] ?? String(num));
    const neg = canBeNeg && rng.bool(0.12);
    ms.push({ kind: 'proto', neg, num, text });
    if (!neg && (num === TCP || num === UDP)) {
      for (const dir of ['dport', 'sport'] as const) {
        if (rng.bool(dir === 'dport' ? 0.5 : 0.15))
          ms.push({ kind: 'port', dir, neg: rng.bool(0.15), ...genPortRange(rng, num) });
      }
      if (num === TCP && rng.bool(0.2)) {
        const [text, mask, comp] = rng.pick(TCP_FLAGS);
        ms.push({ kind: 'tcpflags', neg: rng.bool(0.2), mask, comp, text });
      }
      if (rng.bool(0.2)) {
        const ranges: Array<[number, number]> = [];
        const texts: string[] = [];
        for (let n = rng.int(1, 5); n > 0; n--) {
          const r = genPortRange(rng, num);
          const open = r.text.startsWith(':') || r.text.endsWith(':');
          ranges.push(open ? [r.lo, r.lo] : [r.lo, r.hi]);
          texts.push(open ? String(r.lo) : r.text);
        }
        const dir = rng.pick(['dports', 'sports', 'ports'] as const);
        ms.push({ kind: 'multiport', dir, neg: rng.bool(0.15), ranges, text: texts.join(',') });
      }
    }
    if (!neg && num === ICMP && rng.bool(0.6)) {
      const [text, type, codeLo, codeHi] = rng.pick(ICMP_TYPES);
      ms.push({ kind: 'icmp', neg: type !== 255 && rng.bool(0.15), type, codeLo, codeHi, text });
    }
  }
  if (rng.bool(0.1)) {
    const [a, b] = [genNet(rng, sites), genNet(rng, sites)].map(
      ([n, l]) => prefixRange(n, l)[0] + rng.int(0, 2 ** (32 - l) - 1),
    );
    const [lo, hi] = [Math.min(a ?? 0, b ?? 0), Math.max(a ?? 0, b ?? 0)];
    ms.push({ kind: 'iprange', dir: rng.bool() ? 'src' : 'dst', neg: rng.bool(0.2), lo, hi });
  }
  if (rs.stateful && table !== 'raw' && rng.bool(0.3)) {
    const states = rng.pick([
      ['NEW'],
      ['ESTABLISHED', 'RELATED'],
      ['RELATED', 'ESTABLISHED'],
      ['NEW', 'ESTABLISHED'],
      ['INVALID'],
      ['UNTRACKED'],
      ['NEW', 'UNTRACKED'],
    ]);
    ms.push({ kind: 'state', module: rng.bool(0.7) ? 'conntrack' : 'state', neg: rng.bool(0.15), states });
  }
  if (rng.bool(0.12)) ms.push({ kind: 'comment', text: rng.pick(COMMENTS) });
  return ms;
}

function genTarget(rng: Rng, rule: Rule, callable: string[], inBase: boolean): Target {
  const r = rng.next();
  const isTcp = rule.matches.some((m) => m.kind === 'proto' && !m.neg && m.num === TCP);
  if (callable.length && r < (inBase ? 0.3 : 0.2))
    return { kind: rng.bool(0.75) ? 'jump' : 'goto', chain: rng.pick(callable) };
  if (r < 0.45) return { kind: 'ACCEPT' };
  if (r < 0.6) return { kind: 'DROP' };
  if (r < 0.68) {
    const opts = rng.pick(['', '--reject-with icmp-port-unreachable', '--reject-with icmp-admin-prohibited']);
    return { kind: 'REJECT', opts: isTcp && rng.bool(0.4) ? '--reject-with tcp-reset' : opts };
  }
  if (r < (inBase ? 0.72 : 0.82)) return { kind: 'RETURN' };
  const kind = rng.pick(['LOG', 'NFLOG', 'MARK', 'CONNMARK', 'none'] as const);
  if (kind === 'none') return { kind };
  const opts = {
    LOG: rng.pick(['', '--log-prefix "FWD: " --log-level 4', '--log-prefix x']),
    NFLOG: rng.pick(['--nflog-group 5', '--nflog-prefix "ot drop"']),
    MARK: rng.pick(['--set-mark 0x5', '--set-xmark 0x1/0xff']),
    CONNMARK: '--set-mark 7',
  }[kind];
  return { kind, opts };
}

export function generateRuleset(rng: Rng): Ruleset {
  const names = [...CHAIN_NAMES].sort(() => rng.next() - 0.5).slice(0, rng.int(1, 4));
  const rs: Ruleset = {
    policy: rng.bool() ? 'ACCEPT' : 'DROP',
    userChains: names,
    rules: [],
    stateful: rng.bool(0.5),
    style: rng.bool(0.5) ? 'canonical' : 'terse',
  };
  const sites = makeSites(rng);
  const budget = rng.int(10, 37);
  const counts = ['FORWARD', ...names].map(
    (c, i) => [c, i === 0 ? Math.ceil(budget * 0.45) : 0] as [string, number],
  );
  for (let left = budget - (counts[0]?.[1] ?? 0); left > 0; left--) {
    const slot = counts[rng.int(1, counts.length - 1)];
    if (slot) slot[1]++;
  }
  counts.forEach(([chain, n], ci) => {
    const callable = ci === 0 ? names : names.slice(ci); // a user chain only calls later ones: no loops
    for (let k = 0; k < n; k++) {
      const rule: Rule = { chain, matches: genMatches(rng, rs, sites), target: { kind: 'none' } };
      rule.target = genTarget(rng, rule, callable, ci === 0);
      rs.rules.push(rule);
    }
  });
  // every user chain is entered from somewhere earlier
  names.forEach((name, ci) => {
    if (
      rs.rules.some((r) => (r.target.kind === 'jump' || r.target.kind === 'goto') && r.target.chain === name)
    )
      return;
    const caller = ci > 0 && rng.bool(0.5) ? rng.pick(names.slice(0, ci)) : 'FORWARD';
    const at = rs.rules.findIndex((r) => r.chain === caller);
    const rule: Rule = {
      chain: caller,
      matches: genMatches(rng, rs, sites),
      target: { kind: rng.bool(0.7) ? 'jump' : 'goto', chain: name },
    };
    rs.rules.splice(at < 0 ? rs.rules.length : at + rng.int(0, 2), 0, rule);
  });
  if (names.length >= 2 && rng.bool(0.7)) nestedReturn(rng, rs, sites);
  otherChains(rng, rs, sites);
  dialect(rng, rs);
  if (!rs.rules.some((r) => r.matches.some((m) => m.kind === 'state'))) rs.stateful = false;
  rs.legacyOnly = rs.rules.some(nftMistranslates);
  return rs;
}

/**
 * iptables-nft 1.8.9 (Debian 12) gets two port matches wrong; iptables-legacy gets them right, and
 * rulesets using them run there:
 * - `! --sport A ! --dport B` (single ports, one tcp/udp match) becomes one 32-bit compare of
 *   sport.dport: NOT(sport=A AND dport=B) instead of (sport!=A AND dport!=B);
 * - `! --sport 0:65535` (a negated full range, which never matches) is dropped: the rule matches.
 */
function nftMistranslates(r: Rule): boolean {
  const single = (dir: 'sport' | 'dport'): boolean =>
    r.matches.some((m) => m.kind === 'port' && m.dir === dir && m.neg && m.lo === m.hi);
  return (single('sport') && single('dport')) || r.matches.some(negatedFullRange);
}

/** Insert `rule` as the `pos`-th rule of its chain (or last). */
function insertAt(rs: Ruleset, rule: Rule, pos: number): void {
  const idx = rs.rules.flatMap((r, i) => (r.chain === rule.chain ? [i] : []));
  const at = idx[pos] ?? (idx.length ? (idx[idx.length - 1] ?? 0) + 1 : rs.rules.length);
  rs.rules.splice(at, 0, rule);
}

/**
 * The edge cases that matter most for chain semantics, planted on purpose: FORWARD -j A,
 * A -j B or A -g B, and B starts with a conditional RETURN. After B returns, evaluation resumes
 * in A (jump) or, for goto, right after FORWARD's jump to A.
 */
function nestedReturn(rng: Rng, rs: Ruleset, sites: Array<[number, number]>): void {
  const a = rng.int(0, rs.userChains.length - 2);
  const A = rs.userChains[a] ?? '';
  const B = rs.userChains[rng.int(a + 1, rs.userChains.length - 1)] ?? '';
  const light = (): Match[] =>
    rng.bool(0.4)
      ? []
      : genMatches(rng, rs, sites)
          .filter((m) => m.kind === 'addr' || m.kind === 'proto')
          .slice(0, 1);
  const fwdRules = rs.rules.filter((r) => r.chain === 'FORWARD').length;
  insertAt(rs, { chain: B, matches: light(), target: { kind: 'RETURN' } }, rng.int(0, 1));
  insertAt(
    rs,
    { chain: A, matches: light(), target: { kind: rng.bool() ? 'jump' : 'goto', chain: B } },
    rng.int(0, 1),
  );
  insertAt(
    rs,
    { chain: 'FORWARD', matches: light(), target: { kind: 'jump', chain: A } },
    rng.int(0, Math.floor(fwdRules / 2)),
  );
}

/** The harness's own traffic (link nets 100.64.0.0/10: readiness frames, barrier pings). */
function guard(table: Table, chain: string, dir: 's' | 'd'): Rule {
  const net: Match = {
    kind: 'addr',
    dir,
    neg: false,
    nets: [[ipToInt('100.64.0.0'), 10]],
    text: '100.64.0.0/10',
  };
  return { table, chain, matches: [net], target: { kind: 'ACCEPT' } };
}

/** raw NOTRACK (state becomes UNTRACKED), mangle drops, and INPUT/OUTPUT that must not matter. */
function otherChains(rng: Rng, rs: Ruleset, sites: Array<[number, number]>): void {
  if (rng.bool(0.3)) {
    rs.rules.push(guard('raw', 'PREROUTING', 's'));
    for (let n = rng.int(1, 3); n > 0; n--) {
      const r = rng.next();
      const target: Target =
        r < 0.7 ? { kind: 'NOTRACK', ct: rng.bool() } : { kind: r < 0.85 ? 'ACCEPT' : 'DROP' };
      rs.rules.push({
        table: 'raw',
        chain: 'PREROUTING',
        matches: genMatches(rng, rs, sites, 'PREROUTING', 'raw'),
        target,
      });
    }
  }
  if (rng.bool(0.3)) {
    rs.rules.push(guard('mangle', 'PREROUTING', 's'), guard('mangle', 'POSTROUTING', 's'));
    for (let n = rng.int(1, 4); n > 0; n--) {
      const chain = rng.pick(['PREROUTING', 'FORWARD', 'FORWARD', 'POSTROUTING']);
      const r = rng.next();
      const target: Target =
        r < 0.35
          ? { kind: 'MARK', opts: '--set-mark 0x7' }
          : r < 0.65
            ? { kind: 'DROP' }
            : r < 0.85
              ? { kind: 'ACCEPT' }
              : { kind: 'RETURN' };
      rs.rules.push({ table: 'mangle', chain, matches: genMatches(rng, rs, sites, chain, 'mangle'), target });
    }
  }
  if (rng.bool(0.25)) {
    rs.lockedDown = true;
    rs.rules.push(guard('filter', 'INPUT', 's'), guard('filter', 'OUTPUT', 'd'));
    for (let n = rng.int(0, 3); n > 0; n--) {
      const chain = rng.pick(['INPUT', 'OUTPUT']);
      rs.rules.push({
        chain,
        matches: genMatches(rng, rs, sites, chain),
        target: { kind: rng.pick(['ACCEPT', 'DROP'] as const) },
      });
    }
  }
}

/** How the file is written: canonical files only get counters, terse ones everything else. */
function dialect(rng: Rng, rs: Ruleset): void {
  const counters = (): string => `[${rng.int(0, 99999)}:${rng.int(0, 9999999)}] `;
  if (rs.style === 'canonical') {
    if (rng.bool(0.25)) for (const r of rs.rules) r.dialect = { counters: counters() };
    return;
  }
  const [pLong, pInsert, pCounters] = [rng.pick([0, 0.3, 1]), rng.pick([0, 0, 0.25]), rng.pick([0, 0, 0.5])];
  for (const r of rs.rules) {
    const d: RuleDialect = {};
    if (rng.bool(pLong)) d.long = true;
    if (rng.bool(pInsert)) d.insert = { order: rng.next(), bare: rng.bool() };
    if (rng.bool(pCounters)) d.counters = counters();
    r.dialect = d;
  }
  rs.newChains = rs.userChains.filter(() => rng.bool(0.3));
  rs.policyByP = rng.bool(0.2);
}
