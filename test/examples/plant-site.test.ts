import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROTO, type Flow, parseAddress, serviceContains } from '../../models/net';
import { type SiteVerdict, traceSite, zoneMatrix } from '../../models/reach';
import { type SiteLoad, assembleSite } from '../../models/topology';
import { parseSiteFile } from '../../models/topology/inputs/site-file';
import { conduit, ensureCliBuilt, fileLines, repoRoot, tempDir } from '../cli/helpers';

/**
 * The bundled example site (examples/plant-site/, Riverbend Water Treatment). Its README documents
 * every intended weakness, the sanctioned baseline and the important denies as tables of flows with
 * their hop-by-hop path; this test reads those tables and checks each row end to end, in process
 * (assembleSite + traceSite) and through `conduit query FOLDER --probes`.
 */
const SITE_DIR = path.join(repoRoot, 'examples', 'plant-site');
const README = path.join(SITE_DIR, 'README.md');

/** The site's inputs: every file of the folder but its README (documentation, not an input). */
function loadFolder(): SiteLoad {
  const names = fs
    .readdirSync(SITE_DIR)
    .filter((n) => n !== 'README.md')
    .sort();
  return assembleSite(names.map((name) => ({ name, text: fs.readFileSync(path.join(SITE_DIR, name), 'utf8') })));
}

interface Hop {
  readonly device: string;
  readonly in: string;
  readonly out: string;
  readonly file: string;
  readonly line: number;
}

interface Expectation {
  readonly id: string;
  readonly proto: 'tcp' | 'udp';
  readonly src: string;
  readonly dst: string;
  readonly dport: number;
  readonly verdict: 'permit' | 'deny';
  readonly outcome: string;
  readonly hops: readonly Hop[];
}

/** A row: id, flow, verdict (outcome), hops separated by <br> (cells may be padded by a formatter). */
const ROW =
  /^\|\s*([WBD]\d+[a-z]?)\s*\|\s*(tcp|udp) (\S+) → ([\d.]+):(\d+)\s*\|\s*(permit|deny) \(([a-z-]+)\)\s*\|\s*(.+?)\s*\|$/;
