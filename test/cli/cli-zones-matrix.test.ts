import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { conduit, ensureCliBuilt, repoRoot, tempDir } from './helpers';
import fs from 'node:fs';

beforeAll(ensureCliBuilt);

const SITE = path.join(repoRoot, 'test', 'fixtures', 'scenarios', 'linux-pair');

interface Conduit {
  from: string;
  to: string;
  services: string;
  evidence: { hops: { device: string; rule: { file: string; line: number; text: string } | null }[] }[];
}

describe('conduit zones', () => {
  it('prints zones, segments and the conduits open between every zone pair, with rules', () => {
    const r = conduit(['zones', SITE, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.segments.map((s: { id: string }) => s.id)).toEqual([
      '10.1.0.0/24',
      '10.2.0.0/24',
      '10.3.0.0/24',
    ]);
    const conduits = doc.conduits as Conduit[];
    expect(conduits.map((c) => [c.from, c.to, c.services])).toEqual([
      ['eth-dmz', 'eth-ot', 'tcp/3389'],
      ['eth-it', 'eth-dmz', 'tcp/443'],
      ['eth-it', 'eth-ot', 'tcp/3389'],
    ]);
    const it2ot = conduits.find((c) => c.to === 'eth-ot' && c.from === 'eth-it')!;
    expect(it2ot.evidence[0]!.hops.map((h) => [h.device, h.rule?.line])).toEqual([
      ['fw1', 7],
      ['fw2', 6],
    ]);
    // The matrix has a cell for every ordered pair, no cap.
    expect(doc.matrix.cells.length).toBe(doc.matrix.zones.length);
  });

  it('--compare shows what opened and closed, and --fail-on-opened exits 1', () => {
    const t = tempDir();
    for (const f of fs.readdirSync(SITE)) t.write(f, fs.readFileSync(path.join(SITE, f)));
    const rules = path.join(t.dir, 'fw2.iptables-save');
    fs.writeFileSync(
      rules,
      fs
        .readFileSync(rules, 'utf8')
        .replace('--dport 502 -j REJECT --reject-with tcp-reset', '--dport 502 -j ACCEPT'),
    );
    const r = conduit(['zones', t.dir, '--compare', SITE, '--fail-on-opened']);
    t.cleanup();
    expect(r.stdout).toBe('+ eth-dmz -> eth-ot: tcp/502\n+ eth-it -> eth-ot: tcp/502\n');
    expect(r.code).toBe(1);
  });
});
