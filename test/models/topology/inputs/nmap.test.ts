import { describe, expect, it } from 'vitest';
import { parseNmapXml } from '../../../../models/topology/inputs';
import { expectQuotedExactly, fixture, summary } from './helpers';

const parse = (file: string, text: string) => {
  const r = parseNmapXml(file, text);
  expectQuotedExactly(file, text, r.diagnostics);
  return r;
};

describe('parseNmapXml: an OT subnet scan', () => {
  const r = parse('ot-scan.xml', fixture('nmap/ot-scan.xml'));
  const byIp = (ip: string) => r.assets.find((a) => a.ip === ip)!;

  it('reads the hosts that are up, skipping hosthints and hosts that are down', () => {
    expect(r.diagnostics).toEqual([]);
    expect(r.assets.map((a) => a.ip)).toEqual([
      '192.168.30.11',
      '192.168.30.12',
      '192.168.30.50',
      '192.168.30.60',
      'fd00:30::40',
    ]);
    expect(byIp('192.168.30.11').source).toMatchObject({ file: 'ot-scan.xml', line: 16, endLine: 41 });
  });

  it('keeps open ports with the service nmap named, and nothing else', () => {
    expect(byIp('192.168.30.11').services).toEqual([
      { proto: 'tcp', port: 80, name: 'http', product: 'Siemens Simatic S7 PLC httpd' },
      { proto: 'tcp', port: 102, name: 'iso-tsap', product: 'Siemens S7 PLC' },
    ]);
    expect(byIp('192.168.30.12').services.map((s) => `${s.proto}/${s.port} ${s.name}`)).toEqual([
      'tcp/502 mbap',
      'tcp/44818 EtherNetIP-2',
      'udp/161 snmp',
    ]);
  });

  it('flags open|filtered ports in notes', () => {
    expect(byIp('192.168.30.11').notes).toBe('open|filtered (not counted as offered): udp/161 (snmp)');
    expect(byIp('fd00:30::40').notes).toContain('udp/47808 (bacnet)');
    expect(byIp('192.168.30.12').notes).toBeUndefined();
  });

  it('prefers a user-given host name and keeps the others in extra', () => {
    expect(byIp('192.168.30.11').name).toBe('plc-filt01.ot.water.local');
    expect(byIp('192.168.30.12').name).toBe('plc-chem01');
    expect(byIp('192.168.30.12').extra['hostnames']).toBe('plc-chem01 plc-chem01.ot.water.local');
    expect(byIp('192.168.30.60').name).toBeUndefined();
  });

  it('keeps MAC, vendor and the best OS match in extra', () => {
    expect(byIp('192.168.30.11').extra).toMatchObject({
      mac: '28:63:36:A1:0B:3C',
      mac_vendor: 'Siemens AG',
      os: 'Siemens Simatic S7-1500 PLC',
      os_accuracy: '98',
    });
  });

  it('never sets role; guesses it only when the industrial ports are evident', () => {
    for (const a of r.assets) expect(a.role).toBeUndefined();
    expect(byIp('192.168.30.11').extra['guessed_role']).toBe('plc');
    expect(byIp('192.168.30.11').extra['guessed_role_reason']).toBe('tcp/102 S7comm (ISO-TSAP) open');
    expect(byIp('192.168.30.12').extra['guessed_role']).toBe('plc');
    expect(byIp('192.168.30.60').extra['guessed_role']).toBe('rtu');
    // A Windows host answering Modbus is not called a PLC.
    expect(byIp('192.168.30.50').extra['guessed_role']).toBeUndefined();
    expect(byIp('fd00:30::40').extra['guessed_role']).toBe('plc');
  });
});

describe('parseNmapXml: bad input', () => {
  it('keeps the hosts read before a truncation and names the line', () => {
    const text = fixture('nmap/truncated--invalid.xml');
    const r = parse('cut.xml', text);
    expect(r.assets.map((a) => a.ip)).toEqual(['192.168.30.11', '192.168.30.12']);
    expect(summary(r.diagnostics)).toEqual(['42 warning truncated-input', '52 error malformed-input']);
    expect(r.diagnostics[1]!.message).toContain('2 host(s) read before it were kept');
  });

  it('reports malformed XML in the middle with its line', () => {
    const text = fixture('nmap/ot-scan.xml').replace(
      '<address addr="192.168.30.60"',
      '<address addr="192.168.30.60" <',
    );
    const r = parse('bad.xml', text);
    const err = r.diagnostics.find((d) => d.code === 'malformed-input')!;
    expect(err.source.line).toBe(88);
    // Nothing after the error is read (saxes would guess on): the host whose address tag is
    // broken is skipped, with a warning on its line.
    expect(r.assets.map((a) => a.ip)).toEqual(['192.168.30.11', '192.168.30.12', '192.168.30.50']);
    expect(summary(r.diagnostics)).toEqual(['87 warning invalid-value', '88 error malformed-input']);
    expect(err.message).toContain('nothing after it was read');
  });

  it('refuses XML that is not nmap output', () => {
    const r = parse('x.xml', '<?xml version="1.0"?>\n<config>\n</config>\n');
    expect(summary(r.diagnostics)).toEqual(['2 error vendor-mismatch']);
  });

  it('reports empty, binary and non-XML input', () => {
    expect(summary(parse('e.xml', '').diagnostics)).toEqual(['1 warning empty-input']);
    expect(summary(parse('b.xml', '\u0000\u0001').diagnostics)).toEqual(['1 error binary-input']);
    expect(summary(parse('t.xml', 'Nmap scan report for 10.0.0.1\nHost is up.\n').diagnostics)).toEqual([
      '1 error vendor-mismatch',
    ]);
    expect(summary(parse('t.xml', '\n\n  Nmap scan report\n').diagnostics)).toEqual([
      '3 error vendor-mismatch',
    ]);
  });

  it('skips a host without an address and a bad address, citing their lines', () => {
    const text = [
      '<nmaprun>',
      '<host><status state="up"/>',
      '<hostnames/>',
      '</host>',
      '<host><status state="up"/>',
      '<address addr="10.0.0.999" addrtype="ipv4"/>',
      '</host>',
      '</nmaprun>',
    ].join('\n');
    const r = parse('h.xml', text);
    expect(r.assets).toEqual([]);
    expect(summary(r.diagnostics)).toEqual(['2 warning invalid-value', '6 warning invalid-value']);
  });

  it('does not resolve entities', () => {
    const text =
      '<?xml version="1.0"?>\n<!DOCTYPE nmaprun [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<nmaprun><host><status state="up"/><address addr="10.0.0.1" addrtype="ipv4"/><hostnames><hostname name="&x;"/></hostnames></host></nmaprun>\n';
    const r = parse('e.xml', text);
    expect(JSON.stringify(r.assets)).not.toContain('root:');
  });
});
