/**
 * Bad input: XML that is not well formed, a file cut inside a rule, a file of another format
 * forced as pfSense, alias problems. Each gives a diagnostic naming its line, quoting it
 * exactly, and nothing half-read becomes a rule.
 */
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../../models/import';
import { codesAndLines, flow, misquotedDiagnostics, splitLines, verdict, vendorSupport } from './support';

const S = vendorSupport('pfsense');

describe('malformed XML', () => {
  const text = [
    '<?xml version="1.0"?>',
    '<pfsense>',
    '  <interfaces><lan><if>em1</if><ipaddr>10.6.0.1</ipaddr><subnet>24</subnet></lan></interfaces>',
    '  <filter>',
    '    <rule><type>block</type><interface>lan</interface><source><any/></source><destination><any/></destination></rule>',
    '    <rule <<< garbage',
    '  </filter>',
    '</pfsense>',
  ].join('\n');

  it('reports the first well-formedness error on its line, quoting it', () => {
    const result = importConfig({ name: 'broken.xml', text });
    const err = result.diagnostics.find((d) => d.code === 'malformed-input')!;
    expect(err.severity).toBe('error');
    expect(err.source.line).toBe(6);
    expect(err.source.text).toBe('    <rule <<< garbage');
    expect(misquotedDiagnostics('broken.xml', splitLines(text), result.diagnostics)).toEqual([]);
  });

  it('keeps what was read before the error', () => {
    const result = importConfig({ name: 'broken.xml', text });
    expect(result.vendor).toBe('pfsense');
    const v = verdict(result.devices[0]!, flow('tcp', '10.6.0.9', '8.8.8.8', 40000, 443), { in: 'lan' });
    expect(v.action).toBe('deny');
    expect(v.rule?.line).toBe(5);
  });
});

describe('a file cut inside a rule (truncated-rule--recovery.xml)', () => {
  const name = 'truncated-rule--recovery.xml';
  const result = S.load(name);

  it('says where the file ends and which rule was dropped', () => {
    expect(codesAndLines(result.diagnostics)).toEqual([
      ['malformed-input', splitLines(S.readFixture(name)).length],
      ['truncated-input', S.ruleLine(name, '<source><any/></source>')],
    ]);
  });

  it('the half-read "pass" rule does not pass anything', () => {
    const dev = result.devices[0]!;
    S.expectVerdict(
      verdict(dev, flow('tcp', '10.6.0.9', '8.8.8.8', 40000, 22), { in: 'lan' }),
      'deny',
      name,
      null,
    );
    S.expectVerdict(
      verdict(dev, flow('tcp', '10.6.0.9', '8.8.8.8', 40000, 443), { in: 'lan' }),
      'permit',
      name,
      S.ruleLine(name, 'complete rule'),
    );
  });
});

describe('alias problems (aliases--warnings.xml)', () => {
  const name = 'aliases--warnings.xml';
  const result = S.load(name);
  const dev = result.devices[0]!;

  it('each problem is a diagnostic on its line', () => {
    expect(codesAndLines(result.diagnostics)).toEqual([
      ['invalid-value', S.ruleLine(name, 'unknown type')],
      ['circular-reference', S.ruleLine(name, '<name>LOOP_A</name>', '<alias>')],
      ['hostname-address', S.lineOf(name, 'historian.plant.example')],
      ['undefined-reference', S.lineOf(name, 'NO_SUCH_ALIAS') - 1],
      ['invalid-value', S.lineOf(name, '<address>WEBPORTS</address>') - 1],
      ['invalid-value', S.lineOf(name, '<address>WEBPORTS</address>') - 1],
    ]);
  });

  it('a block through a looping or host-name alias is uncertain: what is certainly in it is still blocked', () => {
    const loop = verdict(dev, flow('tcp', '10.5.0.7', '10.9.1.1', 40000, 80), { in: 'lan' });
    S.expectVerdict(loop, 'deny', name, S.ruleLine(name, 'block the looping alias'));
    const host = verdict(dev, flow('tcp', '10.5.0.7', '10.5.0.9', 40000, 80), { in: 'lan' });
    S.expectVerdict(host, 'deny', name, S.ruleLine(name, 'block by host name'));
    const other = verdict(dev, flow('tcp', '10.5.0.7', '8.8.8.8', 40000, 80), { in: 'lan' });
    expect(other.action).toBe('permit');
    expect(other.uncertain.length).toBeGreaterThan(0);
  });
});

describe('not a pfSense config', () => {
  it('an OPNsense file forced as pfsense is refused on its root element line', () => {
    const text = '<?xml version="1.0"?>\n<opnsense>\n  <interfaces/>\n</opnsense>\n';
    const result = importConfig({ name: 'x.xml', text }, { vendor: 'pfsense' });
    expect(result.devices).toEqual([]);
    const d = result.diagnostics.find((x) => x.code === 'vendor-mismatch' && x.stage === 'convert')!;
    expect(d.source.line).toBe(2);
    expect(d.source.text).toBe('<opnsense>');
  });

  it('plain text forced as pfsense gives an error naming line 1, not a device', () => {
    const result = importConfig({ name: 'x.txt', text: 'hello world\n' }, { vendor: 'pfsense' });
    expect(result.devices).toEqual([]);
    expect(result.diagnostics.some((d) => d.severity === 'error' && d.source.line === 1)).toBe(true);
  });

  it('detection goes by the root element', () => {
    expect(
      importConfig({ name: 'a.xml', text: '<?xml version="1.0"?>\n<pfsense>\n</pfsense>\n' }).vendor,
    ).toBe('pfsense');
    expect(importConfig({ name: 'a.xml', text: '<!-- c -->\n<opnsense>\n</opnsense>\n' }).vendor).toBe(
      'opnsense',
    );
    expect(
      importConfig({ name: 'a.xml', text: '<?xml version="1.0"?>\n<config>\n</config>\n' }).vendor,
    ).toBeNull();
  });
});
