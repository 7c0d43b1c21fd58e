/**
 * The shared corpus of Check Point exports, read in place: every file imports as checkpoint
 * without a crash or an error, every diagnostic and rule quotes its line exactly, the lab
 * rulebases decide as their rules say (citing the rule's line), and the lab package merges its
 * gateway, NAT and Gaia configuration into one device.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectVendor, importConfig } from '../../../../models/import';
import {
  corpusDir,
  corpusNames,
  corpusPackage,
  expectVerdict,
  flow,
  importPackage,
  misquoted,
  packageDevice,
  readCorpus,
  splitLines,
  verdict,
} from './support';

const lineOfRule = (name: string, ruleName: string): number => {
  const lines = splitLines(readCorpus(name));
  const at = lines.findIndex((l) => l.includes(`"name": "${ruleName}"`));
  // The rule's object opens on the line before the uid line that precedes its name.
  let k = at;
  while (k > 0 && lines[k]!.trim() !== '{') k--;
  return k + 1;
};

describe('every corpus file', () => {
  const names = corpusNames();

  it('is there to test (the corpus is read in place)', () => {
    expect(names.length).toBeGreaterThanOrEqual(11);
  });

  it.each(names)('%s is detected as checkpoint and imports without errors', (name) => {
    const text = readCorpus(name);
    expect(detectVendor(text)).toBe('checkpoint');
    const result = importConfig({ name, text });
    expect(result.vendor).toBe('checkpoint');
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const lines = splitLines(text);
    expect(misquoted(name, lines, result.diagnostics)).toEqual([]);
    for (const dev of result.devices) {
      for (const l of dev.lists.values())
        for (const r of l.rules) expect(r.source.text).toBe(lines[r.source.line - 1]);
    }
  });

  it.each(
    names.filter((n) =>
      /show-(hosts|networks|address-ranges|groups|services|service-groups|simple-gateways|nat)/.test(n),
    ),
  )('%s alone is an object list: zero devices and an info saying to import it with its rulebase', (name) => {
    const result = importConfig({ name, text: readCorpus(name) });
    expect(result.devices).toEqual([]);
    const note = result.diagnostics.find((d) => d.code === 'empty-input');
    expect(note?.severity).toBe('info');
    expect(note?.message).toContain('import it together with its rulebase');
  });

  it('rulebase files import to one device each', () => {
    for (const name of names.filter((n) => n.includes('show-access-rulebase'))) {
      const result = importConfig({ name, text: readCorpus(name) });
      expect(result.devices).toHaveLength(1);
      expect(result.devices[0]!.lists.size).toBe(1);
    }
  });

  it('an API page that is not the whole answer says so (show-services-tcp: 50 of 217)', () => {
    const name = 'lab-basic-fw-policy.show-services-tcp.json';
    const d = importConfig({ name, text: readCorpus(name) }).diagnostics.find(
      (x) => x.code === 'truncated-input',
    );
    expect(d?.message).toContain('1-50 of 217');
  });
});

describe('lab-basic-fw-policy rulebase on its own', () => {
  const name = 'lab-basic-fw-policy.show-access-rulebase.json';
  const dev = importConfig({ name, text: readCorpus(name) }).devices[0]!;

  it('keeps the five rules in order with their rule numbers, and is named after the package', () => {
    expect(dev.name).toBe('lab-basic-fw-policy');
    expect(dev.lists.get('Network')!.rules.map((r) => [r.id, r.origin.name, r.action])).toEqual([
      ['Network#1', 'MGMT', 'permit'],
      ['Network#2', 'OSPF_Multicast', 'permit'],
      ['Network#3', 'Deny_ICMP_in_to_out', 'deny'],
      ['Network#4', 'Allow_SSH_in_to_out', 'permit'],
      ['Network#5', 'Cleanup rule', 'deny'],
    ]);
  });

  it('drops ICMP echo from the inside host to the outside host (rule 3), citing the rule object line', () => {
    const v = verdict(dev, flow('icmp', '10.12.11.9', '172.16.0.3', 0, 8));
    expectVerdict(v, 'deny', name, lineOfRule(name, 'Deny_ICMP_in_to_out'));
    expect(v.rule!.text).toBe('        {');
  });

  it('permits ssh from the inside network (rule 4), and the cleanup rule drops the rest', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '10.12.11.9', '172.16.0.3', 40000, 22)),
      'permit',
      name,
      lineOfRule(name, 'Allow_SSH_in_to_out'),
    );
    expectVerdict(
      verdict(dev, flow('tcp', '10.12.11.9', '172.16.0.3', 40000, 23)),
      'deny',
      name,
      lineOfRule(name, 'Cleanup rule'),
    );
  });

  it('MGMT: anything to the gateway object addresses (its interfaces) is accepted, to the device too', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '198.51.100.7', '10.150.0.15', 40000, 443), { to: 'to-device' }),
      'permit',
      name,
      lineOfRule(name, 'MGMT'),
    );
    expectVerdict(
      verdict(dev, flow('udp', '10.12.11.9', '10.23.21.1', 40000, 161)),
      'permit',
      name,
      lineOfRule(name, 'MGMT'),
    );
  });

  it('OSPF multicast: the multicast address range 224.0.0.5-224.0.0.6', () => {
    expectVerdict(
      verdict(dev, flow('ospf', '10.12.11.9', '224.0.0.6')),
      'permit',
      name,
      lineOfRule(name, 'OSPF_Multicast'),
    );
    expectVerdict(
      verdict(dev, flow('ospf', '10.12.11.9', '224.0.0.7')),
      'deny',
      name,
      lineOfRule(name, 'Cleanup rule'),
    );
  });
});

describe('lab-bond-vlan rulebase', () => {
  const name = 'lab-bond-vlan.show-access-rulebase.json';
  const dev = importConfig({ name, text: readCorpus(name) }).devices[0]!;

  it('ALLOW_10/0 permits within 10/8; the cleanup rule drops the rest', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '10.1.2.3', '10.4.5.6', 1, 2)),
      'permit',
      name,
      lineOfRule(name, 'ALLOW_10/0'),
    );
    expectVerdict(
      verdict(dev, flow('tcp', '10.1.2.3', '192.168.0.1', 1, 2)),
      'deny',
      name,
      lineOfRule(name, 'Cleanup rule'),
    );
  });
});

describe('lab-basic-fw-policy as a package', () => {
  const files = corpusPackage('lab-basic-fw-policy');
  const result = importPackage(files);

  it('gives one device per gateway, with the Gaia interfaces and default route, the NAT rules and no error', () => {
    expect(files).toHaveLength(9);
    expect(result.devices.map((d) => d.name)).toEqual(['cp-gw1']);
    const dev = packageDevice(result, 'cp-gw1');
    expect(dev.interfaces.map((i) => `${i.name} ${i.addresses.join(' ')}`)).toEqual([
      'eth0 10.150.0.15/16',
      'eth1 10.12.11.2/24',
      'eth2 10.23.21.1/24',
      'lo 127.0.0.1/8',
    ]);
    expect(dev.routes.map((r) => `${r.prefix} ${r.nextHop}`)).toEqual(['0.0.0.0/0 10.150.0.1']);
    expect(dev.routes[0]!.source?.text).toBe(
      'set static-route default nexthop gateway address 10.150.0.1 on',
    );
    expect(dev.nat.map((n) => [n.kind, n.translates, n.to])).toEqual([
      ['masquerade', 'source', 'hide behind the gateway'],
    ]);
    expect(dev.support).toMatchObject({ filtering: 'full', nat: 'recorded', routes: 'modelled' });
    expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('decides as the rulebase alone does, citing the rulebase file', () => {
    const dev = packageDevice(result, 'cp-gw1');
    const name = 'lab-basic-fw-policy.show-access-rulebase.json';
    expectVerdict(
      verdict(dev, flow('tcp', '10.12.11.9', '172.16.0.3', 40000, 22), { in: 'eth1', out: 'eth2' }),
      'permit',
      name,
      lineOfRule(name, 'Allow_SSH_in_to_out'),
      files,
    );
  });

  it('every citation of the package quotes its own file', () => {
    const byName = new Map(files.map((f) => [f.name, splitLines(f.text)]));
    for (const d of result.diagnostics)
      expect(d.source.text).toBe(byName.get(d.source.file)![d.source.line - 1]);
    for (const dev of result.devices) {
      for (const n of dev.nat) expect(n.source.text).toBe(byName.get(n.source.file)![n.source.line - 1]);
      for (const i of dev.interfaces)
        expect(i.source?.text).toBe(byName.get(i.source!.file)![i.source!.line - 1]);
    }
  });
});

describe('the Gaia configuration on its own', () => {
  const name = 'lab-basic-fw-policy.gaia-gw-show-configuration.txt';

  it('is a device named by its hostname, with interfaces and routes, no rules, and a note', () => {
    const result = importConfig({ name, text: readCorpus(name) });
    expect(result.vendor).toBe('checkpoint');
    const dev = result.devices[0]!;
    expect(dev.name).toBe('cp-gw1');
    expect(dev.lists.size).toBe(0);
    expect(dev.interfaces.map((i) => i.name)).toEqual(['eth0', 'eth1', 'eth2', 'lo']);
    expect(dev.routes).toHaveLength(1);
    expect(dev.support.notes[0]).toContain('access policy is on the management server');
    expect(result.diagnostics.some((d) => d.message.includes('not its access policy'))).toBe(true);
  });
});

describe('detection', () => {
  it('no file of another vendor in the shared corpus is taken for Check Point', () => {
    const root = path.dirname(corpusDir);
    const taken: string[] = [];
    const walk = (dir: string, rel: string): void => {
      for (const f of readdirSync(dir)) {
        const file = path.join(dir, f);
        if (statSync(file).isDirectory()) walk(file, `${rel}${f}/`);
        else if (detectVendor(readFileSync(file, 'utf8')) === 'checkpoint') taken.push(`${rel}${f}`);
      }
    };
    for (const d of readdirSync(root).filter(
      (d) => d !== 'checkpoint' && statSync(path.join(root, d)).isDirectory(),
    ))
      walk(path.join(root, d), `${d}/`);
    expect(taken).toEqual([]);
  });
});
