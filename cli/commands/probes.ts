import { CliError, EXIT_OK, at } from '../errors';
import { formatIssues } from '../format/text';
import { writeErr, writeOut } from '../io/output';
import { readInput } from '../io/read-inputs';
import { loadInputs } from '../load';
import { compileProbes, runProbes } from '../probes/probes';
import type { QueryOptions } from './query';

/**
 * `conduit query FILE... --probes PROBES.csv`: the probe file is read and checked whole before
 * anything is evaluated, so a bad row (exit 2, `PROBES.csv:LINE: reason`) never leaves a
 * partial answer on stdout. Import issues go to stderr in both output modes.
 */
export function runProbeFile(files: readonly string[], probesPath: string, opts: QueryOptions): number {
  const read = readInput({ path: probesPath, name: probesPath, explicit: true });
  if (!read.ok) throw new CliError(at(probesPath, read.problem.line, read.problem.message));
  const { devices, issues, network, isSite } = loadInputs(files, opts.vendor);
  const compiled = compileProbes(read.file.text, {
    devices,
    device: opts.device,
    filter: opts.filter,
    ...(isSite ? { network } : {}),
  });
  if (!compiled.ok) throw new CliError(at(probesPath, compiled.line, compiled.error));
  runProbes(compiled.probes, opts.json === true, writeOut, network);
  writeErr(formatIssues(issues));
  return EXIT_OK;
}
