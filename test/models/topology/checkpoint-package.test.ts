import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleSite } from '../../../models/topology';
import { corpusRoot } from '../import/shared/corpus';

/** A site folder holding a Check Point package: its API files import together as one gateway. */
describe('assembleSite with a Check Point package', () => {
  const dir = path.join(corpusRoot, 'checkpoint');
  const files = fs
    .readdirSync(dir)
    .filter((n) => n.startsWith('lab-basic-fw-policy.'))
    .map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));

  it('merges the rulebase, object lists, NAT, gateways and Gaia configuration into one device', () => {
    const site = assembleSite(files);
    expect(site.network.devices.map((d) => d.name)).toEqual(['cp-gw1']);
    const gw = site.network.devices[0]!;
    expect(gw.interfaces.map((i) => i.name)).toEqual(expect.arrayContaining(['eth0', 'eth1', 'eth2']));
    expect(gw.nat.length).toBeGreaterThan(0);
    expect(site.inputs.every((i) => i.kind === 'config' && i.vendor === 'checkpoint')).toBe(true);
    // The objects the rulebase names are found in the sibling files.
    expect(site.issues.filter((d) => d.code === 'undefined-reference')).toEqual([]);
    // Its interfaces give the site segments.
    expect(site.network.segments.length).toBeGreaterThan(0);
  });

  it('the rulebase alone knows no interfaces, so the site has no segments', () => {
    const alone = assembleSite(files.filter((f) => f.name.includes('show-access-rulebase')));
    expect(alone.network.devices.length).toBe(1);
    expect(alone.network.devices[0]!.interfaces).toEqual([]);
    expect(alone.network.segments).toEqual([]);
  });
});
