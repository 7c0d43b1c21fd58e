import { type DiagnosticSink, type SourceRef, sourceRef } from '../../diagnostics';
import { type XmlElement, child } from '../formats/xml';

/**
 * Lines as every importer counts them: LF or CR LF ends a line (a lone CR does not; see
 * `xmlText`), so a SourceRef's text is exactly the line its number names.
 */
export function splitLines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/**
 * The text handed to the XML parser: XML would count a lone CR as a line end, so it becomes a
 * space (whitespace either way) and the parser's line numbers are those of `splitLines`.
 */
export const xmlText = (text: string): string => text.replace(/\r(?!\n)/g, ' ');

/** Cites elements of one file, and finds the line of an entry inside a multi-line text. */
export class XmlSource {
  constructor(
    readonly file: string,
    readonly lines: readonly string[],
    readonly sink: DiagnosticSink,
    /** Elements the file ended inside of (a truncated file): records among them are not used. */
    readonly open: ReadonlySet<XmlElement> = new Set(),
  ) {}

  ref(el: XmlElement): SourceRef {
    return this.refLine(el.line, el.endLine);
  }

  refLine(line: number, endLine = line): SourceRef {
    return sourceRef(this.file, line, this.lines[line - 1] ?? '', Math.max(line, endLine));
  }

  /**
   * The line of `entry` within the text of `el` (an entry per line), searched from `from` (the
   * previous entry's line) over a bounded window; when not found (an entity written otherwise
   * in the file), the previous entry's line.
   */
  entryLine(el: XmlElement, entry: string, from: number): number {
    const start = Math.max(from, el.line);
    const last = Math.min(el.endLine, start + 1_000, this.lines.length);
    for (let l = start; l <= last; l++) {
      if ((this.lines[l - 1] ?? '').includes(entry)) return l;
    }
    return start;
  }

  /** False (with a diagnostic) for a record the file ends inside of. */
  complete(el: XmlElement, what: string): boolean {
    if (!this.open.has(el)) return true;
    this.sink.warning(
      'truncated-input',
      `the file ends inside this ${what}; it was not imported`,
      this.ref(el),
    );
    return false;
  }
}

/**
 * The elements a truncated file ends inside of: from the root down the last children, each
 * element whose end tag was never read (its end line is still its start line while its last
 * child starts later).
 */
export function openElements(root: XmlElement | null): Set<XmlElement> {
  const open = new Set<XmlElement>();
  let el: XmlElement | null | undefined = root;
  let depth = 0;
  while (el !== null && el !== undefined && depth++ < 10_000) {
    const last: XmlElement | undefined = el.children[el.children.length - 1];
    if (last === undefined || el.endLine !== el.line || last.line <= el.line) break;
    open.add(el);
    el = last;
  }
  return open;
}

/** The trimmed text of a child, or undefined when the child is absent. */
export const textOf = (el: XmlElement, name: string): string | undefined => child(el, name)?.text;

/**
 * A flag element (`<disabled/>`, `<enable>1</enable>`): set when present, unless it says `0`
 * (OPNsense writes `<disabled>0</disabled>` for an enabled object).
 */
export function flag(el: XmlElement, name: string): boolean {
  const c = child(el, name);
  return c !== undefined && c.text !== '0';
}
