/**
 * Set scripts replayed in file order: `delete` (and the curly form's `delete:`), `insert
 * before|after` against what exists at that point, deactivate / activate sequences, and
 * references to address-sets defined after their use.
 */
import { describe, expect, it } from 'vitest';
import type { Device } from '../../../../models/device';
import { importConfig } from '../../../../models/import';
import { parseJunos } from '../../../../models/import/junos';
import { codesAndLines, flow, verdict } from './support';

const P = 'set security policies from-zone in to-zone out';
const ZONES = [
  'set security zones security-zone in interfaces ge-0/0/0.0',
  'set security zones security-zone out interfaces ge-0/0/1.0',
];
const policy = (name: string, app: string, action: string): string[] => [
  `${P} policy ${name} match source-address any`,
  `${P} policy ${name} match destination-address any`,
  `${P} policy ${name} match application ${app}`,
  `${P} policy ${name} then ${action}`,
];

const text = (...lines: string[]): string => [...ZONES, ...lines, ''].join('\n');
const load = (t: string, name = 'r.set') => importConfig({ name, text: t }, { vendor: 'junos' });
const order = (t: string): string[] =>
  parseJunos('r.set', t)
    .config.policies.get('in\u0000out')!
    .map((p) => `${p.name}${p.inactive ? ' (inactive)' : ''}`);
const lineOf = (t: string, needle: string): number => t.split('\n').findIndex((l) => l.includes(needle)) + 1;
const IN_OUT = { in: 'ge-0/0/0.0', out: 'ge-0/0/1.0' } as const;
const telnet = (dev: Device) => verdict(dev, flow('tcp', '10.0.0.5', '198.51.100.9', 40000, 23), IN_OUT);

describe('delete', () => {
  it('removes a policy; set again afterwards, it comes last in the order', () => {
    const t = text(
      ...policy('allow-all', 'any', 'permit'),
      ...policy('no-telnet', 'junos-telnet', 'deny'),
      `delete security policies from-zone in to-zone out policy allow-all`,
      ...policy('allow-all', 'any', 'permit'),
    );
    expect(order(t)).toEqual(['no-telnet', 'allow-all']);
    const v = telnet(load(t).devices[0]!);
    expect([v.action, v.rule?.line]).toEqual(['deny', lineOf(t, 'policy no-telnet match source-address')]);
    expect(load(t).diagnostics).toEqual([]);
  });

  it('removes one value of a list, and only what was written before it', () => {
    const t = text(
      `${P} policy p match source-address any`,
      `${P} policy p match destination-address any`,
      `${P} policy p match application junos-telnet`,
      `${P} policy p match application junos-ssh`,
      `${P} policy p then permit`,
      `delete security policies from-zone in to-zone out policy p match application junos-telnet`,
    );
    const dev = load(t).devices[0]!;
    expect(telnet(dev).action).toBe('deny');
    expect(verdict(dev, flow('tcp', '10.0.0.5', '198.51.100.9', 40000, 22), IN_OUT).action).toBe('permit');
  });

  it('a node deleted while deactivated and set again is active', () => {
    const t = text(
      ...policy('p', 'any', 'permit'),
      `deactivate security policies from-zone in to-zone out policy p`,
      `delete security policies from-zone in to-zone out policy p`,
      ...policy('p', 'any', 'permit'),
    );
    expect(order(t)).toEqual(['p']);
    expect(telnet(load(t).devices[0]!).action).toBe('permit');
  });

  it('deleting what does not exist (yet) is reported and changes nothing', () => {
    const t = text(
      `delete security policies from-zone in to-zone out policy later`,
      ...policy('later', 'any', 'permit'),
    );
    expect(order(t)).toEqual(['later']);
    expect(codesAndLines(load(t).diagnostics)).toEqual([
      ['undefined-reference', lineOf(t, 'delete security')],
    ]);
  });

  it("curly form: 'delete:' on a statement and on a block", () => {
    const curly = [
      'security {',
      '    zones {',
      '        security-zone in { interfaces { ge-0/0/0.0; } }',
      '        security-zone out { interfaces { ge-0/0/1.0; } }',
      '    }',
      '    policies {',
      '        from-zone in to-zone out {',
      '            policy allow-all {',
      '                match { source-address any; destination-address any; application any; }',
      '                then { permit; }',
      '            }',
      '            policy no-telnet {',
      '                match { source-address any; destination-address any; application [ junos-telnet junos-ssh ]; }',
      '                then { deny; }',
      '            }',
      '            delete: policy allow-all;',
      '            policy no-telnet {',
      '                match { delete: application junos-ssh; }',
      '            }',
      '        }',
      '    }',
      '}',
      'applications {',
      '    delete: application-set unused {',
      '        application junos-http;',
      '    }',
      '}',
      '',
    ].join('\n');
    const r = load(curly, 'r.conf');
    const dev = r.devices[0]!;
    expect(dev.lists.get('in->out')!.rules.map((x) => x.source.line)).toEqual([
      lineOf(curly, 'policy no-telnet {'),
    ]);
    expect(telnet(dev).action).toBe('deny');
    // junos-ssh was deleted from no-telnet: ssh meets the default deny, not no-telnet.
    const ssh = verdict(dev, flow('tcp', '10.0.0.5', '198.51.100.9', 40000, 22), IN_OUT);
    expect([ssh.action, ssh.reason]).toEqual(['deny', 'implicit-deny']);
    expect(codesAndLines(r.diagnostics)).toEqual([
      ['unsupported-construct', lineOf(curly, 'application junos-http;')],
      ['undefined-reference', lineOf(curly, 'delete: application-set unused')],
    ]);
  });
});

