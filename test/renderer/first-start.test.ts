import { describe, expect, it } from 'vitest';
import { FIRST_START_KEY, takeFirstStart } from '../../renderer/first-start';

const memory = (): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
};

describe('takeFirstStart', () => {
  it('is true once per profile and records the start', () => {
    const storage = memory();
    expect(takeFirstStart(storage)).toBe(true);
    expect(storage.data.has(FIRST_START_KEY)).toBe(true);
    expect(takeFirstStart(storage)).toBe(false);
  });

  it('is false when there is no storage or it throws', () => {
    expect(takeFirstStart(undefined)).toBe(false);
    const broken = {
      getItem: (): string | null => {
        throw new Error('denied');
      },
      setItem: (): void => undefined,
    };
    expect(takeFirstStart(broken)).toBe(false);
  });
});
