import { describe, expect, it } from 'vitest';
import {
  DIAGNOSTIC_CODES,
  DiagnosticSink,
  formatDiagnostic,
  isDiagnosticCode,
  sourceRef,
} from '../../../models/diagnostics';

describe('source references', () => {
  it('end on their first line unless told otherwise', () => {
    expect(sourceRef('fw.rules', 7, '-A FORWARD -j DROP')).toEqual({
      file: 'fw.rules',
      line: 7,
      endLine: 7,
      text: '-A FORWARD -j DROP',
    });
    expect(sourceRef('asa.cfg', 3, 'object-group network X', 9)).toEqual({
      file: 'asa.cfg',
      line: 3,
      endLine: 9,
      text: 'object-group network X',
    });
  });
});

describe('diagnostic codes', () => {
  it('recognise every catalogued code and nothing else', () => {
    for (const code of Object.keys(DIAGNOSTIC_CODES)) expect(isDiagnosticCode(code)).toBe(true);
    for (const code of [
      '',
      'Unrecognized-Line',
      'unrecognized',
      'constructor',
      'toString',
      '__proto__',
      'hasOwnProperty',
    ]) {
      expect(isDiagnosticCode(code)).toBe(false);
    }
  });

  it('keep the codes scripts depend on', () => {
    expect(Object.keys(DIAGNOSTIC_CODES)).toEqual(
      expect.arrayContaining([
        'unrecognized-line',
        'unsupported-construct',
        'uncertain-match',
        'lossy-conversion',
        'undefined-reference',
        'invalid-value',
      ]),
    );
    for (const text of Object.values(DIAGNOSTIC_CODES)) expect(text.length).toBeGreaterThan(0);
  });
});

describe('the diagnostic sink', () => {
  it('collects diagnostics in order with its stage and the given severity', () => {
    const sink = new DiagnosticSink('parse');
    const at = sourceRef('fw.rules', 12, '-A FORWARD -m weird -j ACCEPT');
    sink.error('invalid-value', 'bad port', at);
    sink.warning('unsupported-construct', "module 'weird'", at);
    sink.info('unused-object', 'chain X is never used', at);
    sink.add('uncertain-match', 'warning', 'ipset', at);
    expect(sink.diagnostics.map((d) => [d.code, d.severity, d.stage])).toEqual([
      ['invalid-value', 'error', 'parse'],
      ['unsupported-construct', 'warning', 'parse'],
      ['unused-object', 'info', 'parse'],
      ['uncertain-match', 'warning', 'parse'],
    ]);
    expect(sink.diagnostics[0]).toEqual({
      code: 'invalid-value',
      severity: 'error',
      stage: 'parse',
      message: 'bad port',
      source: at,
    });
  });

  it('prints one line as file:line: severity: message [code]', () => {
    const sink = new DiagnosticSink('convert');
    sink.warning(
      'undefined-reference',
      "chain 'LOGDROP' is never defined",
      sourceRef('site/fw1.rules', 42, '-A INPUT -j LOGDROP'),
    );
    expect(formatDiagnostic(sink.diagnostics[0]!)).toBe(
      "site/fw1.rules:42: warning: chain 'LOGDROP' is never defined [undefined-reference]",
    );
  });
});
