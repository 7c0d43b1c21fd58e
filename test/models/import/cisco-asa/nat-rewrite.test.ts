import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../../models/import';

const asa = (body: string): string =>
  [
    'ASA Version 9.16(1)',
    'hostname fw',
    'interface GigabitEthernet0/0',
    ' nameif outside',
    ' security-level 0',
    ' ip address 203.0.113.2 255.255.255.248',
    'interface GigabitEthernet0/1',
    ' nameif dmz',
    ' security-level 50',
    ' ip address 172.16.0.1 255.255.255.0',
    body,
    '',
  ].join('\n');

const rewrites = (text: string) =>
  importConfig({ name: 'fw.cfg', text })
    .devices[0]!.nat.filter((n) => n.translates === 'destination')
    .map((n) => [n.id, n.rewrite?.address ?? null]);

describe('ASA static NAT as an exact destination rewrite', () => {
  it('object static NAT of one host to one host', () => {
    expect(
      rewrites(asa('object network WEB\n host 172.16.0.10\n nat (dmz,outside) static 203.0.113.4')),
    ).toEqual([['nat#1/reverse', '172.16.0.10']]);
  });

  it('not for a subnet, nor with port translation, nor when another rule could match first', () => {
    expect(
      rewrites(
        asa('object network NET\n subnet 172.16.0.0 255.255.255.0\n nat (dmz,outside) static 198.51.100.0'),
      ),
    ).toEqual([['nat#1/reverse', null]]);
    expect(
      rewrites(
        asa(
          'object network WEB\n host 172.16.0.10\n nat (dmz,outside) static 203.0.113.4 service tcp 443 8443',
        ),
      ),
    ).toEqual([['nat#1/reverse', null]]);
    expect(
      rewrites(
        asa(
          'object network WEB\n host 172.16.0.10\n nat (dmz,outside) static 203.0.113.4\n' +
            'object network WEB2\n host 172.16.0.11\n nat (dmz,outside) static 203.0.113.4',
        ),
      ),
    ).toEqual([
      ['nat#1/reverse', null],
      ['nat#2/reverse', null],
    ]);
  });
});
