import { describe, expect, it } from 'vitest';
import { deviceNameOf } from '../../../../models/import/iptables';

describe('deviceNameOf', () => {
  it('drops only a known export extension, so similar file names stay distinct devices', () => {
    expect(deviceNameOf('topos.by-linux-kernel.iptables-save')).toBe('topos.by-linux-kernel');
    expect(deviceNameOf('topos.iptables-save')).toBe('topos');
    expect(deviceNameOf('site/fw1.rules')).toBe('fw1');
    expect(deviceNameOf('C:\\exports\\edge.v4')).toBe('edge');
    expect(deviceNameOf('edge-fw')).toBe('edge-fw');
    expect(deviceNameOf('.iptables')).toBe('.iptables');
  });
});
