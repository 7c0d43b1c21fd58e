import type { SourceRef } from './source-ref';

/**
 * The closed catalogue of diagnostic codes. A code is a contract (scripts filter on it), so add
 * codes, never rename them. Batfish's five states of a config line map onto these:
 * unrecognized -> `unrecognized-line`; parsed but unsupported -> `unsupported-construct`;
 * converted but possibly mis-modelled -> `lossy-conversion` / `uncertain-match`.
 */
export const DIAGNOSTIC_CODES = {
  'unrecognized-line': 'A line the importer does not understand; it was skipped.',
  'unsupported-construct': 'A recognised construct whose meaning is not modelled.',
  'uncertain-match': 'A rule whose match cannot be decided offline; verdicts it decides are uncertain.',
  'lossy-conversion': 'Converted, but the neutral model only approximates the vendor semantics.',
  'undefined-reference': 'A name (chain, object, interface) that is used but never defined.',
  'unused-object': 'An object that is defined but never used.',
  'invalid-value': 'A value (address, port, protocol, number) that is malformed or out of range.',
  'duplicate-definition': 'A name defined twice; the later definition wins.',
  'truncated-input': 'The file ends in the middle of a section (for example no COMMIT).',
  'hostname-address': 'A host name where an address was expected; it cannot be resolved offline.',
  'empty-input': 'The file holds nothing to import.',
  'binary-input': 'The file is not text.',
  'vendor-mismatch': 'The file does not look like the vendor it was imported as.',
  'line-too-long': 'A line longer than the importer accepts; it was skipped.',
  'file-too-large': 'A file larger than Conduit reads; it was skipped.',
  'unreadable-file': 'A file that could not be read (permissions, a folder, an I/O error).',
  'malformed-input': 'XML or JSON that is not well formed; what comes after the error could not be read.',
  'circular-reference': 'A group that contains itself, directly or through other groups.',
  'disabled-rule': 'A rule the config keeps but switches off (inactive, disabled); it is not evaluated.',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
export type Severity = 'error' | 'warning' | 'info';
export type Stage = 'read' | 'detect' | 'parse' | 'convert' | 'topology' | 'analysis' | 'query';

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly stage: Stage;
  readonly message: string;
  readonly source: SourceRef;
}

export function isDiagnosticCode(code: string): code is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(DIAGNOSTIC_CODES, code);
}

/** `file:line: message`, the one-line form the CLI prints on stderr. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.source.file}:${d.source.line}: ${d.severity}: ${d.message} [${d.code}]`;
}
