/**
 * Seeded random nftables rulesets for the nftables kernel differential test, and probes aimed at
 * their constants. Only forward-hook base chains are generated (input and output stay open, so
 * the harness's barrier pings pass): one or two tables (`ip` and `inet`) at distinct priorities,
 * each a policy accept or drop, regular chains with jump / goto / return, verdict maps, named
 * interval sets, anonymous sets, ranges, masks (contiguous or not), `!=`, ct state, tcp flags,
 * ICMP types, counters and rejects.
 */
import { Rng } from '../cross-vendor/policy';

export const IN_IFS = ['lan0', 'lan1', 'dmz0'] as const;
/** Where the harness routes each destination pool (see ipt-model.ts ROUTES). */
export const DST_POOLS: ReadonlyArray<readonly [string, string]> = [
  ['198.51.100.', 'wan0'],
  ['10.200.0.', 'ot0'],
  ['10.200.1.', 'ot0'],
];
const SRC_POOLS = ['10.1.0.', '10.1.1.', '192.0.2.'];
const DPORTS = [22, 53, 80, 123, 999, 1000, 1500, 2000, 2001, 5000, 5050, 5100, 8080];
const ICMP_TYPES: Readonly<Record<string, number>> = {
  'echo-request': 8,
  'echo-reply': 0,
  'destination-unreachable': 3,
  'time-exceeded': 11,
};

export interface NftProbe {
  readonly id: number;
  readonly inIf: string;
  readonly outIf: string;
  readonly proto: number;
  readonly src: string;
  readonly dst: string;
  readonly sport: number;
  readonly dport: number;
}

export interface NftCase {
  readonly name: string;
  readonly seed: number;
  readonly text: string;
  readonly probes: readonly NftProbe[];
}

function addrMatch(rng: Rng, side: 'saddr' | 'daddr'): string {
  const pool = side === 'saddr' ? rng.pick(SRC_POOLS) : rng.pick(DST_POOLS)[0];
  const host = (): string => `${pool}${rng.int(0, 255)}`;
  const r = rng.next();
  if (r < 0.25) return `ip ${side} ${pool}${rng.pick([0, 128])}/${rng.pick([24, 25])}`;
  if (r < 0.4) return `ip ${side} { ${pool}${rng.int(0, 63)}, ${pool}${rng.pick([64, 128])}/26 }`;
  if (r < 0.55) return `ip ${side} != ${pool}0/${rng.pick([24, 25, 26])}`;
  if (r < 0.7) {
    const a = rng.int(0, 200);
    return `ip ${side} ${pool}${a}-${pool}${a + rng.int(0, 55)}`;
  }
  if (r < 0.8) {
    const mask = rng.pick([240, 15, 3]);
    return `ip ${side} & 255.255.255.${mask} == ${pool}${rng.pick([0, 1, 2, 16]) & mask}`;
  }
  if (r < 0.9) return `ip ${side} ${host()}`;
  const a = rng.int(0, 127);
  return `ip ${side} != { ${pool}${a}, ${pool}${a + rng.int(1, 128)} }`;
}

function serviceMatch(rng: Rng): string {
  const r = rng.next();
  const port = (): number => rng.pick(DPORTS);
  if (r < 0.15) return `tcp dport ${port()}`;
  if (r < 0.25) {
    const low = DPORTS.filter((p) => p < 5000);
    const a = rng.pick(low);
    const b = rng.pick(low.filter((p) => p !== a));
    return `udp dport { ${a}, ${b}, 5000-5100 }`;
  }
  if (r < 0.35) {
    const a = port();
    return `tcp dport ${a}-${a + rng.int(0, 1000)}`;
  }
  if (r < 0.42) return `tcp dport != ${port()}`;
  if (r < 0.5) return `th dport ${port()}`;
  if (r < 0.56)
    return rng.pick([
      `tcp dport < ${port()}`,
      `udp dport >= ${port()}`,
      'tcp dport @svc',
      'udp dport != @svc',
    ]);
  if (r < 0.62) return `meta l4proto ${rng.pick(['tcp', 'udp', 'icmp', '{ tcp, udp }'])}`;
  if (r < 0.67) return `ip protocol != ${rng.pick(['tcp', 'udp', 'icmp'])}`;
  if (r < 0.77) {
    const names = Object.keys(ICMP_TYPES);
    const a = rng.pick(names);
    return rng.chance(0.5)
      ? `icmp type ${a}`
      : `icmp type { ${a}, ${rng.pick(names.filter((n) => n !== a))} }`;
  }
  if (r < 0.8)
    return rng.pick(['tcp flags & (syn|ack) == syn', 'tcp flags syn', 'tcp flags & (fin|syn) == (fin|syn)']);
  if (r < 0.85) {
    const a = rng.pick(DPORTS);
    return rng.pick([
      `tcp dport != { ${a}, ${a === 80 ? 22 : 80} }`,
      `ip saddr . tcp dport { ${rng.pick(SRC_POOLS)}${rng.int(0, 255)} . ${a}, ${rng.pick(SRC_POOLS)}0/24 . ${a === 22 ? 80 : 22} }`,
      `meta l4proto . th dport { udp . ${a}, tcp . ${a === 53 ? 80 : 53} }`,
      `icmp type . icmp code { echo-request . 0, destination-unreachable . ${rng.pick([0, 3])} }`,
    ]);
  }
  return `udp sport ${rng.int(30000, 45000)}-60000`;
}

