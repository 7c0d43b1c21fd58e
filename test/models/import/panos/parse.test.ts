/**
 * Parse-level behaviour and bad input: malformed XML and unusable lines are diagnostics naming
 * their line; objects and references that cannot be used are reported by code and line; group
 * loops are cut; a device group can be selected; the three text forms read into one tree.
 */
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../../models/import';
import { importPanos, panosForm, tokenize } from '../../../../models/import/panos';
import { codesAndLines, flow, lineOf, load, readFixture, verdict } from './support';

describe('malformed XML', () => {
  const F = 'broken--invalid.xml';
  const result = load(F);

  it('is one malformed-input error naming the line where the XML breaks', () => {
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('malformed-input');
    expect(errors[0]!.source.line).toBe(lineOf(F, '</actoin>'));
    expect(errors[0]!.message).toMatch(/not well formed/);
  });

  it('keeps what was read before the error', () => {
    expect(result.devices).toHaveLength(1);
  });
});

describe('objects--warnings.set', () => {
  const F = 'objects--warnings.set';
  const result = load(F);
  const at = (needle: string): number => lineOf(F, needle);

  it('reports each unusable line and object by code and line', () => {
    const got = codesAndLines(result.diagnostics);
    const want: Array<[string, number]> = [
      ['unsupported-construct', at('delete rulebase')],
      ['unrecognized-line', at('this line is not')],
      ['undefined-reference', at('no-action to elsewhere') - 1],
      ['circular-reference', at('address-group loop-')],
      ['invalid-value', at('bad-host ip-netmask')],
      ['undefined-reference', at('rules loop from')],
      ['invalid-value', at('bad-port protocol')],
      ['circular-reference', at('service-group svc-loop')],
      ['undefined-reference', at('rules loop from')],
      ['invalid-value', at('rules no-action from')],
    ];
    for (const w of want) expect(got).toContainEqual(w);
  });

  it('gives a rule matching on a user an uncertain match', () => {
    const dev = result.devices[0]!;
    const v = verdict(dev, flow('tcp', '10.0.0.9', '10.9.9.9', 40000, 22), 'inside', 'outside');
    expect(v.action).toBe('permit');
    expect(v.uncertain.join(' ')).toMatch(/source-user corp\\alice/);
  });

  it('cuts the group loop: the loop rule still matches its one real host', () => {
    const dev = result.devices[0]!;
    const rules = dev.lists.get('inside->outside')!.rules;
    expect(rules[0]!.origin.name).toMatch(/security rule loop$/);
  });
});

describe('set-form details', () => {
  it('reads several attributes of a rule on one set line', () => {
    const text = [
      'set zone a network layer3 ethernet1/1',
      'set zone b network layer3 ethernet1/2',
      'set rulebase security rules r1 from a to b source any destination [ 10.0.0.0/8 ] application any service any action allow',
    ].join('\n');
    const dev = importConfig({ name: 'one-line.set', text }).devices[0]!;
    const v = verdict(dev, flow('tcp', '1.2.3.4', '10.1.2.3', 1, 2), 'a', 'b');
    expect(v.action).toBe('permit');
    expect(v.rule?.line).toBe(3);
    expect(verdict(dev, flow('tcp', '1.2.3.4', '11.1.2.3', 1, 2), 'a', 'b').action).toBe('deny');
  });

  it('tokenizes quotes and brackets', () => {
    expect(tokenize('set a "b c" [ d e]; f')).toEqual(['set', 'a', 'b c', '[', 'd', 'e', ']', ';', 'f']);
  });

  it('tells the forms apart', () => {
    expect(panosForm(['<?xml version="1.0"?>', '<config>'])).toBe('xml');
    expect(panosForm(['set zone a network layer3 e1'])).toBe('set');
    expect(panosForm(['config {', '  devices {'])).toBe('brace');
    expect(panosForm(['', '  '])).toBeNull();
  });
});

describe('bad input', () => {
  it('a text that is no PAN-OS export at all is a vendor-mismatch error', () => {
    const r = importPanos('x.txt', 'hello world\nthis is prose\n');
    expect(r.devices).toEqual([]);
    expect(codesAndLines(r.diagnostics)).toContainEqual(['vendor-mismatch', 1]);
  });

  it('an XML document without a vsys says so', () => {
    const r = importPanos('x.xml', '<config version="10.1.0">\n  <devices/>\n</config>\n');
    expect(r.devices).toEqual([]);
    expect(r.diagnostics.map((d) => d.message).join(' ')).toMatch(/no vsys/);
  });

  it('a brace file cut in the middle is a truncated-input warning at its last line', () => {
    const brace =
      'config {\n  devices {\n    localhost.localdomain {\n      vsys {\n        vsys1 {\n          zone {\n';
    const r = importPanos('cut.conf', brace);
    expect(codesAndLines(r.diagnostics)).toContainEqual(['truncated-input', 6]);
  });

  it('a deeply nested document neither throws nor overflows', () => {
    const deep = `<config>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</config>`;
    expect(() => importPanos('deep.xml', deep)).not.toThrow();
    const braces = `${'x {\n'.repeat(5000)}`;
    expect(() => importPanos('deep.conf', braces)).not.toThrow();
  });
});

