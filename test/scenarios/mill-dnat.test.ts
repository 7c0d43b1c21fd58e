import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAddress, type Flow, type IpAddress } from '../../models/net';
import { type SiteHop, type SiteVerdict, traceSite } from '../../models/reach';
import { assembleSite } from '../../models/topology';
import { conduit, ensureCliBuilt, repoRoot, tempDir } from '../cli/helpers';

/**
 * test/fixtures/scenarios/mill-dnat: FortiGate -> PAN-OS -> pfSense -> nftables, with
 * destination NAT on three of them. Every expectation comes from the tables of the scenario's
 * README.md, worked out by hand; this test only reads them and compares.
 */
const SITE = path.join(repoRoot, 'test', 'fixtures', 'scenarios', 'mill-dnat');
const README = fs.readFileSync(path.join(SITE, 'README.md'), 'utf8');
const lineOf = (file: string, n: number): string =>
  fs.readFileSync(path.join(SITE, file), 'utf8').split('\n')[n - 1]!.replace(/\r$/, '');

interface ExpectedNat {
  readonly from: string;
  readonly to: string;
  readonly rule: string;
}
interface ExpectedHop {
  readonly device: string;
  readonly in: string;
  /** 'self': addressed to the device; '-': no route. */
  readonly out: string;
  /** `file:line`, or 'implicit'. */
  readonly rule: string;
  readonly nat: ExpectedNat | null;
}
interface ExpectedFlow {
  readonly id: string;
  readonly what: string;
  readonly src: string;
  readonly dst: string;
  readonly proto: 'tcp' | 'udp';
  readonly dport: number;
  readonly verdict: 'permit' | 'deny';
  readonly outcome: string;
  readonly hops: readonly ExpectedHop[];
}

const HOP = /^(\S+) (\S+)->(\S+) (\S+)(?: nat (\S+)->(\S+) \((\S+)\))?$/;

function tableRows(heading: string): string[][] {
  const start = README.indexOf(heading);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  let inTable = false;
  for (const line of README.slice(start).split('\n').slice(1)) {
    if (line.startsWith('## ')) break;
    if (!line.startsWith('|')) {
      if (inTable) break;
      continue;
    }
    inTable = true;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.every((c) => /^-+$/.test(c))) continue;
    rows.push(cells);
  }
  return rows.slice(1);
}

function parseHop(text: string): ExpectedHop {
  const m = HOP.exec(text);
  if (!m) throw new Error(`cannot read the hop '${text}'`);
  return {
    device: m[1]!,
    in: m[2]!,
    out: m[3]!,
    rule: m[4]!,
    nat: m[5] ? { from: m[5], to: m[6]!, rule: m[7]! } : null,
  };
}

const FLOWS: readonly ExpectedFlow[] = tableRows('## Flows (worked out by hand)').map((c) => {
  const [id, what, src, dst, proto, dport, verdict, outcome, hops] = c as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    id,
    what,
    src,
    dst,
    proto: proto as 'tcp' | 'udp',
    dport: Number(dport),
    verdict: verdict as 'permit' | 'deny',
    outcome,
    hops: hops === '' ? [] : hops.split('; ').map(parseHop),
  };
});

const CONDUITS = tableRows('## Zone conduits').map(([from, to, services]) => ({
  from: from!,
  to: to!,
  services: services!,
}));

const ATTACKS = tableRows('## Attack paths').map(([target, hops]) => ({
  target: target!,
  hops:
    hops === 'unreachable'
      ? null
      : hops!.split('; ').map((h) => {
          const m = /^(\S+) (\S+) \((.*)\)$/.exec(h);
          if (!m) throw new Error(`cannot read the path hop '${h}'`);
          return { to: m[1]!, service: m[2]!, rules: m[3]!.split(', ') };
        }),
}));

const ip = (text: string): IpAddress => {
  const p = parseAddress(text);
  if (!p.ok) throw new Error(p.error);
  return p.value;
};
const flowOf = (f: ExpectedFlow): Flow => ({
  proto: f.proto === 'tcp' ? 6 : 17,
  src: ip(f.src),
  dst: ip(f.dst),
  sport: 49152,
  dport: f.dport,
});
const cite = (r: { file: string; line: number } | null): string => (r ? `${r.file}:${r.line}` : 'implicit');
const addr = (a: IpAddress): string => {
  const v = a.value as number;
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
};

