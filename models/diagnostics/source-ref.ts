/** Where a rule, an object or a diagnostic came from: 1-based line numbers into `file`. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
  readonly endLine: number;
  /** The exact text of line `line` (without its line terminator). */
  readonly text: string;
}

export function sourceRef(file: string, line: number, text: string, endLine = line): SourceRef {
  return { file, line, endLine, text };
}