function matchText(rng: Rng): string {
  const parts: string[] = [];
  let service = false;
  let iif = false;
  const n = rng.int(0, 3);
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    if (r < 0.2 && !iif) {
      // One ingress test per rule: `iifname != "lan0" iifname "lan*"` is beyond the neutral model.
      iif = true;
      parts.push(
        rng.pick([
          `iifname "${rng.pick(IN_IFS)}"`,
          `iifname { "${IN_IFS[0]}", "${rng.pick(IN_IFS.slice(1))}" }`,
          `iifname != "${rng.pick(IN_IFS)}"`,
          'iifname "lan*"',
          `iif "${rng.pick(IN_IFS)}"`,
        ]),
      );
    } else if (r < 0.3) parts.push(rng.pick(['oifname "wan0"', 'oifname "ot0"', 'oifname != "ot0"']));
    else if (r < 0.5) parts.push(addrMatch(rng, 'saddr'));
    else if (r < 0.65) parts.push(addrMatch(rng, 'daddr'));
    else if (r < 0.9 && !service) {
      // One protocol-specific match per rule: nft refuses `tcp dport 1 udp sport 2`.
      service = true;
      parts.push(serviceMatch(rng));
    } else
      parts.push(
        rng.pick([
          'ct state new',
          'ct state established,related',
          'ct state != new',
          'ct state invalid',
          'ct state { new, untracked }',
        ]),
      );
  }
  return parts.join(' ');
}

function action(rng: Rng, chains: readonly string[], inRegular: boolean): string {
  const r = rng.next();
  if (r < 0.35) return 'accept';
  if (r < 0.6) return 'drop';
  if (r < 0.67) return rng.pick(['reject', 'reject with tcp reset', 'reject with icmp type host-prohibited']);
  if (r < 0.75) return 'counter';
  if (chains.length > 0 && r < 0.9) return `${rng.chance(0.7) ? 'jump' : 'goto'} ${rng.pick(chains)}`;
  // In a base chain, return applies the chain's policy.
  return inRegular || rng.chance(0.5) ? 'return' : 'accept';
}

const ruleLine = (m: string, a: string): string =>
  `\t\t${m}${m === '' ? '' : ' '}${a}`.replace(
    / reject with tcp reset$/,
    m.includes('tcp') ? ' reject with tcp reset' : ' reject',
  );

