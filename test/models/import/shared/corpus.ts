/**
 * Where the importer tests find their inputs: the repository's own fixtures (one folder per
 * vendor, with its golden files) and the shared corpus next to the repository.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
/** The shared corpus, read in place (never copied: some files are copyleft). */
export const corpusRoot = path.resolve(repoRoot, '..', 'shared', 'corpus');

/** The file names of a folder, sorted, optionally only those matching `pattern`. */
export const sortedNames = (dir: string, pattern?: RegExp): string[] =>
  readdirSync(dir)
    .filter((f) => pattern === undefined || pattern.test(f))
    .sort();

export const readText = (dir: string, name: string): string => readFileSync(path.join(dir, name), 'utf8');

export interface Fixtures {
  readonly fixtureDir: string;
  readonly goldenDir: string;
  readonly fixtureNames: () => string[];
  readonly readFixture: (name: string) => string;
}

/** A vendor's fixtures, test/fixtures/import/<vendor>/, and its golden folder. */
export function vendorFixtures(vendor: string, pattern: RegExp): Fixtures {
  const fixtureDir = path.join(repoRoot, 'test', 'fixtures', 'import', vendor);
  return {
    fixtureDir,
    goldenDir: path.join(fixtureDir, 'golden'),
    fixtureNames: () => sortedNames(fixtureDir, pattern),
    readFixture: (name) => readText(fixtureDir, name),
  };
}

export interface Corpus {
  readonly corpusDir: string;
  readonly corpusNames: () => string[];
  readonly readCorpus: (name: string) => string;
}

/** A vendor's flat folder of the shared corpus: every file in it. */
export function vendorCorpus(folder: string): Corpus {
  const corpusDir = path.join(corpusRoot, folder);
  return {
    corpusDir,
    corpusNames: () => sortedNames(corpusDir),
    readCorpus: (name) => readText(corpusDir, name),
  };
}

/** The 1-based number of the first line at or after `from` containing `needle` (tests cite lines by content). */
export function lineContaining(lines: readonly string[], name: string, needle: string, from = 1): number {
  const k = lines.findIndex((l, i) => i + 1 >= from && l.includes(needle));
  if (k < 0) throw new Error(`${name}: no line contains ${needle}`);
  return k + 1;
}
