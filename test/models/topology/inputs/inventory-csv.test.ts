import { describe, expect, it } from 'vitest';
import { parseInventoryCsv } from '../../../../models/topology/inputs';
import { expectQuotedExactly, fixture, summary } from './helpers';

const parse = (file: string, text: string) => {
  const r = parseInventoryCsv(file, text);
  expectQuotedExactly(file, text, r.diagnostics);
  return r;
};

describe('parseInventoryCsv: a realistic water plant inventory', () => {
  const text = fixture('inventory/water-plant.csv');
  const r = parse('water-plant.csv', text);

  it('reads every row without a diagnostic', () => {
    expect(r.diagnostics).toEqual([]);
    expect(r.assets.map((a) => a.ip)).toHaveLength(13);
  });

  it('matches headers loosely: IP Address -> ip, Hostname -> name, Purdue Level -> purdue_level', () => {
    const ad = r.assets[0]!;
    expect(ad).toMatchObject({
      ip: '10.20.1.10',
      name: 'ad01',
      role: 'domain controller',
      zone: 'corp',
      purdueLevel: 4,
    });
    expect(ad.criticality).toBe('high');
    expect(ad.services).toEqual([
      { proto: 'tcp', port: 88 },
      { proto: 'tcp', port: 389 },
      { proto: 'tcp', port: 445 },
    ]);
    expect(ad.extra).toEqual({ 'Asset Tag': 'IT-0042', Vendor: 'Microsoft' });
    expect(ad.source).toMatchObject({ file: 'water-plant.csv', line: 2 });
  });

  it('normalises roles and their synonyms', () => {
    const role = (ip: string) => r.assets.find((a) => a.ip === ip)?.role;
    expect(role('192.168.10.30')).toBe('ews');
    expect(role('192.168.30.11')).toBe('plc');
    expect(role('192.168.30.40')).toBe('sis');
    expect(role('10.20.1.25')).toBe('jump-host');
    expect(role('192.168.20.11')).toBe('hmi');
    expect(role('192.168.40.5')).toBe('field device');
  });

  it('reads Purdue levels in every spelling', () => {
    const levels = Object.fromEntries(r.assets.map((a) => [a.name, a.purdueLevel]));
    expect(levels).toMatchObject({
      'it-jump01': 4,
      'hist-dmz01': 3.5,
      patch01: 3.5,
      scada01: 3,
      ews01: 3,
      'hmi-filt01': 2,
      'plc-chem01': 1,
      'flow-fe01': 0,
    });
  });

  it('keeps a quoted field with an embedded newline, citing the row first line', () => {
    const scada = r.assets.find((a) => a.name === 'scada01')!;
    expect(scada.notes).toBe('Primary SCADA\nfailover pair with scada02');
    expect(scada.source.line).toBe(6);
    expect(scada.source.endLine).toBe(7);
    expect(r.assets.find((a) => a.name === 'scada02')!.source.line).toBe(8);
  });

  it('reads services in both orders and with a name', () => {
    expect(r.assets.find((a) => a.name === 'plc-filt01')!.services).toEqual([
      { proto: 'tcp', port: 102 },
      { proto: 'tcp', port: 80 },
    ]);
    expect(r.assets.find((a) => a.name === 'plc-chem01')!.services).toEqual([
      { proto: 'tcp', port: 502, name: 'modbus' },
      { proto: 'tcp', port: 44818 },
    ]);
  });
});

