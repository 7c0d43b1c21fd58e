import { describe, expect, it } from 'vitest';
import { type Finding, HYGIENE_LIMITS, hygieneFindings } from '../../../models/findings';
import { importConfig } from '../../../models/import';
import { zoneMatrix } from '../../../models/reach';
import { buildNetwork } from '../../../models/topology';

/** Rule-hygiene findings of one iptables-save text (filter table, FORWARD chain). */
function hygiene(forward: readonly string[], limits = HYGIENE_LIMITS, file = 'fw.iptables-save'): Finding[] {
  const text = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]']
    .concat(
      forward.map((r) => `-A FORWARD ${r}`),
      ['COMMIT', ''],
    )
    .join('\n');
  const imported = importConfig({ name: file, text });
  const net = buildNetwork({ devices: imported.devices });
  return hygieneFindings(net, zoneMatrix(net), imported.diagnostics, limits);
}

const lines = (f: Finding): number[] => f.rules.map((r) => r.line);
const dead = (fs: readonly Finding[]): Finding[] =>
  fs.filter((f) => f.code === 'shadowed-rule' || f.code === 'redundant-rule');

// Rule k of `forward` sits on line k + 5 of the file (4 header lines).
describe('shadowed rules', () => {
  it('a rule covered by the union of three earlier rules is shadowed, citing the three', () => {
    const fs = dead(
      hygiene([
        '-s 10.0.0.0/25 -p tcp --dport 443 -j DROP',
        '-s 10.0.0.128/26 -p tcp --dport 443 -j DROP',
        '-s 10.0.0.192/26 -p tcp --dport 443 -j ACCEPT',
        '-s 10.9.0.0/16 -p udp -j ACCEPT',
        '-s 10.0.0.0/24 -p tcp --dport 443 -j ACCEPT',
      ]),
    );
    expect(fs).toHaveLength(1);
    expect(fs[0]!.code).toBe('shadowed-rule');
    // The shadowed rule first, then the rules that decide its packets (not the unrelated udp one).
    expect(lines(fs[0]!)).toEqual([9, 5, 6, 7]);
    expect(fs[0]!.message).toContain('line 6');
  });

  it('a near miss: the union leaves one address out, so nothing is reported', () => {
    const fs = dead(
      hygiene([
        '-s 10.0.0.0/25 -p tcp --dport 443 -j DROP',
        '-s 10.0.0.128/26 -p tcp --dport 443 -j DROP',
        '-s 10.0.0.192/27 -p tcp --dport 443 -j DROP',
        '-s 10.0.0.224/28 -p tcp --dport 443 -j DROP',
        '-s 10.0.0.240/29 -p tcp --dport 443 -j DROP',
        '-s 10.0.0.248/30 -p tcp --dport 443 -j DROP',
        '-s 10.0.0.252/31 -p tcp --dport 443 -j DROP',
        '-s 10.0.0.254/32 -p tcp --dport 443 -j DROP',
        '-s 10.0.0.0/24 -p tcp --dport 443 -j ACCEPT',
      ]),
    );
    expect(fs).toEqual([]);
  });

  it('covers across axes: ports split over two rules and sources over two more', () => {
    const fs = dead(
      hygiene([
        '-s 10.0.0.0/24 -p tcp --dport 1:1023 -j DROP',
        '-s 10.0.0.0/24 -p tcp --dport 1024:65535 -j DROP',
        '-s 10.0.0.0/24 -p tcp --dport 0 -j DROP',
        '-s 10.0.0.0/24 -p tcp -j ACCEPT',
      ]),
    );
    expect(fs.map((f) => [f.code, lines(f)])).toEqual([['shadowed-rule', [8, 5, 6, 7]]]);
  });

  it('a rule covered by eight /27s cites all eight; the message names five and counts the rest', () => {
    const parts = [...Array(8).keys()].map((k) => `-s 10.0.0.${k * 32}/27 -p tcp --dport 22 -j DROP`);
    const fs = dead(hygiene([...parts, '-s 10.0.0.0/24 -p tcp --dport 22 -j ACCEPT']));
    expect(fs.map((f) => [f.code, lines(f)])).toEqual([['shadowed-rule', [13, 5, 6, 7, 8, 9, 10, 11, 12]]]);
    expect(fs[0]!.message).toContain('and 3 more');
  });

  it('a rule that only an uncertain earlier match would cover is not called shadowed', () => {
    const fs = dead(
      hygiene(['-s 10.0.0.0/24 -m set --match-set blocked src -j DROP', '-s 10.0.0.0/24 -j ACCEPT']),
    );
    expect(fs).toEqual([]);
  });

  it('an earlier rule on another interface does not cover, the same interface does', () => {
    expect(dead(hygiene(['-i eth1 -s 10.0.0.0/24 -j DROP', '-i eth2 -s 10.0.0.0/24 -j ACCEPT']))).toEqual([]);
    expect(
      dead(
        hygiene([
          '-i eth1 -s 10.0.0.0/24 -j DROP',
          '-i eth2 -s 10.0.0.0/24 -j DROP',
          '-s 10.0.0.5 -j ACCEPT',
        ]),
      ),
    ).toEqual([]);
    const fs = dead(hygiene(['-i eth+ -s 10.0.0.0/24 -j DROP', '-i eth2 -s 10.0.0.5 -j ACCEPT']));
    expect(fs.map((f) => [f.code, lines(f)])).toEqual([['shadowed-rule', [6, 5]]]);
  });

  it('a rule matching only established traffic does not cover one matching new connections', () => {
    const fs = dead(
      hygiene([
        '-m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
        '-s 10.0.0.0/24 -p tcp --dport 22 -j DROP',
      ]),
    );
    expect(fs).toEqual([]);
  });
});

