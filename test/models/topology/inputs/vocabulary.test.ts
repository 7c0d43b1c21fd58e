import { describe, expect, it } from 'vitest';
import {
  normaliseRole,
  parseConduitService,
  parseOfferedService,
  parsePurdueLevel,
} from '../../../../models/topology/inputs';

describe('parsePurdueLevel', () => {
  it.each([
    ['0', 0],
    ['5', 5],
    ['3.5', 3.5],
    ['3.50', 3.5],
    ['4.0', 4],
    ['L2', 2],
    ['l 1', 1],
    ['Level 3', 3],
    ['level_3', 3],
    ['Level-1', 1],
    ['lvl4', 4],
    ['Purdue Level 2', 2],
    ['DMZ', 3.5],
    ['IDMZ', 3.5],
    ['Industrial DMZ', 3.5],
    ['level dmz', 3.5],
    ['internet', 'internet'],
    ['Enterprise', 4],
    ['corporate', 4],
    ['site operations', 3],
    ['supervisory', 2],
    ['basic control', 1],
    ['field', 0],
  ] as const)('%s -> %s', (text, level) => {
    expect(parsePurdueLevel(text)).toBe(level);
  });

  it.each(['', '6', '-1', '2.5', 'L7', 'level', 'high', 'constructor', '__proto__', '1e0', '0x1'])(
    '%s is not a level',
    (text) => {
      expect(parsePurdueLevel(text)).toBeNull();
    },
  );
});

describe('normaliseRole', () => {
  it.each([
    ['PLC', 'plc'],
    ['Programmable Logic Controller', 'plc'],
    ['Engineering Workstation', 'ews'],
    ['engineering_workstation', 'ews'],
    ['Human-Machine Interface', 'hmi'],
    ['  Data   Historian ', 'historian'],
    ['Jump Server', 'jump-host'],
    ['Bastion', 'jump-host'],
    ['File Server', 'file server'],
    ['constructor', 'constructor'],
  ])('%s -> %s', (text, role) => {
    expect(normaliseRole(text)).toBe(role);
  });

  it('is undefined for an empty role', () => {
    expect(normaliseRole('  ')).toBeUndefined();
  });
});

describe('parseOfferedService', () => {
  it('reads both orders, a name, and refuses the rest', () => {
    expect(parseOfferedService('tcp/502')).toEqual({ proto: 'tcp', port: 502 });
    expect(parseOfferedService('47808/UDP')).toEqual({ proto: 'udp', port: 47808 });
    expect(parseOfferedService('sctp/2905(m3ua)')).toEqual({ proto: 'sctp', port: 2905, name: 'm3ua' });
    for (const bad of ['tcp/0', 'tcp/65536', 'icmp/8', '502', 'tcp/', 'tcp/502(', 'http']) {
      expect(parseOfferedService(bad)).toBeNull();
    }
  });
});

describe('parseConduitService', () => {
  it('reads ports, ranges, icmp and names', () => {
    expect(parseConduitService('tcp/443')).toEqual([{ proto: 'tcp', ports: [[443, 443]] }]);
    expect(parseConduitService('tcp/5900-5903')).toEqual([{ proto: 'tcp', ports: [[5900, 5903]] }]);
    expect(parseConduitService('ICMP')).toEqual([{ proto: 'icmp' }]);
    expect(parseConduitService('icmpv6')).toEqual([{ proto: 'icmpv6' }]);
    expect(parseConduitService('any')).toEqual([{ proto: 'any' }]);
    expect(parseConduitService('https')).toEqual([
      { proto: 'tcp', ports: [[443, 443]], name: 'https' },
      { proto: 'udp', ports: [[443, 443]], name: 'https' },
    ]);
    expect(parseConduitService('ssh')).toEqual([{ proto: 'tcp', ports: [[22, 22]], name: 'ssh' }]);
    expect(parseConduitService('modbus')).toEqual([{ proto: 'tcp', ports: [[502, 502]], name: 'modbus' }]);
    expect(parseConduitService('dnp3')).toHaveLength(2);
  });

  it.each([
    'tcp/0',
    'tcp/65536',
    'udp/10-5',
    'tcp 22',
    'frobnicate',
    'constructor',
    '__proto__',
    '',
    'tcp/1-2-3',
  ])('%s does not parse', (text) => {
    expect(parseConduitService(text)).toBeNull();
  });
});