describe('parseInventoryCsv: Excel exports', () => {
  it('reads a semicolon-separated file with a BOM and CRLF', () => {
    const text = fixture('inventory/excel-semicolon.csv');
    const r = parse('excel.csv', text);
    expect(r.diagnostics).toEqual([]);
    expect(r.assets.map((a) => [a.ip, a.name, a.role, a.purdueLevel])).toEqual([
      ['10.1.1.1', 'srv01', 'server', 4],
      ['10.1.1.2', 'plc01', 'sps', 1],
      ['10.1.1.3', 'hmi01', 'hmi', 2],
    ]);
    expect(r.assets[0]!.notes).toBe('Kommentar; mit Semikolon');
    expect(r.assets[0]!.source.text).toBe('10.1.1.1;srv01;Server;4;"Kommentar; mit Semikolon"');
  });

  it('keeps formula prefixes and HTML as plain data', () => {
    const r = parse('excel.csv', fixture('inventory/excel-semicolon.csv'));
    expect(r.assets[1]!.notes).toBe('=HYPERLINK("http://evil")');
    expect(r.assets[2]!.notes).toBe('<script>alert(1)</script>');
  });

  it("honours Excel's sep= first line", () => {
    const text = fixture('inventory/excel-sep-line.csv');
    const r = parse('sep.csv', text);
    expect(r.diagnostics).toEqual([]);
    expect(r.assets).toEqual([
      expect.objectContaining({
        ip: '10.2.0.1',
        name: 'a',
        purdueLevel: 2,
        source: expect.objectContaining({ line: 3 }),
      }),
    ]);
  });

  it('reads a tab-separated file', () => {
    const r = parse('t.tsv', 'ip\tname\n10.0.0.1\ta b\n');
    expect(r.assets).toEqual([expect.objectContaining({ ip: '10.0.0.1', name: 'a b' })]);
  });
});

describe('parseInventoryCsv: bad rows', () => {
  const text = fixture('inventory/bad-rows--warnings.csv');
  const r = parse('bad.csv', text);
  const at = (line: number) => r.diagnostics.filter((d) => d.source.line === line);

  it('reports every bad row on its line, loading the rest', () => {
    expect(summary(r.diagnostics)).toEqual([
      '3 error invalid-value',
      '4 error invalid-value',
      '5 error hostname-address',
      '6 error invalid-value',
      '7 warning invalid-value',
      '7 warning invalid-value',
      '8 warning duplicate-definition',
      '10 warning unrecognized-line',
      '12 error malformed-input',
    ]);
    expect(r.assets.map((a) => a.ip)).toEqual(['10.0.0.1', '10.0.0.4', '10.0.0.5', '10.0.0.6']);
  });

  it('names the row number in the message', () => {
    expect(at(3)[0]!.message).toMatch(/^row 3: no ip address/);
    expect(at(4)[0]!.message).toContain("'10.0.0.300' is not an IP address");
    expect(at(6)[0]!.message).toContain("row 6: 'L7' is not a Purdue level");
    expect(at(7).map((d) => d.message)).toEqual([
      expect.stringContaining("'tcp/99999'"),
      expect.stringContaining("'http'"),
    ]);
  });

  it('keeps an asset with a bad level, without a level', () => {
    expect(r.assets.find((a) => a.ip === '10.0.0.4')).toMatchObject({ name: 'badlevel', role: 'hmi' });
    expect(r.assets.find((a) => a.ip === '10.0.0.4')!.purdueLevel).toBeUndefined();
  });

  it('merges a duplicate IP into the first row: later values win, services add up', () => {
    const a = r.assets.find((x) => x.ip === '10.0.0.1')!;
    expect(a.name).toBe('good1-renamed');
    expect(a.services).toEqual([
      { proto: 'tcp', port: 502 },
      { proto: 'tcp', port: 80 },
    ]);
    expect(a.source.line).toBe(2);
    expect(at(8)[0]!.message).toContain('row 8 repeats 10.0.0.1 of row 2 (line 2)');
    expect(at(8)[0]!.message).toContain("'name'");
  });

  it('keeps surplus fields as extra columns and multi-line names', () => {
    const a = r.assets.find((x) => x.ip === '10.0.0.6')!;
    expect(a.name).toBe('multi\nline name');
    expect(a.extra).toEqual({ 'column 7': 'surplus' });
  });

  it('stops at a quote that is never closed, keeping the rows before it', () => {
    expect(at(12)[0]!.message).toContain('never closed');
    expect(r.assets.some((a) => a.ip === '10.0.0.7' || a.ip === '10.0.0.8')).toBe(false);
  });
});

