import type { Diagnostic, DiagnosticCode } from '../models/diagnostics';
import { sourceRef } from '../models/diagnostics';
import type { Device, VendorId } from '../models/device';
import { importConfig } from '../models/import';
import { CliError, at } from './errors';
import { type InputEntry, type ReadProblem, expandInputs, readInput } from './io/read-inputs';

export interface Loaded {
  readonly devices: readonly Device[];
  /** Every diagnostic of every file, in file order: the "issues" of the output. */
  readonly issues: readonly Diagnostic[];
}

const PROBLEM_CODES: Readonly<Record<ReadProblem['kind'], DiagnosticCode>> = {
  'binary-input': 'binary-input',
  'empty-input': 'empty-input',
  'too-large': 'file-too-large',
  unreadable: 'unreadable-file',
};

function skipped(
  entry: InputEntry,
  code: DiagnosticCode,
  line: number,
  text: string,
  message: string,
): Diagnostic {
  return {
    code,
    severity: 'warning',
    stage: 'read',
    message: `skipped: ${message}`,
    source: sourceRef(entry.name, line, text),
  };
}

/** The diagnostic that best says why a file gave nothing: its first error, else its first diagnostic. */
export function decisiveDiagnostic(diagnostics: readonly Diagnostic[]): Diagnostic | undefined {
  return diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0];
}

/**
 * Reads and imports the inputs. A file named on the command line that yields no device is bad
 * input: the command stops with a one-line reason naming the file and line (exit 2). A file
 * found in a folder that is not a configuration (a README, a diagram) is skipped and reported
 * among the issues. What a usable file could not use is reported among the issues.
 */
export function loadInputs(args: readonly string[], vendor?: VendorId): Loaded {
  const entries = expandInputs(args);
  const devices: Device[] = [];
  const issues: Diagnostic[] = [];
  for (const entry of entries) {
    const read = readInput(entry);
    if (!read.ok) {
      const p = read.problem;
      if (entry.explicit) throw new CliError(at(entry.name, p.line, p.message));
      issues.push(skipped(entry, PROBLEM_CODES[p.kind], p.line ?? 1, '', p.message));
      continue;
    }
    const result = importConfig(read.file, vendor === undefined ? {} : { vendor });
    if (result.devices.length === 0) {
      const why = decisiveDiagnostic(result.diagnostics);
      const line = why?.source.line ?? 1;
      const message = why?.message ?? 'no firewall configuration found';
      if (entry.explicit) throw new CliError(at(entry.name, line, message));
      issues.push(skipped(entry, why?.code ?? 'vendor-mismatch', line, why?.source.text ?? '', message));
      continue;
    }
    if (read.encoding !== 'utf-8') {
      issues.push({
        code: 'lossy-conversion',
        severity: 'info',
        stage: 'read',
        message: `the file is not UTF-8; read as ${read.encoding === 'latin-1' ? 'Windows-1252 (Latin-1)' : read.encoding.toUpperCase()}`,
        source: sourceRef(entry.name, 1, read.file.text.slice(0, read.file.text.indexOf('\n') >>> 0)),
      });
    }
    devices.push(...result.devices);
    issues.push(...result.diagnostics);
  }
  if (devices.length === 0) {
    const first = issues[0];
    const why = first === undefined ? '' : `; ${at(first.source.file, first.source.line, first.message)}`;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    throw new CliError(`${args.join(' ')}: no firewall configuration found${why}${more}`);
  }
  return { devices, issues };
}
