import type { ProjectFile, RecentProject } from './host';

/**
 * Recent projects in the browser, kept in IndexedDB with their contents: a page cannot re-read
 * a file by path, so re-opening a recent project means opening the copy saved here. One record
 * per project name, at most `RECENT_LIMIT`, most recent first.
 */

export const RECENT_LIMIT = 10;
const DB_NAME = 'conduit';
const STORE = 'recent-projects';

interface RecentRecord {
  readonly key: string;
  readonly name: string;
  readonly at: string;
  readonly text: string;
}

export interface RecentStore {
  list(): Promise<RecentProject[]>;
  get(key: string): Promise<ProjectFile>;
  remember(project: ProjectFile, at: Date): Promise<void>;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

const newestFirst = (a: RecentRecord, b: RecentRecord): number =>
  a.at < b.at ? 1 : a.at > b.at ? -1 : a.key.localeCompare(b.key);

export function createRecentStore(factory: IDBFactory): RecentStore {
  let opened: Promise<IDBDatabase> | null = null;
  const db = (): Promise<IDBDatabase> => {
    opened ??= new Promise((resolve, reject) => {
      const req = factory.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB is not available'));
    });
    return opened;
  };
  const all = async (): Promise<RecentRecord[]> => {
    const tx = (await db()).transaction(STORE, 'readonly');
    const records = await request(tx.objectStore(STORE).getAll() as IDBRequest<RecentRecord[]>);
    return records.sort(newestFirst);
  };

  return {
    async list() {
      return (await all()).map(({ key, name, at }) => ({ key, name, at, location: null }));
    },
    async get(key) {
      const tx = (await db()).transaction(STORE, 'readonly');
      const record = await request(tx.objectStore(STORE).get(key) as IDBRequest<RecentRecord | undefined>);
      if (!record) throw new Error(`${key} is no longer among the recent projects`);
      return { name: record.name, location: null, text: record.text };
    },
    async remember(project, at) {
      const records = await all();
      const tx = (await db()).transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      store.put({ key: project.name, name: project.name, at: at.toISOString(), text: project.text });
      const others = records.filter((r) => r.key !== project.name);
      for (const stale of others.slice(RECENT_LIMIT - 1)) store.delete(stale.key);
      await done(tx);
    },
  };
}
