import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, readCsv } from '../../cli/probes/csv-reader';

const fields = (text: string) => {
  const r = readCsv(text);
  if (!r.ok) throw new Error(`${r.line}: ${r.error}`);
  return r.records.map((x) => x.fields);
};

describe('readCsv', () => {
  it('reads plain records with LF, CRLF and CR line ends', () => {
    expect(fields('a,b\n1,2\r\n3,4\r5,6')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(fields('a,,c,\n')).toEqual([['a', '', 'c', '']]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(fields('"a,b","say ""hi""","two\nlines",x\n')).toEqual([['a,b', 'say "hi"', 'two\nlines', 'x']]);
  });

  it('numbers records by the line they start on, counting breaks inside quotes', () => {
    const r = readCsv('h\n"a\nb"\n\nc\n');
    expect(r.ok && r.records.map((x) => x.line)).toEqual([1, 2, 5]);
  });

  it('skips blank lines, trims spaces around fields and drops a byte-order mark', () => {
    expect(fields('\uFEFFid , x\n\n  \n 1 ,  "q" \n')).toEqual([
      ['id', 'x'],
      ['1', 'q'],
    ]);
  });

  it('reports an unclosed quote at the line where it opened', () => {
    expect(readCsv('a\n"open\nstill open')).toEqual({
      ok: false,
      line: 2,
      error: 'a quoted field is never closed',
    });
  });

  it('reports text after a closing quote', () => {
    expect(readCsv('a\n"x"y,1')).toMatchObject({ ok: false, line: 2 });
  });

  it('reads back whatever csvField writes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const text = rows.map((r) => r.map(csvField).join(',')).join('\r\n');
          expect(fields(text)).toEqual(rows);
        },
      ),
    );
  });
});

describe('csvField', () => {
  it('quotes only what needs quoting', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('')).toBe('');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' edge')).toBe('" edge"');
    expect(csvField('tab\t')).toBe('"tab\t"');
  });
});
