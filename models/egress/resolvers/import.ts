/**
 * A newer resolver list supplied by the user: the dnscrypt-resolvers markdown format, a JSON file
 * in the bundled format, or a CSV `address,hostname,protocol,provider`. The format is recognised
 * from the content; every entry that cannot be used is a diagnostic citing its line.
 */
import { type Diagnostic, DiagnosticSink, sourceRef } from '../../diagnostics';
import { parseResolverCsv } from './csv';
import { parseResolverJson } from './json-list';
import {
  ASSUMPTIONS,
  RESOLVER_LIST_FORMAT,
  RESOLVER_LIST_VERSION,
  type ResolverList,
  countResolvers,
} from './list';
import { parseResolverMarkdown } from './markdown';
import type { Resolver } from './resolver';

export type ResolverListFormat = 'markdown' | 'json' | 'csv';

/** Larger inputs are refused (the upstream list is about 300 KB). */
export const MAX_RESOLVER_LIST_BYTES = 32 * 1024 * 1024;

export interface ImportedResolverList {
  readonly value: ResolverList;
  readonly format: ResolverListFormat | null;
  readonly diagnostics: Diagnostic[];
}

/** Which of the three formats `text` is in (null for empty input). */
export function detectResolverListFormat(text: string): ResolverListFormat | null {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head === '') return null;
  if (head.startsWith('{') || head.startsWith('[')) return 'json';
  if (/^(##\s|sdns:)/m.test(text.slice(0, 1 << 20))) return 'markdown';
  return 'csv';
}

export function importResolverList(file: string, text: string): ImportedResolverList {
  const sink = new DiagnosticSink('parse');
  const empty = (format: ResolverListFormat | null): ImportedResolverList => ({
    value: listOf(file, [], null),
    format,
    diagnostics: sink.diagnostics,
  });
  // Whole-file diagnostics cite line 1, quoting it exactly (the house rule for every citation).
  const newline = text.indexOf('\n');
  const firstLine = (newline < 0 ? text : text.slice(0, newline)).replace(/\r$/, '');
  if (text.length > MAX_RESOLVER_LIST_BYTES) {
    sink.error(
      'file-too-large',
      `${text.length} characters; a resolver list holds at most ${MAX_RESOLVER_LIST_BYTES}`,
      sourceRef(file, 1, firstLine),
    );
    return empty(null);
  }
  if (text.includes('\u0000')) {
    sink.error('binary-input', 'the file is not text', sourceRef(file, 1, firstLine));
    return empty(null);
  }
  const format = detectResolverListFormat(text);
  if (format === null) {
    sink.error('empty-input', 'the resolver list is empty', sourceRef(file, 1, firstLine));
    return empty(null);
  }
  let resolvers: Resolver[];
  let counts = { sections: 0, stamps: 0 };
  let upstream: ResolverList['provenance']['source'] | null = null;
  if (format === 'markdown') {
    const parsed = parseResolverMarkdown(file, text, sink);
    resolvers = parsed.resolvers;
    counts = { sections: parsed.sections, stamps: parsed.stamps };
  } else if (format === 'json') {
    const parsed = parseResolverJson(file, text, sink);
    resolvers = parsed.resolvers;
    upstream = parsed.source;
  } else {
    resolvers = parseResolverCsv(file, text, sink);
  }
  if (resolvers.length === 0 && !sink.diagnostics.some((d) => d.severity === 'error')) {
    sink.warning(
      'empty-input',
      `no resolver could be read from this ${format} file`,
      sourceRef(file, 1, firstLine),
    );
  }
  const invalid =
    format === 'markdown'
      ? sink.diagnostics.filter((d) => d.source.text.trim().startsWith('sdns:') && d.code === 'invalid-value')
          .length
      : 0;
  return {
    value: listOf(file, resolvers, upstream, counts.sections, counts.stamps, invalid),
    format,
    diagnostics: sink.diagnostics,
  };
}

function listOf(
  file: string,
  resolvers: Resolver[],
  upstream: ResolverList['provenance']['source'] | null,
  sections = 0,
  stamps = 0,
  invalid = 0,
): ResolverList {
  const source = upstream ?? { url: file, path: file, commit: null, date: null, licence: null };
  return {
    format: RESOLVER_LIST_FORMAT,
    version: RESOLVER_LIST_VERSION,
    provenance: {
      source,
      generated: source.date,
      generator: 'importResolverList',
      assumptions: ASSUMPTIONS,
      knownDotHosts: [],
      counts: countResolvers(resolvers, sections, stamps, invalid),
    },
    resolvers,
  };
}
