export type { SourceRef } from './source-ref';
export { sourceRef } from './source-ref';
export type { Diagnostic, DiagnosticCode, Severity, Stage } from './diagnostic';
export { DIAGNOSTIC_CODES, isDiagnosticCode, formatDiagnostic } from './diagnostic';
export { DiagnosticSink } from './sink';
