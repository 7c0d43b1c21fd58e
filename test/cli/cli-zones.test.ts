import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { conduit, corpus, ensureCliBuilt } from './helpers';

beforeAll(ensureCliBuilt);

describe('conduit query --from-zone / --to-zone', () => {
  const srx = path.join(corpus, 'junos', 'aerleon-sample-srx.srx');
  const lines = fs.readFileSync(srx, 'utf8').split('\n');

  it('evaluates the zone pair even when no interface joins the zones, citing the policy', () => {
    const r = conduit([
      'query',
      srx,
      '--from-zone',
      'Untrust',
      '--to-zone',
      'DMZ',
      '--src',
      '192.0.2.1',
      '--dst',
      '10.0.0.1',
      '--proto',
      'tcp',
      '--dport',
      '443',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { verdict: string; rule: { line: number; text: string } | null };
    expect(out.verdict).toBe('permit');
    expect(out.rule?.text).toBe(lines[out.rule!.line - 1]);
    expect(out.rule?.text).toMatch(/policy /);
  });

  it('falls to the default for a zone pair without policies', () => {
    const r = conduit([
      'query',
      srx,
      '--from-zone',
      'DMZ',
      '--to-zone',
      'Untrust',
      '--src',
      '10.0.0.1',
      '--dst',
      '192.0.2.1',
      '--proto',
      'tcp',
      '--dport',
      '443',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { verdict: string }).verdict).toBe('deny');
  });
});
