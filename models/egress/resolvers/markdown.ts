/**
 * The dnscrypt-resolvers list format (v3/public-resolvers.md): a free-text preamble, then one
 * `## name` section per resolver holding description lines and one or more `sdns://` stamp
 * lines. Every stamp becomes a Resolver citing its line; a stamp that does not decode is a
 * diagnostic naming the line and the reason, and the parse goes on.
 */
import { type DiagnosticSink, sourceRef } from '../../diagnostics';
import { type Resolver, guessProvider, resolverFromStamp } from './resolver';
import { decodeStamp } from './stamp';

export interface MarkdownResolvers {
  readonly resolvers: Resolver[];
  /** `## name` sections seen. */
  readonly sections: number;
  /** `sdns://` lines seen, decoded or not. */
  readonly stamps: number;
}

/** Lines longer than this are not stamps (a stamp is at most a few hundred characters). */
const MAX_LINE = 8192;
/** Resolver names end up in reports; upstream names are under 50 characters. */
const MAX_NAME = 200;

interface Section {
  readonly name: string;
  readonly description: string[];
}

export function parseResolverMarkdown(file: string, text: string, sink: DiagnosticSink): MarkdownResolvers {
  const resolvers: Resolver[] = [];
  let sections = 0;
  let stamps = 0;
  let section: Section | null = null;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.trim();
    const lineNo = i + 1;
    if (line.startsWith('## ')) {
      let name = line.slice(3).trim();
      sections++;
      const ref = sourceRef(file, lineNo, raw);
      if (name === '') sink.warning('invalid-value', 'a resolver section without a name', ref);
      if (name.length > MAX_NAME) {
        sink.warning('invalid-value', `a section name of ${name.length} characters; cut to ${MAX_NAME}`, ref);
        name = name.slice(0, MAX_NAME);
      }
      section = { name, description: [] };
      continue;
    }
    if (!line.startsWith('sdns:')) {
      if (section !== null && line !== '' && line.length <= MAX_LINE) section.description.push(line);
      continue;
    }
    stamps++;
    const ref = sourceRef(file, lineNo, raw);
    if (line.length > MAX_LINE) {
      sink.warning('line-too-long', `a stamp line of ${line.length} characters; skipped`, ref);
      continue;
    }
    if (section === null) {
      sink.warning('unrecognized-line', 'a stamp outside any `## name` section; skipped', ref);
      continue;
    }
    const stamp = decodeStamp(line);
    if (!stamp.ok) {
      sink.warning(
        'invalid-value',
        `resolver '${section.name}': bad DNS stamp: ${stamp.error}; skipped`,
        ref,
      );
      continue;
    }
    const provider = guessProvider(section.description, stamp.value.hostname, stamp.value.providerName);
    const resolver = resolverFromStamp(stamp.value, section.name || `line ${lineNo}`, provider, ref);
    if (resolver.hostnameOnly) {
      sink.info(
        'hostname-address',
        `resolver '${resolver.name}' names only the host '${resolver.hostname ?? ''}'; ` +
          'no address to match offline (add it with an imported list if known)',
        ref,
      );
    }
    resolvers.push(resolver);
  }
  return { resolvers, sections, stamps };
}
