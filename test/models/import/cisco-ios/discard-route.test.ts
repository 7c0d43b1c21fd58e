import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../../models/import';

describe('IOS static routes to Null0', () => {
  it('are discard routes; others are not', () => {
    const text = [
      'hostname r1',
      'interface GigabitEthernet0/0',
      ' ip address 10.0.0.1 255.255.255.0',
      'ip route 10.9.0.0 255.255.0.0 Null0',
      'ip route 0.0.0.0 0.0.0.0 10.0.0.254',
      '',
    ].join('\n');
    const d = importConfig({ name: 'r1.cfg', text }, { vendor: 'cisco-ios' }).devices[0]!;
    expect(d.routes.map((r) => [r.prefix, r.discard === true])).toEqual([
      ['10.9.0.0/16', true],
      ['0.0.0.0/0', false],
    ]);
  });
});
