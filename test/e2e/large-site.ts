/**
 * A synthetic large site for the browser tests: one Linux firewall (iptables-save + ip addr)
 * joining `segments` /24 segments in zones of every Purdue level, a site file declaring them, and
 * an inventory of `assets` hosts. Deterministic; big enough that the analysis takes a while.
 */
export interface SiteFileText {
  readonly name: string;
  readonly text: string;
}

const LEVELS = [5, 4, 3.5, 3, 2, 1, 0] as const;
const ZONE_OF_LEVEL: Record<(typeof LEVELS)[number], { name: string; kind: string }> = {
  5: { name: 'enterprise', kind: 'it' },
  4: { name: 'business', kind: 'it' },
  3.5: { name: 'dmz', kind: 'dmz' },
  3: { name: 'operations', kind: 'ot' },
  2: { name: 'supervisory', kind: 'ot' },
  1: { name: 'control', kind: 'ot' },
  0: { name: 'process', kind: 'ot' },
};
const PORTS = [22, 80, 102, 443, 445, 502, 3389, 4840, 5985, 20000, 44818];
const ROLES = ['workstation', 'server', 'hmi', 'plc', 'rtu', 'historian', 'ews'];

export function largeSite(segments = 60, assets = 5000, rules = 400): SiteFileText[] {
  const seg = (i: number): string => `10.${100 + Math.floor(i / 200)}.${i % 200}.0/24`;
  const levelOf = (i: number): (typeof LEVELS)[number] => LEVELS[i % LEVELS.length]!;
  const ipAddr: string[] = [
    '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN',
    '    inet 127.0.0.1/8 scope host lo',
  ];
  for (let i = 0; i < segments; i++) {
    const [a, b, c] = seg(i).split('.');
    ipAddr.push(`${i + 2}: eth${i}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP`);
    ipAddr.push(`    inet ${a}.${b}.${c}.1/24 scope global eth${i}`);
  }
  const ipt = ['*filter', ':INPUT DROP [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]'];
  ipt.push('-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
  for (let r = 0; r < rules; r++) {
    const from = (r * 7) % segments;
    const to = (r * 13 + 5) % segments;
    const port = PORTS[r % PORTS.length]!;
    const src = r % 3 === 0 ? seg(from).replace('.0/24', `.${10 + (r % 40)}/32`) : seg(from);
    ipt.push(
      `-A FORWARD -s ${src} -d ${seg(to)} -p tcp -m tcp --dport ${port} -m comment --comment "rule ${r}" -j ACCEPT`,
    );
  }
  ipt.push('-A FORWARD -j DROP', 'COMMIT');
  const zones = LEVELS.map((level) => {
    const z = ZONE_OF_LEVEL[level];
    const segs = Array.from({ length: segments }, (_, i) => i).filter((i) => levelOf(i) === level);
    return `  - name: ${z.name}\n    level: ${level}\n    kind: ${z.kind}\n    segments: [${segs.map(seg).join(', ')}]`;
  });
  const site = ['name: Synthetic large site', 'zones:', ...zones].join('\n');
  const csv = ['ip,name,role,zone,purdue_level,criticality,notes'];
  for (let k = 0; k < assets; k++) {
    const i = k % segments;
    const host = 10 + Math.floor(k / segments);
    const [a, b, c] = seg(i).split('.');
    const level = levelOf(i);
    csv.push(
      `${a}.${b}.${c}.${host},HOST-${k},${ROLES[k % ROLES.length]},${ZONE_OF_LEVEL[level].name},${level},low,`,
    );
  }
  return [
    { name: 'big-fw.iptables-save', text: `${ipt.join('\n')}\n` },
    { name: 'big-fw.ip-addr.txt', text: `${ipAddr.join('\n')}\n` },
    { name: 'site.yaml', text: `${site}\n` },
    { name: 'assets.csv', text: `${csv.join('\n')}\n` },
  ];
}
