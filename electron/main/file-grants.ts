import path from 'node:path';

/**
 * Paths the user chose through a dialog in this session. `file:read` serves only these: the
 * renderer can re-read what the user opened, never an arbitrary path it names itself.
 * No Electron here, so it is unit-tested in Node.
 */
export class FileGrants {
  readonly #granted = new Set<string>();

  constructor(
    private readonly caseInsensitive = process.platform === 'win32' || process.platform === 'darwin',
  ) {}

  #key(file: string): string {
    const resolved = path.resolve(file);
    return this.caseInsensitive ? resolved.toLowerCase() : resolved;
  }

  grant(file: string): void {
    this.#granted.add(this.#key(file));
  }

  has(file: string): boolean {
    return path.isAbsolute(file) && this.#granted.has(this.#key(file));
  }

  get size(): number {
    return this.#granted.size;
  }
}