describe('Panorama device-group selection', () => {
  it('imports only the selected device group, with no note about the others', () => {
    const r = importPanos('panorama.xml', readFixture('panorama.xml'), { deviceGroup: 'plant-a' });
    expect(r.devices.map((d) => d.name)).toEqual(['plant-a']);
    expect(r.diagnostics.some((d) => /no device group selected/.test(d.message))).toBe(false);
  });

  it('an unknown device group is an error', () => {
    const r = importPanos('panorama.xml', readFixture('panorama.xml'), { deviceGroup: 'nope' });
    expect(r.devices).toEqual([]);
    expect(r.diagnostics.some((d) => d.code === 'undefined-reference' && d.severity === 'error')).toBe(true);
  });
});

describe('XML details', () => {
  it('reads an XML API answer (<response><result><config>)', () => {
    const text = [
      '<response status="success"><result><config version="10.1.0"><devices><entry name="localhost.localdomain"><vsys><entry name="vsys1">',
      '<rulebase><security><rules><entry name="r1"><from><member>any</member></from><to><member>any</member></to>',
      '<source><member>any</member></source><destination><member>10.0.0.0/8</member></destination>',
      '<application><member>any</member></application><service><member>any</member></service><action>allow</action></entry></rules></security></rulebase>',
      '</entry></vsys></entry></devices></config></result></response>',
    ].join('\n');
    const r = importConfig({ name: 'api.xml', text });
    expect(r.vendor).toBe('panos');
    const v = verdict(r.devices[0]!, flow('tcp', '1.1.1.1', '10.0.0.1', 1, 2), 'a', 'b');
    expect(v.action).toBe('permit');
    expect(v.rule?.line).toBe(2);
  });

  it('a Panorama rule that targets some firewalls of the group is uncertain', () => {
    const text = [
      '<config version="10.1.0"><devices><entry name="localhost.localdomain"><device-group><entry name="dg">',
      '<pre-rulebase><security><rules><entry name="r1"><target><devices><entry name="0001"/></devices></target>',
      '<from><member>any</member></from><to><member>any</member></to><source><member>any</member></source>',
      '<destination><member>any</member></destination><application><member>any</member></application>',
      '<service><member>any</member></service><action>allow</action></entry></rules></security></pre-rulebase>',
      '</entry></device-group></entry></devices></config>',
    ].join('\n');
    const r = importConfig({ name: 'target.xml', text });
    const v = verdict(r.devices[0]!, flow('tcp', '1.1.1.1', '10.0.0.1', 1, 2), 'a', 'b');
    expect(v.action).toBe('permit');
    expect(v.uncertain.join(' ')).toMatch(/only on some firewalls/);
  });
});

describe('Panorama in set form', () => {
  it('reads shared and device-group rulebases in their order', () => {
    const text = [
      'set shared address ops ip-netmask 10.0.5.0/24',
      'set shared pre-rulebase security rules sp from any to any source any destination any application any service any action deny source-user corp\\x',
      'set device-group dg pre-rulebase security rules dp from any to any source ops destination any application any service any action allow',
      'set device-group dg post-rulebase security rules dq from any to any source any destination any application any service any action deny',
    ].join('\n');
    const r = importConfig({ name: 'panorama.set', text });
    expect(r.vendor).toBe('panos');
    expect(r.devices.map((d) => d.name)).toEqual(['dg']);
    const dev = r.devices[0]!;
    expect([...dev.lists.values()][0]!.rules.map((x) => x.source.line)).toEqual([2, 3, 4]);
    // The shared pre-rule is uncertain (a user match): the device group's own pre-rule decides.
    const v = verdict(dev, flow('tcp', '10.0.5.9', '10.1.1.1', 1, 2), 'a', 'b');
    expect(v.action).toBe('permit');
    expect(v.rule?.line).toBe(3);
    expect(verdict(dev, flow('tcp', '10.0.6.9', '10.1.1.1', 1, 2), 'a', 'b').rule?.line).toBe(4);
  });
});