describe('redundant rules', () => {
  it('a rule whose packets earlier rules already decide the same way is redundant', () => {
    const fs = dead(
      hygiene([
        '-s 10.0.0.0/25 -p tcp --dport 502 -j ACCEPT',
        '-s 10.0.0.128/25 -p tcp --dport 502 -j ACCEPT',
        '-s 10.0.0.7 -p tcp --dport 502 -j ACCEPT',
      ]),
    );
    expect(fs.map((f) => [f.code, lines(f)])).toEqual([['redundant-rule', [7, 5]]]);
    expect(fs[0]!.message).toContain('never decides anything');
  });

  it('a rule that a later rule of the same action covers, with nothing in between, is redundant', () => {
    const fs = dead(
      hygiene([
        '-s 10.0.0.7 -p tcp --dport 502 -j ACCEPT',
        '-s 10.5.0.0/16 -j DROP',
        '-s 10.0.0.0/24 -p tcp --dport 502 -j ACCEPT',
      ]),
    );
    expect(fs.map((f) => [f.code, lines(f)])).toEqual([['redundant-rule', [5, 7]]]);
    expect(fs[0]!.message).toContain('can be removed without changing any verdict');
  });

  it('a near miss: a deny between them takes part of the rule, so removing it would change a verdict', () => {
    const fs = dead(
      hygiene([
        '-s 10.0.0.7 -p tcp --dport 502 -j ACCEPT',
        '-s 10.0.0.0/28 -j DROP',
        '-s 10.0.0.0/24 -p tcp --dport 502 -j ACCEPT',
      ]),
    );
    expect(fs).toEqual([]);
  });

  it('two identical rules: only the second is reported, the first is what makes it dead', () => {
    const fs = dead(
      hygiene(['-s 10.0.0.7 -p tcp --dport 22 -j ACCEPT', '-s 10.0.0.7 -p tcp --dport 22 -j ACCEPT']),
    );
    expect(fs.map((f) => [f.code, lines(f)])).toEqual([['redundant-rule', [6, 5]]]);
  });

  it('a jump between the rule and its later cover stops the redundancy (the chain may decide otherwise)', () => {
    const text = [
      '*filter',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD DROP [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':CHECK - [0:0]',
      '-A FORWARD -s 10.0.0.7 -j ACCEPT',
      '-A FORWARD -j CHECK',
      '-A FORWARD -s 10.0.0.0/24 -j ACCEPT',
      '-A CHECK -s 10.0.0.7 -j DROP',
      'COMMIT',
      '',
    ].join('\n');
    const imported = importConfig({ name: 'fw.iptables-save', text });
    const net = buildNetwork({ devices: imported.devices });
    expect(dead(hygieneFindings(net, zoneMatrix(net), imported.diagnostics))).toEqual([]);
  });
});

describe('limits', () => {
  it('when the pairwise budget runs out the list is named in an info finding instead of guessed', () => {
    const rules = ['-s 10.0.0.0/24 -j DROP', '-s 10.0.1.0/24 -j DROP', '-s 10.0.0.0/24 -j ACCEPT'];
    const fs = hygiene(rules, { maxPairs: 1, maxBoxes: 64 });
    expect(dead(fs)).toEqual([]);
    const capped = fs.filter((f) => f.code === 'hygiene-capped');
    expect(capped).toHaveLength(1);
    expect(capped[0]!.severity).toBe('info');
    expect(capped[0]!.message).toContain('FORWARD');
    expect(dead(hygiene(rules)).map((f) => f.code)).toEqual(['shadowed-rule']);
  });
});

describe('any-any and undefined references', () => {
  it('an accept with no address, service or interface match is an any-any rule; one with a source is not', () => {
    expect(
      hygiene(['-j ACCEPT'])
        .filter((f) => f.code === 'any-any-rule')
        .map(lines),
    ).toEqual([[5]]);
    expect(hygiene(['-s 10.0.0.0/8 -j ACCEPT']).filter((f) => f.code === 'any-any-rule')).toEqual([]);
  });

  it('a rule appended to a chain that is never declared is cited as an undefined reference', () => {
    const text = [
      '*filter',
      ':FORWARD DROP [0:0]',
      '-A FORWARD -j ACCEPT',
      '-A NOSUCH -j ACCEPT',
      'COMMIT',
      '',
    ];
    const imported = importConfig({ name: 'fw.iptables-save', text: text.join('\n') });
    const net = buildNetwork({ devices: imported.devices });
    const fs = hygieneFindings(net, zoneMatrix(net), imported.diagnostics);
    expect(fs.filter((f) => f.code === 'undefined-reference').map(lines)).toEqual([[4]]);
    expect(fs.filter((f) => f.code === 'undefined-reference')[0]!.message).toContain('NOSUCH');
  });
});
