import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANY_ADDRESS,
  ANY_SERVICE,
  type ServiceSet,
  addressEquals,
  icmpService,
  portRange,
  serviceEquals,
  serviceOfProtocol,
  serviceSubtract,
  serviceUnion,
  NO_SERVICE,
  ANY_PORT,
  type Intervals,
  unionIntervals,
} from '../../../models/net';
import type { RuleEdit } from '../../../models/paths';
import {
  formatAddressList,
  formatServiceList,
  fromRuleEdit,
  parseAddressItem,
  parseAddressList,
  parseServiceItem,
  parseServiceList,
  toRuleEdits,
} from '../../../models/project';
import { addressArb } from '../net/arbitraries';

const svc = (text: string): ServiceSet => {
  const p = parseServiceItem(text);
  if (!p.ok) throw new Error(p.error);
  return p.value;
};

describe('service items', () => {
  it('read protocols, ports, port ranges and ICMP types as the service sets they name', () => {
    expect(serviceEquals(svc('tcp/22'), serviceOfProtocol(6, ANY_PORT, portRange(22, 22)))).toBe(true);
    expect(serviceEquals(svc('udp/53'), serviceOfProtocol(17, ANY_PORT, portRange(53, 53)))).toBe(true);
    expect(serviceEquals(svc('tcp/5900-5903'), serviceOfProtocol(6, ANY_PORT, portRange(5900, 5903)))).toBe(
      true,
    );
    expect(serviceEquals(svc('tcp/80,443'), serviceUnion(svc('tcp/80'), svc('tcp/443')))).toBe(true);
    expect(serviceEquals(svc('icmp'), serviceOfProtocol(1))).toBe(true);
    expect(serviceEquals(svc('icmp/8'), icmpService(1, [8, 9]))).toBe(true);
    expect(serviceEquals(svc('icmp/3 code 4'), icmpService(1, [3, 4], [4, 5]))).toBe(true);
    expect(
      serviceEquals(svc('tcp/any from 1024-65535'), serviceOfProtocol(6, portRange(1024, 65535), ANY_PORT)),
    ).toBe(true);
    expect(serviceEquals(svc('tcp'), serviceOfProtocol(6))).toBe(true);
    expect(serviceEquals(svc('47'), serviceOfProtocol(47))).toBe(true);
    expect(svc('any')).toBe(ANY_SERVICE);
  });

  it('refuse what is not a service, saying why', () => {
    const error = (t: string): string => {
      const p = parseServiceItem(t);
      return p.ok ? 'accepted' : p.error;
    };
    expect(error('tcp/65536')).toMatch(/port 65536 is out of range/);
    expect(error('tcp/30-20')).toMatch(/ends before it starts/);
    expect(error('bogus/22')).toMatch(/'bogus' is not a protocol/);
    expect(error('gre/22')).toMatch(/neither ports nor ICMP types/);
    expect(error('icmp/8 from 1')).toMatch(/not ports/);
    expect(error('tcp/22 code 1')).toMatch(/not ICMP codes/);
    expect(error('icmp/256')).toMatch(/out of range/);
    expect(error(' tcp/22')).toMatch(/is not a service/);
    expect(error('constructor')).toMatch(/not a protocol/);
    expect(parseServiceList(['tcp/22', 'udp/x'])).toEqual({
      ok: false,
      error: expect.stringMatching(/^\[1\]: /),
    });
  });
});

