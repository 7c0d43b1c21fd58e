import { beforeAll, describe, expect, it } from 'vitest';
import { conduit, ensureCliBuilt, expectOneLineError } from './helpers';

beforeAll(ensureCliBuilt);

describe('conduit --help', () => {
  it('lists every command of the contract, with exit codes and examples', () => {
    const r = conduit(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['parse', 'query', 'analyze', 'zones', 'doh'])
      expect(r.stdout).toMatch(new RegExp(`^  ${cmd} `, 'm'));
    expect(r.stdout).toMatch(/Exit codes:/);
    expect(r.stdout).toMatch(/2 {2}bad input or usage/);
    expect(r.stderr).toBe('');
  });

  it('documents each command', () => {
    const q = conduit(['query', '--help']);
    expect(q.code).toBe(0);
    for (const opt of [
      '--src',
      '--dst',
      '--proto',
      '--sport',
      '--dport',
      '--icmp-type',
      '--device',
      '--in',
      '--from-zone',
      '--out',
      '--to-zone',
      '--filter',
      '--probes',
      '--vendor',
      '--json',
    ]) {
      expect(q.stdout).toContain(opt);
    }
    expect(q.stdout).toContain('id,verdict,file,line');
    const p = conduit(['help', 'parse']);
    expect(p.code).toBe(0);
    expect(p.stdout).toMatch(/Usage: conduit parse \[options\] <file\.\.\.>/);
  });

  it('prints the version', () => {
    const r = conduit(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('usage errors exit 2 with one line on stderr', () => {
  it('no command at all shows the help on stderr', () => {
    const r = conduit([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Usage: conduit/);
  });

  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['parse'], /missing required argument 'file'/],
    [['parse', '--jsn', 'x'], /unknown option '--jsn'.*Did you mean --json\?/],
    [['parse', '--vendor', 'cisco', 'x'], /'cisco' is invalid\. Allowed choices are iptables/],
    [['query', 'x', '--in', 'a', '--from-zone', 'b'], /cannot be used with/],
    [['query', 'x', '--probes', 'p.csv', '--src', '10.0.0.1'], /cannot be used with/],
  ])('%j', (args, message) => {
    const r = conduit(args);
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toMatch(message);
    expect(r.stdout).toBe('');
  });
});