describe('insert, replayed in order', () => {
  it('after a policy whose statements are spread out: right behind it, ahead of the policies that followed it', () => {
    const t = text(
      `${P} policy a match source-address any`,
      `${P} policy b match source-address any`,
      `${P} policy b match destination-address any`,
      `${P} policy b match application any`,
      `${P} policy b then permit`,
      `${P} policy a match destination-address any`,
      `${P} policy a match application junos-ssh`,
      `${P} policy a then permit`,
      ...policy('c', 'junos-telnet', 'deny'),
      `insert security policies from-zone in to-zone out policy c after policy a`,
    );
    expect(order(t)).toEqual(['a', 'c', 'b']);
    const v = telnet(load(t).devices[0]!);
    expect([v.action, v.rule?.line]).toEqual(['deny', lineOf(t, 'policy c match source-address')]);
  });

  it('naming a policy defined only later does nothing (the CLI refuses it at that point)', () => {
    const t = text(
      ...policy('allow-all', 'any', 'permit'),
      `insert security policies from-zone in to-zone out policy no-telnet before policy allow-all`,
      ...policy('no-telnet', 'junos-telnet', 'deny'),
    );
    expect(order(t)).toEqual(['allow-all', 'no-telnet']);
    expect(telnet(load(t).devices[0]!).action).toBe('permit');
    expect(codesAndLines(load(t).diagnostics)).toEqual([
      ['undefined-reference', lineOf(t, 'insert security')],
    ]);
  });
});

describe('deactivate / activate sequences', () => {
  it('the last of deactivate / activate wins', () => {
    const d = `deactivate security policies from-zone in to-zone out policy no-telnet`;
    const a = `activate security policies from-zone in to-zone out policy no-telnet`;
    const base = [...policy('no-telnet', 'junos-telnet', 'deny'), ...policy('allow-all', 'any', 'permit')];
    expect(order(text(...base, d, a))).toEqual(['no-telnet', 'allow-all']);
    expect(order(text(...base, a, d))).toEqual(['no-telnet (inactive)', 'allow-all']);
    expect(order(text(...base, d, a, d))).toEqual(['no-telnet (inactive)', 'allow-all']);
    expect(telnet(load(text(...base, d, a, d)).devices[0]!).action).toBe('permit');
  });
});

describe('address-sets used before they are defined', () => {
  it('a policy naming a set, and a set naming a set, defined further down', () => {
    const t = text(
      `${P} policy p match source-address any`,
      `${P} policy p match destination-address outer`,
      `${P} policy p match application junos-telnet`,
      `${P} policy p then permit`,
      'set security address-book global address-set outer address-set inner',
      'set security address-book global address-set inner address web',
      'set security address-book global address web 198.51.100.9/32',
    );
    const dev = load(t).devices[0]!;
    expect(telnet(dev).action).toBe('permit');
    expect(verdict(dev, flow('tcp', '10.0.0.5', '198.51.100.10', 40000, 23), IN_OUT).action).toBe('deny');
    expect(load(t).diagnostics).toEqual([]);
  });
});

describe('predefined junos-* applications', () => {
  const app = (name: string) =>
    text(
      `${P} policy p match source-address any`,
      `${P} policy p match destination-address any`,
      `${P} policy p match application ${name}`,
      `${P} policy p then permit`,
    );
  const ask = (name: string, proto: string, port: number) => {
    const v = verdict(
      load(app(name)).devices[0]!,
      flow(proto, '10.0.0.5', '198.51.100.9', 40000, port),
      IN_OUT,
    );
    return [v.action, v.uncertain.length > 0];
  };

  it.each([
    ['junos-smtp', 'tcp', 25],
    ['junos-imap', 'tcp', 143],
    ['junos-pop3', 'tcp', 110],
    ['junos-ike', 'udp', 500],
    ['junos-ike-nat', 'udp', 4500],
    ['junos-ldap', 'tcp', 389],
    ['junos-syslog', 'udp', 514],
    ['junos-radius', 'udp', 1812],
    ['junos-ms-sql', 'tcp', 1433],
    ['junos-smb-session', 'tcp', 445],
  ] as const)('%s is %s/%d, nothing else', (name, proto, port) => {
    expect(ask(name, proto, port)).toEqual(['permit', false]);
    expect(ask(name, proto, port + 1)).toEqual(['deny', false]);
    expect(ask(name, proto === 'tcp' ? 'udp' : 'tcp', port)).toEqual(['deny', false]);
  });

  it('an RPC application and an unknown junos-* name are reported and taken as any (uncertain)', () => {
    for (const name of ['junos-ms-rpc', 'junos-sun-rpc-portmap-tcp', 'junos-cifs']) {
      const t = app(name);
      expect(ask(name, 'tcp', 8443)).toEqual(['permit', true]);
      expect(codesAndLines(load(t).diagnostics)).toEqual([
        ['unsupported-construct', lineOf(t, `application ${name}`)],
      ]);
    }
    expect(load(app('junos-ms-rpc')).diagnostics[0]!.message).toContain('RPC ALG');
  });
});
