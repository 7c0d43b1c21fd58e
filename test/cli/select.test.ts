import { describe, expect, it } from 'vitest';
import { answerQuery, targetOf } from '../../cli/query/answer';
import { buildFlow } from '../../cli/query/flow';
import { resolveEndpoint, resolveList, selectDevice } from '../../cli/query/select';
import type { Device } from '../../models/device';
import { importConfig } from '../../models/import';
import { SMALL_RULESET } from './helpers';

const imported = (name: string): Device => {
  const r = importConfig({ name, text: SMALL_RULESET });
  return r.devices[0]!;
};
const fw1 = imported('fw1.rules');
const fw2 = imported('site/fw2.iptables-save');
const twin = imported('other/fw1.save');

/** A device with zones, as zone-based vendors will produce; iptables has none. */
const zoned: Device = {
  ...fw1,
  name: 'zoned',
  interfaces: [
    { name: 'lan0', zone: 'it', addresses: [], source: null },
    { name: 'lan1', zone: 'it', addresses: [], source: null },
    { name: 'ot0', zone: 'ot', addresses: [], source: null },
  ],
  zones: [
    { name: 'it', interfaces: ['lan0', 'lan1'], source: null },
    { name: 'ot', interfaces: ['ot0'], source: null },
    { name: 'empty', interfaces: [], source: null },
  ],
};

describe('selectDevice', () => {
  it('takes the only device when none is named', () => {
    expect(selectDevice([fw1], undefined)).toEqual({ ok: true, value: fw1 });
  });

  it('refuses to guess among several devices and names them', () => {
    const r = selectDevice([fw1, fw2], undefined);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/2 devices \(fw1, fw2\).*--device/);
  });

  it('finds a device by name, or by its file when names collide', () => {
    expect(selectDevice([fw1, fw2], 'fw2')).toEqual({ ok: true, value: fw2 });
    const r = selectDevice([fw1, twin], 'fw1');
    expect(!r.ok && r.error).toMatch(/several devices are named 'fw1' \(from fw1.rules, other\/fw1.save\)/);
    expect(selectDevice([fw1, twin], 'other/fw1.save')).toEqual({ ok: true, value: twin });
  });

  it('lists the devices when the name is unknown', () => {
    const r = selectDevice([fw1, fw2], 'fw3');
    expect(!r.ok && r.error).toBe("no device named 'fw3' (devices: fw1, fw2)");
  });
});

describe('resolveList', () => {
  it('accepts the exact name, the chain name alone, and any case', () => {
    for (const name of ['filter/INPUT', 'INPUT', 'input', 'Filter/Input'])
      expect(resolveList(fw1, name)).toEqual({ ok: true, value: 'filter/INPUT' });
    expect(resolveList(fw1, 'ot-in')).toEqual({ ok: true, value: 'filter/ot-in' });
  });

  it('lists the available lists for an unknown name', () => {
    const r = resolveList(fw1, 'nope');
    expect(!r.ok && r.error).toBe(
      "device fw1 has no list 'nope' (lists: filter/INPUT, filter/FORWARD, filter/OUTPUT, filter/ot-in)",
    );
  });

  it('reports a name that fits lists of several tables', () => {
    const d: Device = {
      ...fw1,
      lists: new Map([
        ...fw1.lists,
        ['mangle/ot-in', fw1.lists.get('filter/ot-in')!],
        ['raw/ot-in', fw1.lists.get('filter/ot-in')!],
      ]),
    };
    expect(resolveList(d, 'ot-in')).toEqual({ ok: true, value: 'filter/ot-in' });
    const r = resolveList(
      { ...d, lists: new Map([...d.lists].filter(([k]) => !k.startsWith('filter/'))) },
      'OT-IN',
    );
    expect(!r.ok && r.error).toMatch(/names several lists/);
  });
});

describe('resolveEndpoint', () => {
  it('passes interface names through, declared or not (iptables declares none)', () => {
    expect(resolveEndpoint(fw1, 'eth9', false)).toEqual({ ok: true, value: { interfaces: ['eth9'] } });
  });

  it('expands a zone to its interfaces', () => {
    expect(resolveEndpoint(zoned, 'it', true)).toEqual({
      ok: true,
      value: { interfaces: ['lan0', 'lan1'], zone: 'it' },
    });
    expect(resolveEndpoint(zoned, 'ot', false)).toEqual({
      ok: true,
      value: { interfaces: ['ot0'], zone: 'ot' },
    });
  });

  it('explains a zone that does not exist, and passes on a zone no interface joins', () => {
    expect(resolveEndpoint(fw1, 'ot', true)).toEqual({
      ok: false,
      error: "device fw1 defines no zones ('ot')",
    });
    expect(resolveEndpoint(zoned, 'dmz', true)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/zones: it, ot, empty/),
    });
    // Policies may name a zone no interface is in (aerleon's SRX output): it is still a zone.
    expect(resolveEndpoint(zoned, 'empty', true)).toEqual({
      ok: true,
      value: { interfaces: [], zone: 'empty' },
    });
  });
});

describe('answerQuery', () => {
  const flow = (dport: string, proto = 'tcp') => {
    const f = buildFlow({ proto, src: '10.1.0.5', dst: '10.2.0.7', dport });
    if (!f.ok) throw new Error(f.error);
    return f.value;
  };

  it('evaluates transit traffic through the bound lists', () => {
    const a = answerQuery(targetOf(fw1, null, ['lan0'], ['ot0']), flow('502'));
    expect(a.verdict).toMatchObject({ action: 'permit', reason: 'rule', ruleId: 'filter/ot-in#1' });
    expect(a.verdict.rule?.line).toBe(12);
  });

  it('evaluates one list alone with --filter, falling through to no-match', () => {
    const a = answerQuery(targetOf(fw1, 'filter/ot-in'), flow('80'));
    expect(a.verdict).toMatchObject({ action: 'deny', reason: 'no-match', rule: null });
  });

  it('tries every interface of a zone and answers with the first that permits', () => {
    const a = answerQuery(targetOf(zoned, null, ['lan9', 'lan0'], ['ot0']), flow('502'));
    expect(a).toMatchObject({ inInterface: 'lan0', verdict: { action: 'permit' } });
    const d = answerQuery(targetOf(zoned, null, ['lan9', 'lan8'], ['ot0']), flow('502'));
    expect(d).toMatchObject({ inInterface: 'lan9', verdict: { action: 'deny', reason: 'default' } });
  });
});
