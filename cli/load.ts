import type { Diagnostic, DiagnosticCode } from '../models/diagnostics';
import { sourceRef } from '../models/diagnostics';
import type { Device, VendorId } from '../models/device';
import type { InputFile } from '../models/import';
import { type Network, assembleSite } from '../models/topology';
import { CliError, at } from './errors';
import { maxInputBytes, type OpenedProject, isProjectText, openProject, projectInputs } from './io/project';
import { type InputEntry, type ReadProblem, expandInputs, readInput } from './io/read-inputs';

export interface Loaded {
  readonly devices: readonly Device[];
  /** Every diagnostic of every file, in file order: the "issues" of the output. */
  readonly issues: readonly Diagnostic[];
  readonly network: Network;
  /**
   * True when the inputs describe a site (several devices, or host networking, an inventory or
   * a site file): a query without --device/--in/--out is then end to end.
   */
  readonly isSite: boolean;
  /** The project file given among the inputs (its files were imported in its place). */
  readonly project?: OpenedProject;
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
 * Reads and imports the inputs: configuration exports of any vendor, and the site's other files
 * (`ip addr` / `ip route` outputs paired with a firewall by file name, inventories, nmap scans, a
 * site file), into the site Network. A file named on the command line that yields nothing is bad
 * input: the command stops with a one-line reason naming the file and line (exit 2). A file found
 * in a folder that is not usable (a README, a diagram) is skipped and reported among the issues.
 * What a usable file could not use is reported among the issues.
 */
export function loadInputs(args: readonly string[], vendor?: VendorId): Loaded {
  const entries = expandInputs(args);
  // What the issues are listed by, in order: each input, and in a project's place its files.
  const units: InputEntry[] = [];
  const files: InputFile[] = [];
  const explicit = new Map<string, boolean>();
  const readIssues: Diagnostic[] = [];
  let project: OpenedProject | undefined;
  const fromProject = new Set<string>();
  const add = (file: InputFile, isExplicit: boolean, inProject: boolean): void => {
    // Citations name files: a project's file and another input must not share a name.
    if (explicit.has(file.name) && (inProject || fromProject.has(file.name)))
      throw new CliError(
        `${file.name}: two inputs have this name (one is a file of the project ${project!.file})`,
      );
    if (inProject) fromProject.add(file.name);
    files.push(file);
    explicit.set(file.name, isExplicit);
  };
  for (const entry of entries) {
    units.push(entry);
    const read = readInput(entry, maxInputBytes(entry.name));
    if (!read.ok) {
      const p = read.problem;
      if (entry.explicit) throw new CliError(at(entry.name, p.line, p.message));
      readIssues.push(skipped(entry, PROBLEM_CODES[p.kind], p.line ?? 1, '', p.message));
      continue;
    }
    if (isProjectText(read.file.text, entry.name)) {
      if (!entry.explicit) {
        // A project saved beside the configs it holds would import them twice.
        readIssues.push(
          skipped(
            entry,
            'unsupported-construct',
            1,
            '',
            'a Conduit project found in a folder; name it to use it',
          ),
        );
        continue;
      }
      if (project)
        throw new CliError(`${entry.name}: only one project file can be given (${project.file} is one)`);
      project = openProject(entry.name, read.file.text);
      readIssues.push(...project.issues);
      for (const f of projectInputs(project)) {
        units.push({ path: entry.path, name: f.name, explicit: false });
        add(f, false, true);
      }
      continue;
    }
    if (read.encoding !== 'utf-8') {
      readIssues.push({
        code: 'lossy-conversion',
        severity: 'info',
        stage: 'read',
        message: `the file is not UTF-8; read as ${read.encoding === 'latin-1' ? 'Windows-1252 (Latin-1)' : read.encoding.toUpperCase()}`,
        source: sourceRef(entry.name, 1, read.file.text.slice(0, read.file.text.indexOf('\n') >>> 0)),
      });
    }
    add(read.file, entry.explicit, false);
  }
  const site = assembleSite(files, vendor === undefined ? {} : { vendor });
  // Issues in file order: each file's read problem, skip notice or diagnostics, then the site's own.
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of site.issues) byFile.set(d.source.file, [...(byFile.get(d.source.file) ?? []), d]);
  const kinds = new Map(site.inputs.map((i) => [i.name, i.kind]));
  const issues: Diagnostic[] = [];
  const placed = new Set<string>();
  for (const entry of units) {
    const own = readIssues.filter((d) => d.source.file === entry.name);
    if (own.length > 0) {
      issues.push(...own);
      continue;
    }
    placed.add(entry.name);
    const diags = byFile.get(entry.name) ?? [];
    if (kinds.get(entry.name) !== 'skipped') {
      issues.push(...diags);
      continue;
    }
    const why = decisiveDiagnostic(diags);
    const line = why?.source.line ?? 1;
    const message = why?.message ?? 'no firewall configuration found';
    if (explicit.get(entry.name)) throw new CliError(at(entry.name, line, message));
    issues.push(skipped(entry, why?.code ?? 'vendor-mismatch', line, why?.source.text ?? '', message));
  }
  for (const d of site.issues) if (!placed.has(d.source.file)) issues.push(d);
  const devices = site.network.devices;
  if (devices.length === 0) {
    const first = issues[0];
    const why = first === undefined ? '' : `; ${at(first.source.file, first.source.line, first.message)}`;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    throw new CliError(`${args.join(' ')}: no firewall configuration found${why}${more}`);
  }
  const isSite = devices.length > 1 || site.inputs.some((i) => i.kind !== 'config' && i.kind !== 'skipped');
  return { devices, issues, network: site.network, isSite, ...(project ? { project } : {}) };
}
