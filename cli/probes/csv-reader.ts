/**
 * A small RFC 4180 reader: comma-separated fields, CRLF / LF / CR record ends, fields in double
 * quotes may hold commas, quotes (doubled) and line breaks. Lenient where it costs nothing:
 * spaces around unquoted fields and around quoted ones are dropped, a quote inside an unquoted
 * field is kept as text, blank lines are skipped. Each record carries the line it starts on.
 * (A dependency such as csv-parse would do the same; this one is ~80 lines and tested.)
 */

export interface CsvRecord {
  readonly fields: string[];
  /** 1-based line on which the record starts. */
  readonly line: number;
}

export type CsvResult = { ok: true; records: CsvRecord[] } | { ok: false; line: number; error: string };
export type CsvError = { line: number; error: string };

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/** All records at once. */
export function readCsv(text: string): CsvResult {
  const records: CsvRecord[] = [];
  const err = forEachCsvRecord(text, (fields, line) => {
    records.push({ fields, line });
    return null;
  });
  return err === null ? { ok: true, records } : { ok: false, ...err };
}

/**
 * Hands each record to `visit` as it is read (nothing is kept); `visit` returns null to go on or
 * an error to stop with. Returns the first error, the reader's or the visitor's.
 */
export function forEachCsvRecord(
  text: string,
  visit: (fields: string[], line: number) => CsvError | null,
): CsvError | null {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      while (i < n && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
      if (i < n && text.charCodeAt(i) === QUOTE) {
        const open = line;
        let value = '';
        let from = ++i;
        for (;;) {
          if (i >= n) return { line: open, error: 'a quoted field is never closed' };
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            value += text.slice(from, i);
            if (text.charCodeAt(i + 1) === QUOTE) {
              value += '"';
              i += 2;
              from = i;
              continue;
            }
            i++;
            break;
          }
          if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++;
          i++;
        }
        while (i < n && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
        const c = text.charCodeAt(i);
        if (i < n && c !== COMMA && c !== LF && c !== CR) {
          return {
            line,
            error: 'unexpected text after a closing quote (quotes inside a quoted field must be doubled)',
          };
        }
        fields.push(value);
      } else {
        const from = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === COMMA || c === LF || c === CR) break;
          i++;
        }
        let to = i;
        while (to > from && (text.charCodeAt(to - 1) === SPACE || text.charCodeAt(to - 1) === TAB)) to--;
        fields.push(text.slice(from, to));
      }
      if (i >= n) break;
      const c = text.charCodeAt(i++);
      if (c === COMMA) continue;
      if (c === CR && text.charCodeAt(i) === LF) i++;
      line++;
      break;
    }
    if (fields.length > 1 || fields[0] !== '') {
      const err = visit(fields, start);
      if (err !== null) return err;
    }
  }
  return null;
}

const isBlank = (c: number): boolean => c === SPACE || c === TAB;

/** One CSV field, quoted when it must be (comma, quote, line break, or edge spaces and tabs). */
export function csvField(value: string): string {
  if (value === '') return value;
  if (/[",\r\n]/.test(value) || isBlank(value.charCodeAt(0)) || isBlank(value.charCodeAt(value.length - 1))) {
    return `"${value.replace(/"/g, '""')}"`;
  }
  return value;
}
