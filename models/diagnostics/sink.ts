import type { Diagnostic, DiagnosticCode, Severity, Stage } from './diagnostic';
import type { SourceRef } from './source-ref';

/** Collects the diagnostics of one file at one stage; parsers never throw on user input. */
export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];

  constructor(readonly stage: Stage) {}

  add(code: DiagnosticCode, severity: Severity, message: string, source: SourceRef): void {
    this.diagnostics.push({ code, severity, stage: this.stage, message, source });
  }

  error(code: DiagnosticCode, message: string, source: SourceRef): void {
    this.add(code, 'error', message, source);
  }

  warning(code: DiagnosticCode, message: string, source: SourceRef): void {
    this.add(code, 'warning', message, source);
  }

  info(code: DiagnosticCode, message: string, source: SourceRef): void {
    this.add(code, 'info', message, source);
  }
}
