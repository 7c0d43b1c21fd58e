import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatAddress, parseAddress } from '../../models/net';
import { traceSite } from '../../models/reach';
import { type SiteAnalysis, analyzeSite } from '../../models/report';
import { assembleSite } from '../../models/topology';
import { conduit, ensureCliBuilt, repoRoot } from '../cli/helpers';

/**
 * What `conduit analyze` must find in the bundled example (examples/plant-site/README.md, section
 * "Intended weaknesses"): the lateral-movement paths of W1 (RDP from IT straight to an engineering
 * workstation) and W3 (the vendor NOC through the remote-access gateway), the historian
 * replication of W2 as a finding, the DNS egress of W4, each hop citing its rules.
 */
const SITE_DIR = path.join(repoRoot, 'examples', 'plant-site');

let analysis: SiteAnalysis;
beforeAll(() => {
  const files = fs
    .readdirSync(SITE_DIR)
    .filter((n) => n !== 'README.md')
    .sort()
    .map((name) => ({ name, text: fs.readFileSync(path.join(SITE_DIR, name), 'utf8') }));
  const site = assembleSite(files);
  analysis = analyzeSite(site.network, site.issues);
});

const cite = (d: { device: string; rule: { file: string; line: number } | null }): string =>
  `${d.device}:${d.rule ? `${d.rule.file}:${d.rule.line}` : '-'}`;

describe('the example site: lateral movement', () => {
  it('W1: an OT-support laptop in IT reaches the PLCs through RDP to an engineering workstation', () => {
    const plc = analysis.lateral.targets.find((t) => t.target === 'RBW-PLC-FLT01')!;
    expect(plc.length).toBe(2);
    const w1 = plc.paths.find((p) => p.hops[0]!.to === 'RBW-EWS01')!;
    expect(w1.hops.map((h) => [h.service, h.devices.map(cite)])).toEqual([
      [
        'tcp/3389 (rdp)',
        [
          'rbw-edge-fw01:rbw-edge-fw01.cfg:146',
          'rbw-idmz-fw01:rbw-idmz-fw01.conf:123',
          'rbw-idmz-fw02:rbw-idmz-fw02.iptables-save:26',
        ],
      ],
      ['tcp/44818 (ethernet-ip)', ['rbw-cell-rtr01:rbw-cell-rtr01.cfg:101']],
    ]);
    expect(w1.uncertain || w1.routeAssumed).toBe(false);
  });

  it('W3: the vendor NOC reaches the filtration PLCs through the remote-access gateway', () => {
    const plc = analysis.lateral.targets.find((t) => t.target === 'RBW-PLC-FLT01')!;
    const w3 = plc.paths.find((p) => p.from === 'AQUATECH-NOC')!;
    expect(w3.hops.map((h) => [h.from, h.to, h.service, h.devices.map(cite)])).toEqual([
      [
        'AQUATECH-NOC',
        'RBW-RAG01',
        'tcp/443 (https)',
        ['rbw-edge-fw01:rbw-edge-fw01.cfg:126', 'rbw-idmz-fw01:rbw-idmz-fw01.conf:109'],
      ],
      [
        'RBW-RAG01',
        'RBW-PLC-FLT01',
        'tcp/44818 (ethernet-ip)',
        ['rbw-idmz-fw02:rbw-idmz-fw02.iptables-save:28', 'rbw-cell-rtr01:rbw-cell-rtr01.cfg:112'],
      ],
    ]);
  });

  it('the field level (L0) is not reachable, and the blast radius of the OT-support laptops reaches the cells', () => {
    expect(analysis.lateral.unreachableTargets).toEqual(expect.arrayContaining(['RBW-RIO01', 'RBW-VFD01']));
    const laptop = analysis.lateral.blastRadius.find((b) => b.foothold === 'RBW-OTS-LT16')!;
    expect(laptop.byLevel['3']).toBeGreaterThan(0);
    expect(laptop.targetsReached).toBeGreaterThan(20);
  });
});

