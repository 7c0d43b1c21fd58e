import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { printable } from '../../cli/format/text';
import { conduit, ensureCliBuilt, repoRoot, tempDir } from './helpers';

beforeAll(ensureCliBuilt);

const SITE = path.join(repoRoot, 'examples', 'plant-site');

describe('conduit analyze --remediate / --disable', () => {
  it('--remediate names rules whose removal closes every path, verified, with the conduits it costs', () => {
    const r = conduit(['analyze', SITE, '--remediate', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.remediation.closesAll).toBe(true);
    expect(doc.remediation.targetsAfter).toBe(0);
    const lines = doc.remediation.rules.map(
      (x: { source: { file: string; line: number } }) => `${x.source.file}:${x.source.line}`,
    );
    // The vendor NOC's door and the two IT RDP rules into the IDMZ and operations.
    expect(lines.sort()).toEqual(['rbw-edge-fw01.cfg:126', 'rbw-edge-fw01.cfg:144', 'rbw-edge-fw01.cfg:146']);
    expect(
      doc.remediation.conduitsClosed.map((c: { from: string; to: string }) => `${c.from}>${c.to}`),
    ).toContain('corp>operations');
  });

  it('--disable shows what a change closes (what-if), and names a missing rule as bad input', () => {
    const r = conduit(['analyze', SITE, '--disable', 'rbw-edge-fw01:it-admin_access_in#3', '--json']);
    expect(r.code).toBe(0);
    const w = JSON.parse(r.stdout).whatIf;
    expect(w.closed.length).toBeGreaterThan(0);
    expect(w.conduits).toContainEqual({ from: 'corp', to: 'operations', opened: 'none', closed: 'tcp/3389' });
    const bad = conduit(['analyze', SITE, '--disable', 'rbw-edge-fw01:nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no rule 'nope'/);
  });

  it('text output shows control characters from configs as escapes', () => {
    expect(printable('a\u001b[2Jb\tc\nd\u0085\u202e')).toBe('a[U+001B][2Jb\tc\nd[U+0085][U+202E]');
  });
});

describe('conduit doh --resolvers', () => {
  it('uses a newer list instead of the bundled one, and a missing list is bad input', () => {
    const t = tempDir();
    const list = t.write(
      'resolvers.csv',
      'address,hostname,protocol,provider\n8.8.8.8,dns.google,doh,Google\n',
    );
    const r = conduit(['doh', SITE, '--resolvers', list, '--json']);
    const missing = conduit(['doh', SITE, '--resolvers', `${list}.nope`]);
    t.cleanup();
    expect(r.code).toBe(0);
    const gaps = JSON.parse(r.stdout).egress as {
      asset: string;
      kind: string;
      resolver: string | null;
      resolverIp: string;
    }[];
    const named = gaps.filter((g) => g.resolver !== null);
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((g) => g.resolver === 'Google' && g.resolverIp === '8.8.8.8')).toBe(true);
    expect(gaps).toContainEqual(
      expect.objectContaining({ asset: 'RBW-OTDC01', kind: 'dns-direct', resolverIp: '8.8.8.8' }),
    );
    expect(missing.code).toBe(2);
  });
});