/** The hop as the README writes it, from Conduit's answer. */
function describeHop(h: SiteHop, flowDport: number, noRoute: boolean): ExpectedHop {
  return {
    device: h.device,
    in: h.in,
    out: h.out ?? (noRoute ? '-' : 'self'),
    rule: cite(h.verdict.rule),
    nat: h.nat
      ? {
          from: `${addr(h.nat.from)}:${flowDport}`,
          to: `${addr(h.nat.to)}:${h.nat.port ?? flowDport}`,
          rule: cite(h.nat.rule),
        }
      : null,
  };
}

/** The outcome word of the README for a site verdict. */
const outcomeOf = (v: SiteVerdict): string =>
  v.decisive.hops.length === 0 && v.decisive.outcome === 'delivered' ? 'same-segment' : v.decisive.outcome;

describe('mill-dnat: the README tables', () => {
  it('lists 20+ flows covering every case the scenario is for', () => {
    expect(FLOWS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(FLOWS.map((f) => f.id)).size).toBe(FLOWS.length);
    const outcomes = new Set(FLOWS.map((f) => f.outcome));
    for (const o of ['delivered', 'denied', 'no-route', 'same-segment', 'left-site'])
      expect(outcomes).toContain(o);
    // IT-to-OT flows stopped at each of the four devices.
    const stoppedAt = new Set(
      FLOWS.filter((f) => f.outcome === 'denied').map((f) => f.hops[f.hops.length - 1]!.device),
    );
    expect([...stoppedAt].sort()).toEqual(['cellgw', 'dmz-inner-pfs', 'dmz-outer-pa', 'edge-fgt']);
    expect(CONDUITS.length).toBeGreaterThan(5);
  });

  it('cites only lines that exist, with their exact text', () => {
    for (const f of FLOWS)
      for (const h of f.hops)
        for (const r of [h.rule, h.nat?.rule]) {
          if (r === undefined || r === 'implicit') continue;
          const [file, line] = r.split(':') as [string, string];
          expect(lineOf(file, Number(line)).trim(), `${f.id} ${r}`).not.toBe('');
        }
  });
});

describe('mill-dnat in process (assembleSite + traceSite)', () => {
  const files = fs
    .readdirSync(SITE)
    .filter((n) => n !== 'README.md')
    .map((name) => ({ name, text: fs.readFileSync(path.join(SITE, name), 'utf8') }));
  const site = assembleSite(files);

  it('imports every file without an issue, four vendors, no assumed route', () => {
    expect(site.issues).toEqual([]);
    const vendors = site.inputs.filter((i) => i.kind === 'config').map((i) => i.vendor);
    expect(vendors.sort()).toEqual(['fortios', 'nftables', 'panos', 'pfsense']);
    expect(site.inputs.map((i) => i.kind).sort()).toEqual([
      'config',
      'config',
      'config',
      'config',
      'inventory',
      'ip-addr',
      'ip-route',
      'site',
    ]);
    const byName = new Map(site.network.devices.map((d) => [d.name, d]));
    for (const d of site.network.devices) {
      expect(d.routes.length, d.name).toBeGreaterThan(0);
      expect(
        d.interfaces.filter((i) => !i.loopback).every((i) => i.addresses.length > 0),
        d.name,
      ).toBe(true);
    }
    expect(byName.get('dmz-outer-pa')!.natPolicyMatch).toBe('original');
    expect(byName.get('edge-fgt')!.natPolicyMatch ?? 'translated').toBe('translated');
    expect(byName.get('cellgw')!.natPolicyMatch ?? 'translated').toBe('translated');
    expect(byName.get('dmz-inner-pfs')!.natPolicyMatch ?? 'translated').toBe('translated');
  });

  for (const f of FLOWS) {
    it(`${f.id}: ${f.what}`, () => {
      const v = traceSite(site.network, flowOf(f));
      expect(v.action).toBe(f.verdict);
      expect(outcomeOf(v)).toBe(f.outcome);
      expect(v.routeAssumed).toBe(false);
      const n = v.decisive.hops.length;
      const hops = v.decisive.hops.map((h, i) =>
        describeHop(h, f.dport, i === n - 1 && v.decisive.outcome === 'no-route'),
      );
      expect(hops).toEqual(f.hops);
      for (const h of v.decisive.hops) {
        for (const r of [h.verdict.rule, h.nat?.rule ?? null])
          if (r) expect(r.text, `${h.device} ${cite(r)}`).toBe(lineOf(r.file, r.line));
      }
    });
  }
});

