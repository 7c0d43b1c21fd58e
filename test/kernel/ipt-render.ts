/**
 * Writes a generated ruleset as an iptables-restore file, in one of two styles: 'canonical' (what
 * iptables-save prints) or 'terse' (how people write them by hand: implicit matches, names,
 * numbers, long options, -I/-N/-P lines, counters), remembering the line of every rule.
 */
import { intToIp, type Match, type Rule, type Ruleset, type Table, type Target } from './ipt-model';

export interface Rendered {
  text: string;
  /** 1-based line of each rule (same order as Ruleset.rules). */
  ruleLines: number[];
  /** the line that sets the filter FORWARD policy (`:FORWARD ...` or `-P FORWARD ...`) */
  policyLine: number;
}

const PROTO_NAMES: Record<number, string> = {
  6: 'tcp',
  17: 'udp',
  1: 'icmp',
  50: 'esp',
  51: 'ah',
  47: 'gre',
};
const FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG'];
const BUILTIN: Record<Table, string[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
};

function flagNames(bits: number): string {
  return FLAG_NAMES.filter((_, i) => bits & (1 << i)).join(',') || 'NONE';
}

function neg(m: { neg: boolean }): string {
  return m.neg ? '! ' : '';
}

function ruleProto(rule: Rule): number | null {
  const p = rule.matches.find((m) => m.kind === 'proto');
  return p && !p.neg ? p.num : null;
}

