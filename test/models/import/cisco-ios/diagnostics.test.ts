/**
 * Parse and conversion diagnostics of each fixture, by code and line: what a line cannot be
 * used for is said at that line, nothing is dropped silently.
 */
import { describe, expect, it } from 'vitest';
import { codesAndLines, lineOf, load } from './support';

const at = (file: string, needle: string, from = 1): number => lineOf(file, needle, from);

describe('diagnostics by code and line', () => {
  it('numbered-acls: a non-IP access-list number is unsupported', () => {
    const f = 'numbered-acls.cfg';
    expect(codesAndLines(load(f).diagnostics)).toEqual([['unsupported-construct', at(f, 'access-list 700')]]);
  });

  it('named-acls: duplicate sequence numbers, bad protocols, ports and options, undecidable matches', () => {
    const f = 'named-acls.cfg';
    expect(codesAndLines(load(f).diagnostics)).toEqual([
      ['duplicate-definition', at(f, '30 permit tcp any any eq 8080')],
      ['invalid-value', at(f, 'frobnicate any any')],
      ['invalid-value', at(f, 'eq notaport')],
      ['unsupported-construct', at(f, 'eq 443 frobnicate')],
      ['uncertain-match', at(f, 'time-range')],
      ['uncertain-match', at(f, 'dscp ef')],
    ]);
  });

  it('object-groups: loops and undefined groups at the referencing line, unused groups as info', () => {
    const f = 'object-groups.cfg';
    const d = load(f).diagnostics;
    expect(codesAndLines(d)).toEqual([
      ['invalid-value', at(f, 'group-object LOOP-A')],
      ['undefined-reference', at(f, 'object-group MISSING')],
      ['undefined-reference', at(f, 'object-group NO-SUCH-SERVICE')],
      ['unused-object', at(f, 'object-group network NEVER-USED')],
    ]);
    expect(d.find((x) => x.code === 'unused-object')!.severity).toBe('info');
  });

  it('interfaces-bindings: an applied but undefined ACL is reported where it is applied', () => {
    const f = 'interfaces-bindings.cfg';
    const d = load(f).diagnostics;
    expect(codesAndLines(d)).toEqual([['undefined-reference', at(f, 'ip access-group NOT-DEFINED in')]]);
    expect(d[0]!.message).toMatch(/filters nothing/);
  });

  it('zone-based-firewall: application protocols are matched by port, and say so', () => {
    const f = 'zone-based-firewall.cfg';
    expect(codesAndLines(load(f).diagnostics)).toEqual([
      ['lossy-conversion', at(f, 'match protocol http')],
      ['lossy-conversion', at(f, 'match protocol https')],
    ]);
  });

  it('zbf-mistakes: undefined zones, ACLs, classes and policies; zone-pairs without a policy; unused maps', () => {
    const f = 'zbf-mistakes--warnings.cfg';
    expect(codesAndLines(load(f).diagnostics)).toEqual([
      ['undefined-reference', at(f, 'zone-member security C')],
      ['invalid-value', at(f, 'zone-pair security b-a')],
      ['undefined-reference', at(f, 'match access-group name NO-SUCH-ACL')],
      ['undefined-reference', at(f, 'class type inspect NO-SUCH-CLASS')],
      ['unsupported-construct', at(f, 'match protocol gopher')],
      ['undefined-reference', at(f, 'zone-pair security a-c')],
      ['unused-object', at(f, 'class-map type inspect match-any NOBODY-USES-ME')],
      ['unused-object', at(f, 'policy-map type inspect LONELY')],
    ]);
  });

  it('nxos-acls: imports cleanly', () => {
    expect(load('nxos-acls.cfg').diagnostics).toEqual([]);
  });

  it('show-ip-access-lists: reflexive lists are unsupported', () => {
    const f = 'show-ip-access-lists.txt';
    expect(codesAndLines(load(f).diagnostics)).toEqual([
      ['unsupported-construct', at(f, 'Reflexive IP access list')],
    ]);
  });

  it('garbage--recovery: unknown blocks span their lines, banners and certificates are skipped, cut entries reported', () => {
    const f = 'garbage--recovery.cfg';
    const r = load(f);
    const unknown = r.diagnostics.find((d) => d.code === 'unrecognized-line')!;
    expect([unknown.source.line, unknown.source.endLine]).toEqual([
      at(f, 'frobnicate the router'),
      at(f, 'frobnicate more'),
    ]);
    expect(codesAndLines(r.diagnostics)).toEqual([
      ['unrecognized-line', at(f, 'frobnicate the router')],
      ['unsupported-construct', at(f, 'ip nat inside')],
      ['invalid-value', at(f, 'CUT') + 2],
      ['invalid-value', at(f, ' permit udp any host')],
    ]);
    const dev = r.devices[0]!;
    expect(dev.name).toBe('garbage');
    // `access-list 1` is banner text, not an ACL.
    expect([...dev.lists.keys()]).toEqual(['CUT']);
    expect(dev.lists.get('CUT')!.rules).toHaveLength(1);
  });

  it('a file with nothing Cisco in it is refused with one error', () => {
    const r = load('nothing.cfg', 'just some text\nand more\n');
    expect(r.devices).toEqual([]);
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toContain(
      'vendor-mismatch',
    );
  });
});