describe('mill-dnat through the conduit command', () => {
  beforeAll(ensureCliBuilt);

  it('answers every flow of the table with --probes', () => {
    const dir = tempDir();
    const probes = dir.write(
      'probes.csv',
      [
        'id,device,in,out,proto,src,dst,sport,dport',
        ...FLOWS.map((f) => `${f.id},,,,${f.proto},${f.src},${f.dst},49152,${f.dport}`),
      ].join('\n') + '\n',
    );
    const r = conduit(['query', SITE, '--probes', probes, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const answers = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; verdict: string; device: string | null; rule: unknown });
    expect(answers.map((a) => a.id)).toEqual(FLOWS.map((f) => f.id));
    for (const [i, f] of FLOWS.entries()) {
      const a = answers[i]!;
      // The answer cites the last device on the way: the one that denied, or the last that permitted.
      const last = f.hops[f.hops.length - 1];
      const rule =
        last === undefined || f.outcome === 'no-route' || last.rule === 'implicit' ? null : last.rule;
      expect(
        {
          id: a.id,
          verdict: a.verdict,
          device: a.device,
          rule: cite(a.rule as { file: string; line: number } | null),
        },
        f.what,
      ).toEqual({ id: f.id, verdict: f.verdict, device: last?.device ?? null, rule: rule ?? 'implicit' });
    }
  });

  it('answers one flow end to end with every hop and the NAT step (F04: PAN-OS pre-NAT match)', () => {
    const f = FLOWS.find((x) => x.id === 'F04')!;
    const r = conduit([
      'query',
      SITE,
      '--src',
      f.src,
      '--dst',
      f.dst,
      '--proto',
      f.proto,
      '--dport',
      String(f.dport),
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const v = JSON.parse(r.stdout);
    expect([v.verdict, v.outcome]).toEqual([f.verdict, f.outcome]);
    expect(
      v.hops.map((h: { device: string; in: string; out: string; rule: { file: string; line: number } }) => [
        h.device,
        h.in,
        h.out,
        cite(h.rule),
      ]),
    ).toEqual(f.hops.map((h) => [h.device, h.in, h.out, h.rule]));
    const pa = v.hops[1];
    expect([pa.nat.from, pa.nat.to, pa.nat.port, cite(pa.nat.rule)]).toEqual([
      '172.16.1.80',
      '10.30.0.20',
      8443,
      'dmz-outer-pa.set:30',
    ]);
  });

  it('gives the zone conduits worked out by hand', () => {
    const r = conduit(['zones', SITE, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const z = JSON.parse(r.stdout) as {
      zones: string[];
      conduits: { from: string; to: string; services: string }[];
      issues: { source: { file: string } }[];
    };
    // The README is the only file that is not an input (skipped, perhaps with a warning).
    expect(z.issues.filter((i) => i.source.file !== 'README.md')).toEqual([]);
    for (const c of CONDUITS) {
      const got = z.conduits.find((x) => x.from === c.from && x.to === c.to);
      expect(got?.services ?? 'none', `${c.from} -> ${c.to}`).toBe(c.services);
    }
  });

  it('finds the attack paths worked out by hand', () => {
    const r = conduit(['analyze', SITE, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout) as {
      paths: {
        from: string;
        to: string;
        hops: { from: string; to: string; service: string; rules: { file: string; line: number }[] }[];
      }[];
      unreachableTargets: string[];
    };
    const corp = ['it-ws01', 'it-fs01', 'eng-lt01'];
    for (const t of ATTACKS) {
      if (t.hops === null) {
        expect(a.unreachableTargets, t.target).toContain(t.target);
        expect(a.paths.filter((p) => p.to === t.target)).toEqual([]);
        continue;
      }
      const paths = a.paths.filter((p) => p.to === t.target);
      expect(paths.map((p) => p.from).sort(), t.target).toEqual([...corp].sort());
      for (const p of paths)
        expect(
          p.hops.map((h) => ({ to: h.to, service: h.service.split(' ')[0], rules: h.rules.map(cite) })),
          `${p.from} -> ${p.to}`,
        ).toEqual(t.hops);
    }
    expect(new Set(a.paths.map((p) => p.to))).toEqual(
      new Set(ATTACKS.filter((t) => t.hops).map((t) => t.target)),
    );
  });
});