describe('parseInventoryCsv: edge cases', () => {
  it('warns on an empty file', () => {
    expect(summary(parse('e.csv', '').diagnostics)).toEqual(['1 warning empty-input']);
    expect(summary(parse('e.csv', '\n\n').diagnostics)).toEqual(['1 warning empty-input']);
  });

  it('refuses a header without an ip column, citing the header line', () => {
    const r = parse('h.csv', '\nname,role\na,plc\n');
    expect(summary(r.diagnostics)).toEqual(['2 error unrecognized-line']);
    expect(r.assets).toEqual([]);
  });

  it('keeps a second column of the same meaning as extra, with a warning', () => {
    const r = parse('h.csv', 'ip,host,hostname\n10.0.0.1,a,b\n');
    expect(summary(r.diagnostics)).toEqual(['1 warning duplicate-definition']);
    expect(r.assets[0]).toMatchObject({ name: 'a', extra: { hostname: 'b' } });
  });

  it('skips comment rows and blank rows', () => {
    const r = parse('c.csv', '# exported 2024-05-01\nip,name\n\n# a comment\n10.0.0.1,a\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.assets).toEqual([
      expect.objectContaining({ ip: '10.0.0.1', source: expect.objectContaining({ line: 5 }) }),
    ]);
  });

  it('normalises IPv6 addresses so duplicates are found', () => {
    const r = parse('v6.csv', 'ip\nFD00:0:0::1\nfd00::1\n');
    expect(r.assets.map((a) => a.ip)).toEqual(['fd00::1']);
    expect(summary(r.diagnostics)).toEqual(['3 info duplicate-definition']);
  });

  it('drops a prefix length from the ip with an info', () => {
    const r = parse('p.csv', 'ip\n10.0.0.1/24\n');
    expect(r.assets.map((a) => a.ip)).toEqual(['10.0.0.1']);
    expect(summary(r.diagnostics)).toEqual(['2 info lossy-conversion']);
  });

  it('cites the first line of a CRLF row with a quoted newline', () => {
    const r = parse('crlf.csv', 'ip,name,notes\r\n10.0.0.1,"x\r\ny",c\r\n10.0.0.2,d,e\r\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.assets.map((a) => [a.ip, a.name, a.source.line, a.source.endLine])).toEqual([
      ['10.0.0.1', 'x\ny', 2, 3],
      ['10.0.0.2', 'd', 4, 4],
    ]);
  });

  it('reports a malformed quote on its row', () => {
    const r = parse('q.csv', 'ip,name,notes\n10.0.0.1,"a"b,c\n10.0.0.2,d,e\n');
    expect(summary(r.diagnostics)).toEqual(['2 warning malformed-input', '2 error malformed-input']);
    expect(r.diagnostics[0]!.message).toBe(
      'row 2: trailing quote on quoted field is malformed; the row was read as it stands',
    );
  });

  it('reads classic Mac line ends (CR only), every row on line 1', () => {
    const r = parse('mac.csv', 'ip,name\r10.0.0.1,a\r10.0.0.2,b\r');
    expect(r.assets.map((a) => [a.ip, a.name, a.source.line])).toEqual([
      ['10.0.0.1', 'a', 1],
      ['10.0.0.2', 'b', 1],
    ]);
  });

  it('reads a header without rows as an empty inventory', () => {
    const r = parse('h.csv', 'ip,name\n');
    expect(r).toEqual({ assets: [], diagnostics: [] });
  });

  it('refuses binary input', () => {
    expect(summary(parse('b.csv', 'ip\u0000\u0001').diagnostics)).toEqual(['1 error binary-input']);
  });

  it('does not treat __proto__ or constructor headers specially', () => {
    const r = parse('p.csv', 'ip,__proto__,constructor\n10.0.0.1,x,y\n');
    const extra = r.assets[0]!.extra;
    expect(Object.keys(extra)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(extra, '__proto__')?.value).toBe('x');
    expect(Object.getPrototypeOf(extra)).toBe(Object.prototype);
  });
});
