import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SMALL_RULESET,
  conduit,
  ensureCliBuilt,
  expectOneLineError,
  fileLines,
  iptablesCorpus,
  tempDir,
  MODBUS_FLOW,
} from './helpers';

beforeAll(ensureCliBuilt);
const tmp = tempDir();
afterAll(tmp.cleanup);
const fw1 = tmp.write('fw1.rules', SMALL_RULESET);
const fw2 = tmp.write('fw2.rules', SMALL_RULESET);
const factory = path.join(iptablesCorpus, 'topos-imaginary-factory-network.iptables-save');
const aerleon = path.join(iptablesCorpus, 'aerleon-sample-multitarget.iptables-restore');

function queryJson(
  args: string[],
): Record<string, unknown> & { rule: { file: string; line: number; text: string } | null } {
  const r = conduit(['query', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('conduit query --json', () => {
  it('answers with the contract fields and cites the exact line', () => {
    const v = queryJson([fw1, ...MODBUS_FLOW]);
    expect(v).toMatchObject({
      verdict: 'permit',
      device: 'fw1',
      rule: { file: fw1, line: 12, endLine: 12, text: fileLines(fw1)[11] },
      reason: 'rule',
      ruleId: 'filter/ot-in#1',
      uncertain: [],
      flow: { proto: 'tcp', src: '10.1.0.5', dst: '10.2.0.7', sport: 49152, dport: 502 },
      evaluated: { attachment: 'transit' },
      in: 'lan0',
      out: 'ot0',
      issues: [],
    });
    expect(Object.keys(v).slice(0, 4)).toEqual(['verdict', 'device', 'rule', 'reason']);
    expect((v.trace as unknown[]).length).toBeGreaterThan(0);
  });

  it('cites the chain policy line when the default decides', () => {
    const v = queryJson([
      fw1,
      '--src',
      '10.1.0.5',
      '--dst',
      '10.9.0.1',
      '--proto',
      'udp',
      '--dport',
      '53',
      '--in',
      'lan0',
      '--out',
      'dmz0',
    ]);
    expect(v).toMatchObject({
      verdict: 'deny',
      reason: 'default',
      rule: { line: 4, text: ':FORWARD DROP [0:0]' },
    });
  });

  it('reports a rule it had to guess about as uncertain', () => {
    const v = queryJson([fw1, '--src', '10.1.0.5', '--dst', '10.2.0.7', '--proto', 'tcp', '--dport', '502']);
    expect(v.verdict).toBe('permit');
    expect((v.uncertain as string[]).join(' ')).toMatch(/interface was not given/);
  });

  it('asks about ICMP by type and code', () => {
    const v = queryJson([
      fw1,
      '--src',
      '10.1.0.5',
      '--dst',
      '10.2.0.7',
      '--proto',
      'icmp',
      '--icmp-type',
      '8',
      '--in',
      'lan0',
      '--out',
      'ot0',
    ]);
    expect(v).toMatchObject({ verdict: 'permit', rule: { line: 14 }, flow: { icmpType: 8, icmpCode: 0 } });
    const unreachable = queryJson([
      fw1,
      '--src',
      '10.1.0.5',
      '--dst',
      '10.2.0.7',
      '--proto',
      'icmp',
      '--icmp-type',
      '3',
      '--icmp-code',
      '1',
      '--in',
      'lan0',
      '--out',
      'ot0',
    ]);
    expect(unreachable).toMatchObject({ verdict: 'deny', reason: 'default' });
  });

  it('cites lines of a real export', () => {
    const v = queryJson([
      factory,
      '--src',
      '10.8.0.1',
      '--dst',
      '10.8.1.2',
      '--proto',
      'tcp',
      '--dport',
      '22',
      '--in',
      'AdminPc',
      '--out',
      'MissionControl2',
    ]);
    expect(v).toMatchObject({ verdict: 'permit', rule: { line: 13 } });
    expect(v.rule!.text).toBe(fileLines(factory)[12]);
  });
});

describe('conduit query --filter', () => {
  it.each(['INPUT', 'filter/INPUT', 'input'])('evaluates one chain alone: %s', (name) => {
    const v = queryJson([
      fw1,
      '--src',
      '10.1.0.5',
      '--dst',
      '10.0.0.1',
      '--proto',
      'tcp',
      '--dport',
      '22',
      '--filter',
      name,
      '--in',
      'eth0',
    ]);
    expect(v).toMatchObject({ verdict: 'permit', rule: { line: 8 }, evaluated: { list: 'filter/INPUT' } });
  });

  it('evaluates a user chain as if applied inbound, with no-match when nothing matches', () => {
    const hit = queryJson([
      aerleon,
      '--src',
      '8.8.8.8',
      '--dst',
      '10.1.1.1',
      '--proto',
      'tcp',
      '--dport',
      '80',
      '--filter',
      'I_deny-to-rfc1918',
    ]);
    expect(hit).toMatchObject({
      verdict: 'deny',
      reason: 'rule',
      rule: { text: '-A I_deny-to-rfc1918 -p all -d 10.0.0.0/8 -j DROP' },
    });
    expect(hit.rule!.text).toBe(fileLines(aerleon)[hit.rule!.line - 1]);
    const miss = queryJson([
      aerleon,
      '--src',
      '8.8.8.8',
      '--dst',
      '9.9.9.9',
      '--proto',
      'tcp',
      '--dport',
      '80',
      '--filter',
      'I_deny-to-rfc1918',
    ]);
    expect(miss).toMatchObject({ verdict: 'deny', reason: 'no-match', rule: null });
  });

  it('lists the available lists for an unknown name (exit 2)', () => {
    const r = conduit([
      'query',
      fw1,
      '--src',
      '10.1.0.5',
      '--dst',
      '10.0.0.1',
      '--proto',
      'tcp',
      '--dport',
      '22',
      '--filter',
      'PREROUTING',
    ]);
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toBe(
      "conduit: --filter: device fw1 has no list 'PREROUTING' (lists: filter/INPUT, filter/FORWARD, filter/OUTPUT, filter/ot-in)",
    );
  });
});

describe('conduit query with several devices', () => {
  const flow = [
    '--src',
    '10.1.0.5',
    '--dst',
    '10.2.0.7',
    '--proto',
    'tcp',
    '--dport',
    '445',
    '--in',
    'lan0',
    '--out',
    'ot0',
  ];

  it('refuses to guess and names the devices (exit 2)', () => {
    const r = conduit(['query', fw1, fw2, ...flow]);
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toMatch(/the files hold 2 devices \(fw1, fw2\); name one with --device/);
  });

  it('asks the device named with --device', () => {
    const v = queryJson([fw1, fw2, ...flow, '--device', 'fw2']);
    expect(v).toMatchObject({ device: 'fw2', verdict: 'deny', rule: { file: fw2, line: 13 } });
  });
});

describe('conduit query (text)', () => {
  it('prints the verdict, the reason and the cited line', () => {
    const r = conduit([
      'query',
      fw1,
      '--src',
      '10.1.0.5',
      '--dst',
      '10.2.0.7',
      '--proto',
      'tcp',
      '--dport',
      '445',
      '--in',
      'lan0',
      '--out',
      'ot0',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'DENY  tcp 10.1.0.5:49152 -> 10.2.0.7:445  through fw1 (transit), in lan0, out ot0',
        `  rule filter/ot-in#2 at ${fw1}:13: -A ot-in -p tcp -m tcp --dport 445 -j REJECT --reject-with tcp-reset`,
        '',
      ].join('\n'),
    );
  });

  it('names the policy that decided, or says that nothing did', () => {
    const policy = conduit([
      'query',
      fw1,
      '--src',
      '10.1.0.5',
      '--dst',
      '10.9.0.1',
      '--proto',
      'udp',
      '--dport',
      '53',
      '--in',
      'lan0',
      '--out',
      'dmz0',
    ]);
    expect(policy.stdout.split('\n')[1]).toBe(
      `  default policy of filter/FORWARD at ${fw1}:4: :FORWARD DROP [0:0]`,
    );
    const none = conduit([
      'query',
      fw1,
      '--src',
      '10.1.0.5',
      '--dst',
      '10.2.0.7',
      '--proto',
      'tcp',
      '--dport',
      '80',
      '--filter',
      'ot-in',
    ]);
    expect(none.stdout).toBe(
      'DENY  tcp 10.1.0.5:49152 -> 10.2.0.7:80  through list filter/ot-in of fw1\n  no rule of filter/ot-in matched\n',
    );
  });
});

describe('conduit query usage errors (exit 2, one line)', () => {
  const base = [fw1, '--src', '10.1.0.5', '--dst', '10.2.0.7'];
  it.each([
    ['no flow', [fw1], /query needs --src, --dst, --proto/],
    [
      'tcp without --dport',
      [...base, '--proto', 'tcp'],
      /^conduit: --dport: a tcp flow needs a destination port$/,
    ],
    ['port out of range', [...base, '--proto', 'tcp', '--dport', '99999'], /--dport: '99999' is not a port/],
    [
      'bad address',
      [fw1, '--src', '10.1.0.500', '--dst', '10.2.0.7', '--proto', 'udp', '--dport', '1'],
      /--src: '10.1.0.500' is not an IPv4 or IPv6 address/,
    ],
    [
      'mixed families',
      [fw1, '--src', '10.1.0.5', '--dst', '::1', '--proto', 'udp', '--dport', '1'],
      /must both be IPv4 or both IPv6/,
    ],
    ['unknown protocol', [...base, '--proto', 'tcpx', '--dport', '1'], /--proto: 'tcpx' is not a protocol/],
    ['ports with icmp', [...base, '--proto', 'icmp', '--dport', '8'], /use --icmp-type and --icmp-code/],
    [
      'icmp type with tcp',
      [...base, '--proto', 'tcp', '--dport', '1', '--icmp-type', '8'],
      /apply only to --proto icmp/,
    ],
    [
      'unknown device',
      [...base, '--proto', 'tcp', '--dport', '1', '--device', 'fw9'],
      /no device named 'fw9' \(devices: fw1\)/,
    ],
    [
      'unknown zone',
      [...base, '--proto', 'tcp', '--dport', '1', '--from-zone', 'ot'],
      /--from-zone: device fw1 defines no zones/,
    ],
  ])('%s', (_, args, message) => {
    const r = conduit(['query', ...args]);
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toMatch(message);
    expect(r.stdout).toBe('');
  });
});
