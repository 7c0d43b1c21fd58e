/** The first start opens the bundled example site (DESIGN.md, "Desktop app"); later starts do not. */
export const FIRST_START_KEY = 'conduit.first-start-done';

/** True exactly once per profile; records the start. Storage failures count as "not first". */
export function takeFirstStart(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined): boolean {
  try {
    if (!storage || storage.getItem(FIRST_START_KEY) !== null) return false;
    storage.setItem(FIRST_START_KEY, new Date().toISOString());
    return true;
  } catch {
    return false;
  }
}
