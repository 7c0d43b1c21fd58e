/**
 * The shared OPNsense corpus, read in place: legacy rules with explicit quick and direction,
 * MVC aliases, many VLAN interfaces, NAT sections.
 */
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../../models/import';
import { describeCorpus } from '../pfsense/corpus-suite';
import { flow, splitLines, verdict, vendorSupport } from '../pfsense/support';

describeCorpus('opnsense', 6);

const S = vendorSupport('opnsense');
const load = (name: string) => {
  const text = S.readCorpus(name);
  return { lines: splitLines(text), dev: importConfig({ name, text }).devices[0]! };
};
const ruleAbove = (lines: readonly string[], needle: string): number => {
  let at = lines.findIndex((l) => l.includes(needle));
  while (at >= 0 && !lines[at]!.trim().startsWith('<rule')) at--;
  return at + 1;
};

describe('opnsense-default-config.xml.sample', () => {
  const { lines, dev } = load('opnsense-default-config.xml.sample');

  it('LAN to any passes by the default rule; WAN in is denied by default', () => {
    const v = verdict(dev, flow('tcp', '192.168.1.10', '8.8.8.8', 40000, 443), { in: 'lan', out: 'wan' });
    expect(v.action).toBe('permit');
    expect(v.rule?.line).toBe(ruleAbove(lines, 'Default allow LAN to any rule'));
    expect(
      verdict(dev, flow('tcp', '8.8.8.8', '192.168.1.10', 40000, 22), { in: 'wan', out: 'lan' }).action,
    ).toBe('deny');
  });
});

describe('opndossier-opnsense-mvc-aliases.xml', () => {
  const { dev } = load('opndossier-opnsense-mvc-aliases.xml');

  it('reads the MVC aliases (nested, and a host name flagged)', () => {
    const result = importConfig({ name: 'x.xml', text: S.readCorpus('opndossier-opnsense-mvc-aliases.xml') });
    expect(dev.lists.get('lan')!.rules.length).toBeGreaterThan(0);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('opndossier-sample-6-large-102-rules.xml', () => {
  const { lines, dev } = load('opndossier-sample-6-large-102-rules.xml');

  it('each VLAN interface passes its own traffic by its "default allow" rule', () => {
    const v = verdict(dev, flow('tcp', '10.7.23.5', '8.8.8.8', 40000, 443), { in: 'opt6', out: 'wan' });
    expect(v.action).toBe('permit');
    expect(v.rule?.line).toBe(ruleAbove(lines, 'default allow VLAN_723 any'));
  });

  it('a disabled rule (<disabled>1</disabled>) is not imported', () => {
    const carp = [...dev.lists.get('wan')!.rules].filter(
      (r) => r.source.line === lines.indexOf('    <rule uuid="validUUID">') + 1,
    );
    expect(carp).toEqual([]);
  });
});