describe('address items', () => {
  it('read any, addresses, prefixes and ranges in both families', () => {
    const list = parseAddressList(['10.0.0.0/8', '192.168.1.5', '172.16.0.1-172.16.0.9', '2001:db8::/32']);
    expect(list.ok && formatAddressList(list.value)).toEqual([
      '10.0.0.0/8',
      '172.16.0.1-172.16.0.9',
      '192.168.1.5',
      '2001:db8::/32',
    ]);
    const any = parseAddressItem('any');
    expect(any.ok && addressEquals(any.value, ANY_ADDRESS)).toBe(true);
    expect(formatAddressList(ANY_ADDRESS)).toEqual(['any']);
  });

  it('refuse host bits, mixed-family ranges and garbage', () => {
    const error = (t: string): string => {
      const p = parseAddressItem(t);
      return p.ok ? 'accepted' : p.error;
    };
    expect(error('10.0.0.1/8')).toMatch(/host bits.*10\.0\.0\.0\/8/);
    expect(error('10.0.0.9-10.0.0.1')).toMatch(/ends before it starts/);
    expect(error('10.0.0.1-::1')).toMatch(/mix IPv4 and IPv6/);
    expect(error('10.0.0.0/33')).toMatch(/longer than 32/);
    expect(error('10.0.0.0/255.0.255.0')).toMatch(/not an address/);
    expect(error('host.example')).toMatch(/not an address/);
  });

  it('format any address set to items that read back to the same set', () => {
    fc.assert(
      fc.property(addressArb, ({ set }) => {
        const back = parseAddressList(formatAddressList(set));
        expect(back.ok && addressEquals(back.value, set)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

/** A port set of up to three ranges (empty: any). */
const portsArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 300 })), { maxLength: 3 })
  .map((rs) =>
    rs.reduce<Intervals<number>>((acc, [a, n]) => unionIntervals(acc, [a, Math.min(a + n + 1, 65536)]), []),
  );

const oneServiceArb: fc.Arbitrary<ServiceSet> = fc.oneof(
  fc
    .constantFrom(6, 17, 132)
    .chain((p) =>
      fc
        .tuple(portsArb, portsArb)
        .map(([s, d]) => serviceOfProtocol(p, s.length ? s : ANY_PORT, d.length ? d : ANY_PORT)),
    ),
  fc
    .constantFrom(1, 58)
    .chain((p) =>
      fc
        .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.boolean())
        .map(([t, c, anyCode]) => icmpService(p, [t, t + 1], anyCode ? undefined : [c, c + 1])),
    ),
  fc.integer({ min: 0, max: 255 }).map((p) => serviceOfProtocol(p)),
  fc.constant(ANY_SERVICE),
);
const serviceArb: fc.Arbitrary<ServiceSet> = fc
  .tuple(fc.array(oneServiceArb, { maxLength: 4 }), fc.array(oneServiceArb, { maxLength: 2 }))
  .map(([plus, minus]) =>
    serviceSubtract(plus.reduce(serviceUnion, NO_SERVICE), minus.reduce(serviceUnion, NO_SERVICE)),
  );

describe('service lists', () => {
  it('format any service set to items that read back to the same set', () => {
    fc.assert(
      fc.property(serviceArb, (set) => {
        const items = formatServiceList(set);
        const back = parseServiceList(items);
        if (!back.ok) throw new Error(`${items.join(' ; ')}: ${back.error}`);
        expect(serviceEquals(back.value, set)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('what-if edits', () => {
  it('convert to RuleEdits, naming the edit and field that cannot be read', () => {
    const ok = toRuleEdits([
      { kind: 'disable', device: 'fw1', rule: 'filter/FORWARD#3', note: 'vendor access retired' },
      { kind: 'narrow', device: 'fw1', rule: 'acl#2', src: ['10.1.0.0/24'] },
      {
        kind: 'deny-above',
        device: 'fw2',
        rule: 'r9',
        src: ['any'],
        dst: ['10.30.2.0/24'],
        service: ['tcp/502'],
      },
    ]);
    expect(ok.ok).toBe(true);
    if (!ok.ok) return;
    expect(ok.value[0]).toEqual({ kind: 'disable', device: 'fw1', rule: 'filter/FORWARD#3' });
    expect(ok.value[1]!.kind === 'narrow' && ok.value[1]!.dst).toBeUndefined();
    const deny = ok.value[2]!;
    expect(deny.kind === 'deny-above' && serviceEquals(deny.service, svc('tcp/502'))).toBe(true);
    const bad = toRuleEdits([
      { kind: 'disable', device: 'fw1', rule: 'r1' },
      {
        kind: 'deny-above',
        device: 'fw1',
        rule: 'r2',
        src: ['any'],
        dst: ['any'],
        service: ['tcp/22', 'tcp/99999'],
      },
    ]);
    expect(bad).toEqual({
      ok: false,
      index: 1,
      error: expect.stringMatching(/^edits\[1\]\.service\[1\]: 'tcp\/99999'/),
    });
    expect(toRuleEdits([{ kind: 'disable', device: '', rule: 'r1' }])).toEqual({
      ok: false,
      index: 0,
      error: 'edits[0].device is empty',
    });
  });

  it('round-trip through their saved form with equal sets and the note kept', () => {
    const editArb: fc.Arbitrary<RuleEdit> = fc.oneof(
      fc.constant<RuleEdit>({ kind: 'disable', device: 'fw', rule: 'r#1' }),
      fc
        .record({ src: fc.option(addressArb), dst: fc.option(addressArb), service: fc.option(serviceArb) })
        .map(({ src, dst, service }): RuleEdit => ({
          kind: 'narrow',
          device: 'fw',
          rule: 'r#2',
          ...(src ? { src: src.set } : {}),
          ...(dst ? { dst: dst.set } : {}),
          ...(service ? { service } : {}),
        })),
      fc.tuple(addressArb, addressArb, serviceArb).map(([s, d, service]): RuleEdit => ({
        kind: 'deny-above',
        device: 'fw',
        rule: 'r#3',
        src: s.set,
        dst: d.set,
        service,
      })),
    );
    fc.assert(
      fc.property(editArb, fc.option(fc.string()), (edit, note) => {
        const saved = fromRuleEdit(edit, note ?? undefined);
        expect(saved.note).toBe(note ?? undefined);
        const back = toRuleEdits([saved]);
        if (!back.ok) throw new Error(back.error);
        const e = back.value[0]!;
        expect(e.kind).toBe(edit.kind);
        if (edit.kind === 'disable') return;
        for (const key of ['src', 'dst'] as const) {
          const a = edit[key];
          const b = (e as typeof edit)[key];
          expect(a === undefined ? b === undefined : b !== undefined && addressEquals(a, b)).toBe(true);
        }
        const sa = edit.service;
        const sb = (e as typeof edit).service;
        expect(sa === undefined ? sb === undefined : sb !== undefined && serviceEquals(sa, sb)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
