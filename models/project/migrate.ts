import type { JsonObject } from './types';
import { CURRENT_VERSION } from './types';

/**
 * Schema migrations: each step takes a document of version `from` (the plain JSON value) and
 * returns it in version `from + 1`; the mechanism sets `version`. Steps run in order up to the
 * version this Conduit reads. There is no older version than 1 yet, so the registry is empty.
 */
export interface Migration {
  readonly from: number;
  readonly migrate: (doc: JsonObject) => JsonObject;
}

export const MIGRATIONS: readonly Migration[] = [];

export type MigrationResult =
  | { readonly ok: true; readonly doc: JsonObject; readonly steps: readonly number[] }
  | { readonly ok: false; readonly error: string };

/**
 * Brings `doc` (of version `version`) up to `target` through the registry. A missing step, two
 * steps from one version, or a step that throws is an error, never a partly migrated document.
 */
export function migrateDocument(
  doc: JsonObject,
  version: number,
  migrations: readonly Migration[] = MIGRATIONS,
  target: number = CURRENT_VERSION,
): MigrationResult {
  let current = doc;
  const steps: number[] = [];
  for (let v = version; v < target; v++) {
    const found = migrations.filter((m) => m.from === v);
    if (found.length === 0) return { ok: false, error: `no migration from version ${v} to ${v + 1}` };
    if (found.length > 1) return { ok: false, error: `${found.length} migrations from version ${v}` };
    try {
      const next = found[0]!.migrate(current);
      if (typeof next !== 'object' || next === null || Array.isArray(next))
        return { ok: false, error: `the migration from version ${v} did not return an object` };
      current = { ...next, version: v + 1 };
    } catch (e) {
      return { ok: false, error: `the migration from version ${v} failed: ${(e as Error).message}` };
    }
    steps.push(v);
  }
  return { ok: true, doc: current, steps };
}
