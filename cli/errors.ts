import { visible } from '../models/report/text';

/**
 * Exit codes of the `conduit` command (a contract, see ../shared/DESIGN.md):
 * 0 success; 1 the analysis reports a failing condition the caller asked to fail on;
 * 2 bad input or usage (and internal errors, which are reported as such).
 */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

/**
 * A user's mistake: bad input or bad usage. The message is printed on stderr as one line,
 * `conduit: <message>`, and names the file and line when there is one. Never a stack trace.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_BAD_INPUT,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** `file:line: message`, or `file: message` when no line applies. */
export function at(file: string, line: number | null, message: string): string {
  return line === null ? `${file}: ${message}` : `${file}:${line}: ${message}`;
}

/** Keeps a message to one line: newlines become spaces, and very long quotes are clipped. */
export function oneLine(message: string, max = 400): string {
  // Names and lines from configs end up here: control characters (terminal escape sequences)
  // and bidi overrides are shown as code points, as in every other output.
  const flat = visible(
    message
      .replace(/\s*[\r\n]+\s*/g, ' ')
      .replace(/\t/g, ' ')
      .trim(),
  );
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