describe('the example site: findings and DNS egress', () => {
  const codes = (zones: string): string[] =>
    analysis.findings.filter((f) => f.zones?.join('>') === zones).map((f) => f.code);

  it('W1 is an IT-to-OT DMZ bypass with a remote-control service', () => {
    expect(codes('corp>operations')).toEqual(expect.arrayContaining(['dmz-bypass', 'pivot-into-ot', 'undeclared-conduit']));
    const f = analysis.findings.find((x) => x.code === 'dmz-bypass' && x.zones?.join('>') === 'corp>operations')!;
    expect(f.services).toBe('tcp/3389');
    expect(f.rules.map((r) => `${r.file}:${r.line}`)).toContain('rbw-edge-fw01.cfg:146');
  });

  it('W2: historian replication from L3 to the corporate servers crosses the DMZ', () => {
    const f = analysis.findings.find((x) => x.code === 'ot-to-it' && x.zones?.join('>') === 'operations>corp-servers')!;
    expect(f.services).toContain('5450');
    expect(f.rules.map((r) => `${r.file}:${r.line}`)).toEqual(
      expect.arrayContaining(['rbw-idmz-fw02.iptables-save:33', 'rbw-edge-fw01.cfg:169']),
    );
  });

  it('W4: L3 hosts have HTTPS to the internet (DoH) and the plant DCs send DNS to 8.8.8.8: critical', () => {
    const ews = analysis.egress.find((g) => g.asset === 'RBW-EWS01' && g.kind === 'https-any')!;
    expect(ews.severity).toBe('critical');
    expect(ews.devices.map(cite)).toEqual([
      'rbw-idmz-fw02:rbw-idmz-fw02.iptables-save:34',
      'rbw-idmz-fw01:rbw-idmz-fw01.conf:181',
      'rbw-edge-fw01:rbw-edge-fw01.cfg:171',
    ]);
    const dns = analysis.egress.find((g) => g.asset === 'RBW-OTDC01' && g.kind === 'dns-direct' && g.resolverIp === '8.8.8.8')!;
    expect([dns.severity, dns.service]).toEqual(['critical', 'udp/53']);
    expect(dns.devices.map(cite)[0]).toBe('rbw-idmz-fw02:rbw-idmz-fw02.iptables-save:35');
    // DoT stays closed from L3 (D9/D10 in the README).
    expect(analysis.egress.filter((g) => g.zone === 'operations' && g.kind === 'dot')).toEqual([]);
    expect(analysis.findings.find((f) => f.code === 'ot-internet')?.zones).toEqual(['operations', 'internet']);
  });

  it('rule hygiene: the cell router\'s SIS denies are redundant before its closing deny any; nothing is shadowed', () => {
    const hygiene = (code: string): string[][] =>
      analysis.findings
        .filter((f) => f.code === code)
        .map((f) => f.rules.map((r) => `${r.file}:${r.line}`));
    // `deny ip any 10.30.24.0 0.0.0.255 log` then `deny ip any any log`: removing the first changes no verdict.
    expect(hygiene('redundant-rule')).toEqual([
      ['rbw-cell-rtr01.cfg:115', 'rbw-cell-rtr01.cfg:116'],
      ['rbw-cell-rtr01.cfg:130', 'rbw-cell-rtr01.cfg:131'],
    ]);
    expect(hygiene('shadowed-rule')).toEqual([]);
    expect(hygiene('any-any-rule')).toEqual([]);
    expect(hygiene('hygiene-capped')).toEqual([]);
  });
});

describe('conduit analyze examples/plant-site', () => {
  beforeAll(ensureCliBuilt);

  it('--json has the contract shape, and every cited line is the exact text of the file', () => {
    const r = conduit(['analyze', SITE_DIR, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['paths', 'egress', 'findings', 'issues']));
    const refs = [
      ...doc.paths.flatMap((p: { hops: { rules: { file: string; line: number; text: string }[] }[] }) => p.hops.flatMap((h) => h.rules)),
      ...doc.egress.flatMap((g: { rules: { file: string; line: number; text: string }[] }) => g.rules),
    ];
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      const lines = fs.readFileSync(path.join(SITE_DIR, ref.file), 'utf8').split('\n');
      expect(ref.text, `${ref.file}:${ref.line}`).toBe(lines[ref.line - 1]!.replace(/\r$/, ''));
    }
  });

  it('--fail-on critical exits 1 on this site', () => {
    expect(conduit(['analyze', SITE_DIR, '--fail-on', 'critical']).code).toBe(1);
  });
});

describe('the example site: destination NAT', () => {
  it("the vendor NOC reaches the remote-access gateway through the edge's static NAT address", () => {
    const files = fs
      .readdirSync(SITE_DIR)
      .filter((n) => n !== 'README.md')
      .map((name) => ({ name, text: fs.readFileSync(path.join(SITE_DIR, name), 'utf8') }));
    const net = assembleSite(files).network;
    const src = parseAddress('198.51.100.14');
    const dst = parseAddress('203.0.113.4');
    if (!src.ok || !dst.ok) throw new Error('address');
    const v = traceSite(net, { proto: 6, src: src.value, dst: dst.value, sport: 49152, dport: 443 });
    expect(v.action).toBe('permit');
    const [edge, outer] = v.decisive.hops;
    expect([edge!.device, edge!.in, edge!.out, edge!.verdict.rule?.line]).toEqual(['rbw-edge-fw01', 'outside', 'idmz-link', 126]);
    expect(edge!.nat && [formatAddress(edge!.nat.to), edge!.nat.rule.line]).toEqual(['172.16.35.40', 97]);
    expect([outer!.device, outer!.verdict.rule?.line]).toEqual(['rbw-idmz-fw01', 109]);
  });
});
