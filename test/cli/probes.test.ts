import { describe, expect, it } from 'vitest';
import { PROBE_CSV_HEADER, compileProbes, runProbes } from '../../cli/probes/probes';
import { importConfig } from '../../models/import';
import { SMALL_RULESET } from './helpers';

const fw1 = importConfig({ name: 'fw1.rules', text: SMALL_RULESET }).devices[0]!;
const fw2 = importConfig({ name: 'fw2.rules', text: SMALL_RULESET }).devices[0]!;
const HEADER = 'id,device,in,out,proto,src,dst,sport,dport';

function run(
  csv: string,
  json: boolean,
  options: { filter?: string; device?: string } = {},
  devices = [fw1],
): string {
  const compiled = compileProbes(csv, { devices, ...options });
  if (!compiled.ok) throw new Error(`${compiled.line}: ${compiled.error}`);
  let out = '';
  runProbes(compiled.probes, json, (chunk) => (out += chunk));
  return out;
}

describe('compileProbes', () => {
  it('accepts the columns in any order and ignores extra columns', () => {
    const csv =
      'dport,sport,dst,src,proto,out,in,device,id,expected\n502,,10.2.0.7,10.1.0.5,tcp,ot0,lan0,,p1,permit\n';
    expect(run(csv, false)).toBe(`${PROBE_CSV_HEADER}\np1,permit,fw1.rules,12\n`);
  });

  it('names missing header columns', () => {
    expect(compileProbes('id,device,in,out,proto,src,dst\n', { devices: [fw1] })).toEqual({
      ok: false,
      line: 1,
      error:
        'the header row lacks columns sport, dport (expected id,device,in,out,proto,src,dst,sport,dport)',
    });
  });

  it('stops at the first bad row, naming its line and column', () => {
    const csv = `${HEADER}\n1,,lan0,ot0,tcp,10.1.0.5,10.2.0.7,,502\n\n2,,lan0,ot0,tcp,10.1.0.5,10.2.0.x,,502\n3,,,,tcp,bad,bad,,\n`;
    expect(compileProbes(csv, { devices: [fw1] })).toEqual({
      ok: false,
      line: 4,
      error: "dst: '10.2.0.x' is not an IPv4 or IPv6 address",
    });
  });

  it('rejects short rows, unknown devices, and rows without a device among several', () => {
    expect(compileProbes(`${HEADER}\n1,,lan0\n`, { devices: [fw1] })).toMatchObject({
      ok: false,
      line: 2,
      error: expect.stringMatching(/3 fields/),
    });
    expect(compileProbes(`${HEADER}\n1,fw9,,,icmp,10.0.0.1,10.0.0.2,,\n`, { devices: [fw1] })).toMatchObject({
      ok: false,
      error: "device: no device named 'fw9' (devices: fw1)",
    });
    expect(
      compileProbes(`${HEADER}\n1,,,,icmp,10.0.0.1,10.0.0.2,,\n`, { devices: [fw1, fw2] }),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/^device: the files hold 2 devices/) });
  });

  it('uses --device for rows whose device cell is empty', () => {
    const csv = `${HEADER}\n1,,lan0,ot0,tcp,10.1.0.5,10.2.0.7,,502\n2,fw2,lan0,ot0,tcp,10.1.0.5,10.2.0.7,,445\n`;
    expect(run(csv, false, { device: 'fw1' }, [fw1, fw2])).toBe(
      `${PROBE_CSV_HEADER}\n1,permit,fw1.rules,12\n2,deny,fw2.rules,13\n`,
    );
  });

  it('rejects a file without a header', () => {
    expect(compileProbes('\n\n', { devices: [fw1] })).toMatchObject({ ok: false, line: 1 });
  });
});

describe('runProbes', () => {
  const csv = [
    HEADER,
    '"modbus, HMI",,lan0,ot0,tcp,10.1.0.5,10.2.0.7,40000,502',
    'smb,,lan0,ot0,tcp,10.1.0.5,10.2.0.7,,445',
    'ping,,lan0,ot0,icmp,10.1.0.5,10.2.0.7,0,8',
    'other-pair,,lan0,dmz0,udp,10.1.0.5,10.3.0.1,,53',
    'say "hi",,lan0,wan0,tcp,10.1.0.5,203.0.113.9,,443',
  ].join('\n');

  it('prints id,verdict,file,line with the deciding rule or policy line', () => {
    expect(run(csv, false)).toBe(
      [
        PROBE_CSV_HEADER,
        '"modbus, HMI",permit,fw1.rules,12',
        'smb,deny,fw1.rules,13',
        'ping,permit,fw1.rules,14',
        'other-pair,deny,fw1.rules,4',
        '"say ""hi""",permit,fw1.rules,11',
        '',
      ].join('\n'),
    );
  });

  it('leaves file and line empty when no rule decided', () => {
    const out = run(`${HEADER}\nweb,,,,tcp,10.1.0.5,10.2.0.7,,80\n`, false, { filter: 'ot-in' });
    expect(out).toBe(`${PROBE_CSV_HEADER}\nweb,deny,,\n`);
  });

  it('prints one JSON object per line with --json', () => {
    const lines = run(csv, true)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toEqual({
      id: 'modbus, HMI',
      verdict: 'permit',
      device: 'fw1',
      rule: { file: 'fw1.rules', line: 12, endLine: 12, text: SMALL_RULESET.split('\n')[11] },
      reason: 'rule',
      ruleId: 'filter/ot-in#1',
      uncertain: [],
    });
    expect(lines[3]).toMatchObject({ id: 'other-pair', verdict: 'deny', reason: 'default', ruleId: null });
  });

  it('applies --filter to every probe', () => {
    const out = run(
      `${HEADER}\n1,,eth0,,tcp,10.1.0.5,10.9.9.9,,22\n2,,eth0,,tcp,10.1.0.5,10.9.9.9,,23\n`,
      false,
      { filter: 'INPUT' },
    );
    expect(out).toBe(`${PROBE_CSV_HEADER}\n1,permit,fw1.rules,8\n2,deny,fw1.rules,3\n`);
  });
});