const HOP = /^(\S+) (\S+) → (\S+): `([^:`]+):(\d+)`$/;

/** The rows of the README's expectation tables (weaknesses W, baseline B, denies D). */
function readmeExpectations(): Expectation[] {
  const out: Expectation[] = [];
  for (const line of fs.readFileSync(README, 'utf8').split('\n')) {
    if (!/^\|\s*[WBD]\d/.test(line)) continue;
    const m = ROW.exec(line);
    if (!m) throw new Error(`README row does not parse: ${line}`);
    const hops = m[8]!.split('<br>').map((h) => {
      const hm = HOP.exec(h.trim());
      if (!hm) throw new Error(`README hop does not parse: ${h}`);
      return { device: hm[1]!, in: hm[2]!, out: hm[3]!, file: hm[4]!, line: Number(hm[5]) };
    });
    out.push({
      id: m[1]!,
      proto: m[2] as 'tcp' | 'udp',
      src: m[3]!,
      dst: m[4]!,
      dport: Number(m[5]),
      verdict: m[6] as 'permit' | 'deny',
      outcome: m[7]!,
      hops,
    });
  }
  return out;
}

const EXPECTATIONS = readmeExpectations();
const SPORT = 49152;

function addr(text: string) {
  const a = parseAddress(text);
  if (!a.ok) throw new Error(`bad address ${text}`);
  return a.value;
}

const flowOf = (e: Expectation): Flow => ({
  proto: e.proto === 'tcp' ? PROTO.TCP : PROTO.UDP,
  src: addr(e.src),
  dst: addr(e.dst),
  sport: SPORT,
  dport: e.dport,
});

describe('examples/plant-site: the folder', () => {
  const load = loadFolder();
  const net = load.network;

  it('imports four firewalls of four vendors, with their host networking, inventory and site file', () => {
    expect(net.devices.map((d) => [d.name, d.vendor]).sort()).toEqual([
      ['rbw-cell-rtr01', 'cisco-ios'],
      ['rbw-edge-fw01', 'cisco-asa'],
      ['rbw-idmz-fw01', 'junos'],
      ['rbw-idmz-fw02', 'iptables'],
    ]);
    const kinds = Object.fromEntries(load.inputs.map((i) => [i.name, i.kind]));
    expect(kinds).toEqual({
      'assets.csv': 'inventory',
      'rbw-cell-rtr01.cfg': 'config',
      'rbw-edge-fw01.cfg': 'config',
      'rbw-idmz-fw01.conf': 'config',
      'rbw-idmz-fw02.ip-addr.txt': 'ip-addr',
      'rbw-idmz-fw02.ip-route.json': 'ip-route',
      'rbw-idmz-fw02.iptables-save': 'config',
      'site.yaml': 'site',
    });
    for (const d of net.devices) expect(d.routes.length, d.name).toBeGreaterThan(0);
    expect(net.assets.length).toBeGreaterThanOrEqual(300);
  });

  it('loads with no error and only the documented warnings and infos', () => {
    expect(load.issues.filter((d) => d.severity === 'error')).toEqual([]);
    // Each is explained in the README's "Import notes".
    const explained = load.issues.map((d) => `${d.severity} ${d.code} ${d.source.file}:${d.source.line}`);
    expect(explained.sort()).toEqual(
      [
        'info lossy-conversion rbw-edge-fw01.cfg:97', // ASA static NAT of the RA gateway: recorded, not applied
        'info lossy-conversion rbw-edge-fw01.cfg:106', // ASA PAT of the corporate networks: recorded
        'info uncertain-match rbw-idmz-fw02.iptables-save:22', // -m limit on the LOG rule
      ].sort(),
    );
  });

  it('imports every config with no unrecognized line', () => {
    for (const d of load.issues) expect(d.code, `${d.source.file}:${d.source.line}`).not.toBe('unrecognized-line');
  });

  it('parses its site file with no diagnostics at all', () => {
    const text = fs.readFileSync(path.join(SITE_DIR, 'site.yaml'), 'utf8');
    const r = parseSiteFile('site.yaml', text);
    expect(r.diagnostics).toEqual([]);
    expect(r.site?.name).toBe('Riverbend Water Treatment');
  });

  it('gives every segment a zone that the site file declares (none inferred)', () => {
    const declared = new Set(net.site!.zones.map((z) => z.name));
    expect(net.segments.length).toBe(13);
    for (const s of net.segments) expect(declared.has(s.zone), `${s.id} in ${s.zone}`).toBe(true);
    for (const z of net.zones) expect(z.inferred, z.name).toBe(false);
    // Every segment comes from a device interface (nothing is declared that no firewall serves).
    for (const s of net.segments) expect(s.attachments.length, s.id).toBeGreaterThan(0);
  });

  it('places every asset in a segment, in the zone and at the level its segment has', () => {
    const levels = new Map(net.zones.map((z) => [z.name, z.level]));
    // The vendor NOC is an internet host: outside every segment by design.
    expect(net.assets.filter((a) => a.zone === 'internet' && !a.placeholder).map((a) => a.name)).toEqual(['AQUATECH-NOC']);
    for (const a of net.assets) {
      if (a.zone === 'internet' && !a.placeholder) continue;
      expect(a.segment, `${a.name} ${a.ipText}`).not.toBeNull();
      const seg = net.segments.find((s) => s.id === a.segment)!;
      expect(a.zone, `${a.name} ${a.ipText}`).toBe(seg.zone);
      expect(a.level, `${a.name} ${a.ipText}`).toBe(levels.get(a.zone));
    }
    const roles = new Set(net.assets.map((a) => a.role));
    for (const role of [
      'workstation',
      'server',
      'domain-controller',
      'historian',
      'scada-server',
      'ews',
      'hmi',
      'plc',
      'rtu',
      'sis',
      'jump-host',
      'patch-server',
      'remote-access',
    ])
      expect(roles.has(role), role).toBe(true);
  });

  it('names the jump host and the targets by inventory names that exist', () => {
    const names = new Set(net.assets.map((a) => a.name));
    const zones = new Set(net.zones.map((z) => z.name));
    for (const s of [...net.site!.jumpHosts, ...net.site!.targets, ...net.site!.footholds])
      expect(names.has(s.value) || zones.has(s.value), s.value).toBe(true);
  });
});

describe('examples/plant-site: the README documents the expected flows', () => {
  it('has weakness, baseline and deny rows for all four weaknesses', () => {
    const ids = EXPECTATIONS.map((e) => e.id);
    expect(ids.length).toBe(32);
    for (const id of ['W1a', 'W2a', 'W3a', 'W3b', 'W3c', 'W4a', 'W4b', 'W4c', 'B1', 'B2', 'D1', 'D5', 'D7'])
      expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(EXPECTATIONS.filter((e) => e.verdict === 'deny').length).toBeGreaterThanOrEqual(10);
  });

  it('cites lines whose text is the rule each README row names', () => {
    for (const e of EXPECTATIONS)
      for (const h of e.hops) {
        const lines = fileLines(path.join(SITE_DIR, h.file));
        expect(lines[h.line - 1], `${e.id} ${h.file}:${h.line}`).toMatch(/\S/);
      }
  });
});

describe('examples/plant-site: end to end, in process (assembleSite + traceSite)', () => {
  const net = loadFolder().network;
  const lines = new Map<string, string[]>();
  const lineText = (file: string, n: number): string => {
    if (!lines.has(file)) lines.set(file, fileLines(path.join(SITE_DIR, file)));
    return lines.get(file)![n - 1]!;
  };

  it.each(EXPECTATIONS.map((e) => [e.id, e] as const))('%s', (_id, e) => {
    const v: SiteVerdict = traceSite(net, flowOf(e));
    expect(v.action).toBe(e.verdict);
    expect(v.decisive.outcome).toBe(e.outcome);
    expect(v.routeAssumed).toBe(false);
    expect(v.uncertain).toEqual([]);
    expect(
      v.decisive.hops.map((h) => ({
        device: h.device,
        in: h.in,
        out: h.out,
        file: h.verdict.rule?.file,
        line: h.verdict.rule?.line,
      })),
    ).toEqual(e.hops);
    for (const h of v.decisive.hops) {
      expect(h.routeAssumed).toBe(false);
      expect(h.verdict.rule!.text).toBe(lineText(h.verdict.rule!.file, h.verdict.rule!.line));
      expect(h.verdict.action).toBe(h === v.denyingHop ? 'deny' : 'permit');
    }
  });
});

describe('examples/plant-site: through the conduit command', () => {
  beforeAll(ensureCliBuilt, 180_000);

  it('conduit query FOLDER --probes gives each documented verdict and the deciding device line', () => {
    const tmp = tempDir();
    try {
      const csv = [
        'id,device,in,out,proto,src,dst,sport,dport',
        ...EXPECTATIONS.map((e) => `${e.id},,,,${e.proto},${e.src},${e.dst},${SPORT},${e.dport}`),
      ].join('\n');
      const probes = tmp.write('probes.csv', `${csv}\n`);
      const r = conduit(['query', 'examples/plant-site', '--probes', probes]);
      expect(r.code, r.stderr).toBe(0);
      const rows = r.stdout.trim().split('\n');
      expect(rows[0]).toBe('id,verdict,file,line');
      const got = rows.slice(1).map((l) => l.split(','));
      // The deciding hop: the denying device, or the last device crossed when permitted.
      expect(got).toEqual(
        EXPECTATIONS.map((e) => {
          const last = e.hops[e.hops.length - 1]!;
          return [e.id, e.verdict, last.file, String(last.line)];
        }),
      );
    } finally {
      tmp.cleanup();
    }
  });

  it.each(EXPECTATIONS.filter((e) => e.id.startsWith('W')).map((e) => [e.id, e] as const))(
    'conduit query FOLDER --json: weakness %s, every hop',
    (_id, e) => {
      const r = conduit([
        'query',
        'examples/plant-site',
        ...['--src', e.src, '--dst', e.dst, '--proto', e.proto, '--dport', String(e.dport), '--json'],
      ]);
      expect(r.code, r.stderr).toBe(0);
      const v = JSON.parse(r.stdout) as {
        verdict: string;
        outcome: string;
        uncertain: string[];
        hops: { device: string; in: string; out: string; rule: { file: string; line: number } }[];
      };
      expect(v.verdict).toBe(e.verdict);
      expect(v.outcome).toBe(e.outcome);
      expect(v.uncertain).toEqual([]);
      expect(
        v.hops.map((h) => ({ device: h.device, in: h.in, out: h.out, file: h.rule.file, line: h.rule.line })),
      ).toEqual(e.hops);
    },
  );

  /** README "Expected zone conduits": from, to, services that must be open. */
  const OPEN: ReadonlyArray<readonly [string, string, ReadonlyArray<readonly [number, number]>]> = [
    ['corp', 'operations', [[PROTO.TCP, 3389]]],
    ['operations', 'corp-servers', [[PROTO.TCP, 5450]]],
    ['internet', 'idmz', [[PROTO.TCP, 443]]],
    ['idmz', 'cells', [[PROTO.TCP, 44818]]],
    [
      'operations',
      'internet',
      [
        [PROTO.TCP, 443],
        [PROTO.UDP, 53],
      ],
    ],
    [
      'corp',
      'idmz',
      [
        [PROTO.TCP, 443],
        [PROTO.TCP, 3389],
        [PROTO.TCP, 8530],
        [PROTO.TCP, 8531],
      ],
    ],
    [
      'idmz',
      'operations',
      [
        [PROTO.TCP, 135],
        [PROTO.TCP, 445],
        [PROTO.TCP, 3389],
      ],
    ],
    [
      'operations',
      'idmz',
      [
        [PROTO.TCP, 5450],
        [PROTO.TCP, 8443],
        [PROTO.TCP, 8530],
      ],
    ],
    [
      'operations',
      'cells',
      [
        [PROTO.TCP, 102],
        [PROTO.TCP, 502],
        [PROTO.TCP, 20000],
        [PROTO.TCP, 44818],
      ],
    ],
    [
      'supervisory',
      'cells',
      [
        [PROTO.TCP, 102],
        [PROTO.TCP, 502],
        [PROTO.TCP, 44818],
      ],
    ],
    [
      'operations',
      'safety',
      [
        [PROTO.TCP, 502],
        [PROTO.TCP, 1502],
      ],
    ],
    [
      'cells',
      'field',
      [
        [PROTO.TCP, 102],
        [PROTO.TCP, 44818],
        [PROTO.UDP, 2222],
      ],
    ],
  ];
  const CLOSED: ReadonlyArray<readonly [string, string]> = [
    ['corp', 'cells'],
    ['corp', 'safety'],
    ['corp', 'supervisory'],
    ['internet', 'operations'],
    ['internet', 'cells'],
    ['supervisory', 'safety'],
    ['idmz', 'safety'],
    ['corp-servers', 'operations'],
  ];

  it('conduit zones FOLDER --json shows the documented conduits, none of them uncertain or assumed', () => {
    const r = conduit(['zones', 'examples/plant-site', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      issues: { severity: string; code: string; stage: string; source: { file: string; line: number } }[];
      site: string;
      zones: { name: string; inferred: boolean }[];
      conduits: { from: string; to: string; services: string; uncertain: boolean; routeAssumed: boolean }[];
    };
    expect(doc.site).toBe('Riverbend Water Treatment');
    // From the folder, the command reads the README too and reports it skipped: the one warning.
    expect(doc.issues.filter((d) => d.severity !== 'info')).toMatchObject([
      { severity: 'warning', code: 'vendor-mismatch', stage: 'read', source: { file: 'README.md', line: 1 } },
    ]);
    expect(doc.zones.filter((z) => z.inferred)).toEqual([]);
    const pairs = new Map(doc.conduits.map((c) => [`${c.from} -> ${c.to}`, c]));
    for (const [from, to] of OPEN.map(([f, t]) => [f, t])) {
      const c = pairs.get(`${from} -> ${to}`);
      expect(c, `${from} -> ${to}`).toBeDefined();
      expect(c!.uncertain || c!.routeAssumed, `${from} -> ${to}`).toBe(false);
    }
    for (const [from, to] of CLOSED) expect(pairs.has(`${from} -> ${to}`), `${from} -> ${to}`).toBe(false);
  });

  it('the zone matrix holds each documented service (in process)', () => {
    const m = zoneMatrix(loadFolder().network);
    const pairs = new Map(m.conduits.map((c) => [`${c.from} -> ${c.to}`, c]));
    for (const [from, to, services] of OPEN) {
      const c = pairs.get(`${from} -> ${to}`);
      expect(c, `${from} -> ${to}`).toBeDefined();
      for (const [proto, port] of services)
        expect(serviceContains(c!.services, proto, SPORT, port), `${from} -> ${to} ${proto}/${port}`).toBe(true);
    }
  });
});
