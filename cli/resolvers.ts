import type { Diagnostic } from '../models/diagnostics';
import { type Resolver, importResolverList } from '../models/egress';
import { CliError, at } from './errors';
import { readInput } from './io/read-inputs';

/**
 * `--resolvers FILE`: a newer public-resolver list (the dnscrypt-resolvers markdown, Conduit's
 * JSON list, or CSV `address,hostname,protocol,provider`) instead of the bundled one. A file
 * that yields no resolver is bad input; bad entries are issues.
 */
export function loadResolvers(file: string): {
  resolvers: readonly Resolver[];
  issues: readonly Diagnostic[];
} {
  const read = readInput({ path: file, name: file, explicit: true });
  if (!read.ok) throw new CliError(at(file, read.problem.line, read.problem.message));
  const list = importResolverList(file, read.file.text);
  if (list.value.resolvers.length === 0) {
    const why = list.diagnostics.find((d) => d.severity === 'error') ?? list.diagnostics[0];
    throw new CliError(at(file, why?.source.line ?? 1, why?.message ?? 'no resolver found in the list'));
  }
  return { resolvers: list.value.resolvers, issues: list.diagnostics };
}