export function generateCase(seed: number): NftCase {
  const rng = new Rng(seed);
  const lines: string[] = ['flush ruleset', ''];
  const twoTables = rng.chance(0.6);
  // Equal priorities run in the order the chains were registered (the file's order).
  const prios = rng.pick([
    ['filter - 10', '0'],
    ['10', 'filter'],
    ['0', 'filter'],
  ]);
  if (twoTables) {
    lines.push('table ip t_first {', '\tchain forward_x {');
    lines.push(
      `\t\ttype filter hook forward priority ${prios[0]!}; policy ${rng.chance(0.7) ? 'accept' : 'drop'};`,
    );
    for (let i = rng.int(1, 6); i > 0; i--)
      lines.push(
        ruleLine(
          // The named sets live in the other table.
          matchText(rng).replace(/@svc/g, '{ 22, 1000-1999 }'),
          rng.chance(0.5) ? 'accept' : rng.pick(['drop', 'counter', 'reject']),
        ),
      );
    lines.push('\t}', '}', '');
  }
  lines.push('table inet t_main {');
  const untracked = rng.chance(0.3) ? rng.pick(DPORTS) : null;
  if (untracked !== null) {
    // notrack before conntrack (priority raw); input traffic (the barrier pings) passes.
    lines.push('\tchain raw_pre {', '\t\ttype filter hook prerouting priority raw; policy accept;');
    lines.push(`\t\tudp dport ${untracked} notrack`);
    // Before conntrack (priority raw < -200) a packet has no state yet: ct state sees invalid,
    // or untracked after notrack.
    if (rng.chance(0.5))
      lines.push(
        `\t\tct state ${rng.pick(['invalid', 'new', 'untracked'])} ${rng.pick(['tcp', 'udp'])} dport ${rng.pick(DPORTS)} drop`,
      );
    lines.push('\t}', '');
  }
  if (rng.chance(0.3))
    lines.push(
      '\tmap zone_v {',
      '\t\ttype ifname : verdict',
      `\t\telements = { "${IN_IFS[1]}" : ${rng.pick(['accept', 'drop', 'continue'])}, "${IN_IFS[2]}" : ${rng.pick(['accept', 'drop'])} }`,
      '\t}',
      '',
    );
  const [p1, p2, p3] = rng.chance(0.5) ? SRC_POOLS : [...SRC_POOLS].reverse();
  const setElems = [`${p1!}128/25`, `${p2!}${rng.int(0, 255)}`, `${p3!}10-${p3!}99`];
  lines.push(
    '\tset svc {',
    '\t\ttype inet_service',
    '\t\tflags interval',
    `\t\telements = { ${rng.pick([22, 53])}, 1000-1999, ${rng.pick([5050, 8080])} }`,
    '\t}',
    '',
    '\tset trusted {',
    '\t\ttype ipv4_addr',
    '\t\tflags interval',
    `\t\telements = { ${setElems.join(', ')} }`,
    '\t}',
    '',
  );
  const regular = ['c1', 'c2'].slice(0, rng.int(0, 2));
  for (let k = regular.length - 1; k >= 0; k--) {
    const name = regular[k]!;
    const later = regular.slice(k + 1);
    lines.push(`\tchain ${name} {`);
    for (let i = rng.int(1, 5); i > 0; i--) lines.push(ruleLine(matchText(rng), action(rng, later, true)));
    lines.push('\t}', '');
  }
  lines.push(
    '\tchain forward_x {',
    `\t\ttype filter hook forward priority ${prios[1]!}; policy ${rng.chance(0.5) ? 'accept' : 'drop'};`,
  );
  for (let i = rng.int(3, 14); i > 0; i--) {
    const r = rng.next();
    if (r < 0.08 && regular.length > 0)
      lines.push(
        `\t\tiifname vmap { "${IN_IFS[0]}" : jump ${rng.pick(regular)}, "${IN_IFS[2]}" : ${rng.pick(['accept', 'drop'])} }`,
      );
    else if (r < 0.16)
      lines.push(ruleLine(`ip saddr ${rng.chance(0.7) ? '' : '!= '}@trusted`, rng.pick(['accept', 'drop'])));
    else if (r < 0.2)
      lines.push(
        `\t\tct state vmap { established : accept, related : accept, invalid : ${rng.pick(['drop', 'accept'])} }`,
      );
    else if (r < 0.24 && lines.some((l) => l.includes('map zone_v'))) lines.push('\t\tiifname vmap @zone_v');
    else if (r < 0.27)
      lines.push(
        `\t\ttcp dport vmap { ${rng.pick([22, 80])} : accept, 1000-2000 : drop, 8080 : ${rng.pick(['accept', 'drop', 'continue'])} }`,
      );
    else if (r < 0.3 && untracked !== null)
      lines.push(
        `\t\tct state untracked udp dport ${rng.pick([untracked, ...DPORTS])} ${rng.pick(['accept', 'drop'])}`,
      );
    else
      lines.push(
        ruleLine(
          `${rng.chance(0.1) ? 'meta nfproto ipv4 ' : ''}${matchText(rng)}`.trim(),
          action(rng, regular, false),
        ),
      );
  }
  lines.push('\t}', '}', '');
  return { name: `nft${seed}`, seed, text: lines.join('\n'), probes: generateProbes(rng, lines.join('\n')) };
}

/** Probes aimed at the ruleset's addresses and ports, each a tuple conntrack has not seen. */
function generateProbes(rng: Rng, text: string, count = 160): NftProbe[] {
  const seen = new Set<string>();
  const hosts = [...text.matchAll(/\b(\d+\.\d+\.\d+)\.(\d+)\b/g)].map((m) => [m[1]!, Number(m[2])] as const);
  const near = (pools: readonly string[]): string => {
    const fromText = hosts.filter(([p]) => pools.some((q) => q.startsWith(`${p}.`)));
    if (fromText.length > 0 && rng.chance(0.6)) {
      const [p, h] = rng.pick(fromText);
      return `${p}.${Math.max(0, Math.min(255, h + rng.int(-1, 1)))}`;
    }
    return `${rng.pick(pools)}${rng.int(0, 255)}`;
  };
  const out: NftProbe[] = [];
  let tries = 0;
  while (out.length < count && tries++ < count * 20) {
    const [dstPool, outIf] = rng.pick(DST_POOLS);
    const proto = rng.pick([6, 6, 6, 17, 17, 1, 47]);
    const src = near(SRC_POOLS);
    const dst = near([dstPool]);
    if (!dst.startsWith(dstPool)) continue;
    const dport =
      proto === 1
        ? rng.pick(Object.values(ICMP_TYPES))
        : proto === 47
          ? 0
          : rng.pick([...DPORTS, rng.int(1, 65535)]) + (rng.chance(0.2) ? rng.pick([-1, 1]) : 0);
    // ICMP: sport is the code (destination-unreachable has several).
    const sport = proto === 47 ? 0 : proto === 1 ? (dport === 3 ? rng.int(0, 4) : 0) : rng.int(30000, 65000);
    const key = `${proto} ${src} ${dst} ${sport} ${dport}`;
    if (seen.has(key) || dport < 0 || dport > 65535) continue;
    seen.add(key);
    out.push({ id: out.length + 1, inIf: rng.pick(IN_IFS), outIf, proto, src, dst, sport, dport });
  }
  return out;
}
