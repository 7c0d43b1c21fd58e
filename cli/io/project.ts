import type { Diagnostic } from '../../models/diagnostics';
import { type Resolver, importResolverList } from '../../models/egress';
import type { InputFile } from '../../models/import/types';
import { EditError, type RuleEdit, applyEdits } from '../../models/paths';
import {
  type JsonPath,
  type Project,
  formatProjectError,
  looksLikeProject,
  parseProject,
  toRuleEdits,
} from '../../models/project';
import type { Network } from '../../models/topology';
import { CliError, at } from '../errors';
import { MAX_FILE_BYTES } from './read-inputs';

/**
 * A project file (`.conduit`) given as input: read, checked (a corrupt project, one made by a
 * newer Conduit, or a file whose text does not match its SHA-256 is bad input, exit 2), and
 * expanded into its files, named as the project names them.
 */
export interface OpenedProject {
  /** The project file as given on the command line. */
  readonly file: string;
  readonly project: Project;
  /** The project's own warnings (unknown properties, ignored view keys). */
  readonly issues: readonly Diagnostic[];
  /** The line of a value of the project file. */
  readonly lineOf: (path: JsonPath) => number;
}

/** A project file may hold several configurations: more than one configuration may be. */
export const MAX_PROJECT_BYTES = 512 * 1024 * 1024;

export const isProjectText = looksLikeProject;

/** The most a file may hold: project files (by extension) hold many files. */
export const maxInputBytes = (name: string): number =>
  name.toLowerCase().endsWith('.conduit') ? MAX_PROJECT_BYTES : MAX_FILE_BYTES;

export function openProject(file: string, text: string): OpenedProject {
  const r = parseProject(text, file);
  if (!r.ok) throw new CliError(formatProjectError(r.error));
  const bad = r.diagnostics.find((d) => d.severity === 'error');
  if (bad) throw new CliError(at(file, bad.source.line, bad.message));
  return { file, project: r.value, issues: r.diagnostics, lineOf: r.lineOf };
}

/** The project's files to import: all but the resolver list its settings name. */
export function projectInputs(opened: OpenedProject): InputFile[] {
  const skip = opened.project.settings.resolvers;
  return opened.project.files.filter((f) => f.name !== skip).map((f) => ({ name: f.name, text: f.text }));
}

/** The resolver list the project's settings name, or null. */
export function projectResolvers(opened: OpenedProject): readonly Resolver[] | null {
  const name = opened.project.settings.resolvers;
  if (name === undefined) return null;
  const f = opened.project.files.find((x) => x.name === name)!;
  const list = importResolverList(f.name, f.text);
  if (list.value.resolvers.length === 0)
    throw new CliError(
      at(
        opened.file,
        opened.lineOf(['settings', 'resolvers']),
        `settings.resolvers: '${name}' holds no resolver`,
      ),
    );
  return list.value.resolvers;
}

/**
 * The project's what-if edits as RuleEdits, each checked against the site: an edit that names
 * no device or rule is bad input naming the project file and the edit's line.
 */
export function projectEdits(opened: OpenedProject, net: Network): RuleEdit[] {
  const edits = toRuleEdits(opened.project.edits);
  if (!edits.ok) throw new CliError(at(opened.file, opened.lineOf(['edits', edits.index]), edits.error));
  edits.value.forEach((e, i) => {
    try {
      applyEdits(net, [e]);
    } catch (err) {
      if (err instanceof EditError)
        throw new CliError(at(opened.file, opened.lineOf(['edits', i]), `edits[${i}]: ${err.message}`));
      throw err;
    }
  });
  return edits.value;
}