function renderMatch(m: Match, rule: Rule, canonical: boolean, seen: Set<string>): string {
  const long = !canonical && rule.dialect?.long === true;
  const opt = (short: string, longName: string): string => (long ? longName : short);
  const once = (mod: string): string => {
    if (seen.has(mod)) return '';
    seen.add(mod);
    return `${opt('-m', '--match')} ${mod} `;
  };
  const l4 = (): string => {
    const p = ruleProto(rule);
    return canonical && p !== null ? once(PROTO_NAMES[p] ?? String(p)) : '';
  };
  switch (m.kind) {
    case 'addr':
      return `${neg(m)}${m.dir === 's' ? opt('-s', '--source') : opt('-d', '--destination')} ${m.text}`;
    case 'iface':
      return `${neg(m)}${m.dir === 'i' ? opt('-i', '--in-interface') : opt('-o', '--out-interface')} ${m.name}`;
    case 'proto':
      return `${neg(m)}${opt('-p', '--protocol')} ${canonical ? (PROTO_NAMES[m.num] ?? String(m.num)) : m.text}`;
    case 'port': {
      const name = m.dir === 'sport' ? opt('--sport', '--source-port') : opt('--dport', '--destination-port');
      const value = canonical ? `${m.lo}:${m.hi}`.replace(/^(\d+):\1$/, '$1') : m.text;
      return `${l4()}${neg(m)}${name} ${value}`;
    }
    case 'multiport': {
      const list = m.ranges.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}:${hi}`)).join(',');
      const name = {
        sports: opt('--sports', '--source-ports'),
        dports: opt('--dports', '--destination-ports'),
        ports: '--ports',
      }[m.dir];
      return `${opt('-m', '--match')} multiport ${neg(m)}${name} ${canonical ? list : (m.text ?? list)}`;
    }
    case 'iprange':
      return `${opt('-m', '--match')} iprange ${neg(m)}--${m.dir}-range ${intToIp(m.lo)}-${intToIp(m.hi)}`;
    case 'icmp': {
      const num =
        m.type === 255 ? 'any' : m.codeLo === 0 && m.codeHi === 255 ? `${m.type}` : `${m.type}/${m.codeLo}`;
      return `${l4()}${neg(m)}--icmp-type ${canonical ? num : m.text}`;
    }
    case 'state':
      return m.module === 'conntrack'
        ? `${opt('-m', '--match')} conntrack ${neg(m)}--ctstate ${m.states.join(',')}`
        : `${opt('-m', '--match')} state ${neg(m)}--state ${m.states.join(',')}`;
    case 'comment':
      return `${opt('-m', '--match')} comment --comment ${/^[\w.-]+$/.test(m.text) && !canonical ? m.text : `"${m.text}"`}`;
    case 'tcpflags':
      return `${l4()}${neg(m)}${canonical ? `--tcp-flags ${flagNames(m.mask)} ${flagNames(m.comp)}` : m.text}`;
  }
}

function renderTarget(t: Target, long: boolean): string {
  const j = long ? '--jump' : '-j';
  switch (t.kind) {
    case 'none':
      return '';
    case 'jump':
      return ` ${j} ${t.chain}`;
    case 'goto':
      return ` ${long ? '--goto' : '-g'} ${t.chain}`;
    case 'NOTRACK':
      return t.ct ? ` ${j} CT --notrack` : ` ${j} NOTRACK`;
    case 'REJECT':
    case 'LOG':
    case 'NFLOG':
    case 'MARK':
    case 'CONNMARK':
      return ` ${j} ${t.kind}${t.opts ? ` ${t.opts}` : ''}`;
    default:
      return ` ${j} ${t.kind}`;
  }
}

/** Matches and target of a rule, without the leading `-A CHAIN`. */
function ruleBody(rule: Rule, style: Ruleset['style']): string {
  const canonical = style === 'canonical';
  const seen = new Set<string>();
  const parts = rule.matches.map((m) => renderMatch(m, rule, canonical, seen));
  return `${parts.length ? ' ' : ''}${parts.join(' ')}${renderTarget(rule.target, !canonical && rule.dialect?.long === true)}`;
}

export function renderRule(rule: Rule, style: Ruleset['style']): string {
  return `-A ${rule.chain}${ruleBody(rule, style)}`;
}

export function renderRuleset(rs: Ruleset, header: string): Rendered {
  const lines = [`# ${header}`];
  const ruleLines: number[] = new Array<number>(rs.rules.length).fill(0);
  let policyLine = 0;
  const used = new Set<Table>(['filter', ...rs.rules.map((r) => r.table ?? 'filter')]);
  const order: Table[] = rs.style === 'canonical' ? ['filter', 'mangle', 'raw'] : ['raw', 'mangle', 'filter'];
  for (const table of order.filter((t) => used.has(t))) {
    lines.push(`*${table}`);
    for (const chain of BUILTIN[table]) {
      let policy = 'ACCEPT';
      if (table === 'filter' && chain === 'FORWARD') {
        policy = rs.policyByP ? (rs.policy === 'DROP' ? 'ACCEPT' : 'DROP') : rs.policy;
      } else if (table === 'filter' && rs.lockedDown) policy = 'DROP';
      lines.push(`:${chain} ${policy} [0:0]`);
      if (table === 'filter' && chain === 'FORWARD') policyLine = lines.length;
    }
    const user = table === 'filter' ? rs.userChains : [];
    for (const c of user) if (!rs.newChains?.includes(c)) lines.push(`:${c} - [0:0]`);
    for (const c of user) if (rs.newChains?.includes(c)) lines.push(`-N ${c}`);
    if (table === 'filter' && rs.policyByP) {
      lines.push(`-P FORWARD ${rs.policy}`);
      policyLine = lines.length;
    }
    for (const chain of [...BUILTIN[table], ...user]) {
      const mine = rs.rules.flatMap((r, i) =>
        (r.table ?? 'filter') === table && r.chain === chain ? [i] : [],
      );
      const inserted = (i: number): boolean =>
        rs.style === 'terse' && rs.rules[i]?.dialect?.insert !== undefined;
      const emitted: number[] = []; // positions (in the final chain) of the rules written so far
      const emit = (i: number, verb: string): void => {
        const r = rs.rules[i];
        if (!r) return;
        lines.push(`${r.dialect?.counters ?? ''}${verb}${ruleBody(r, rs.style)}`);
        ruleLines[i] = lines.length;
        emitted.push(mine.indexOf(i));
      };
      for (const i of mine.filter((x) => !inserted(x))) emit(i, `-A ${chain}`);
      const late = mine
        .filter(inserted)
        .sort(
          (a, b) => (rs.rules[a]?.dialect?.insert?.order ?? 0) - (rs.rules[b]?.dialect?.insert?.order ?? 0),
        );
      // `-s a,b` becomes one kernel rule per address, and -I counts kernel rules
      const width = (k: number): number => {
        const r = rs.rules[mine[k] ?? -1];
        const n = (dir: 's' | 'd'): number => {
          const m = r?.matches.find((x) => x.kind === 'addr' && x.dir === dir);
          return m?.kind === 'addr' ? m.nets.length : 1;
        };
        return n('s') * n('d');
      };
      for (const i of late) {
        const pos = 1 + emitted.filter((k) => k < mine.indexOf(i)).reduce((n, k) => n + width(k), 0);
        emit(i, `-I ${chain}${pos === 1 && rs.rules[i]?.dialect?.insert?.bare ? '' : ` ${pos}`}`);
      }
    }
    lines.push('COMMIT');
  }
  lines.push('');
  return { text: lines.join('\n'), ruleLines, policyLine };
}
