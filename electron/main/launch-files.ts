import path from 'node:path';
import { PROJECT_EXTENSION } from '../../models/project';

/**
 * Projects the operating system asks the app to open: a double-clicked `.conduit` file (the
 * path on the command line on Windows and Linux, an `open-file` event on macOS), or one given to
 * a second launch while the app runs. The renderer may not be listening yet when the request
 * comes, so the first one waits until the renderer asks for it (`project:launch`); later ones
 * are delivered at once. Pure: the delivery is injected.
 */

/** The project named on a command line: the last argument that is a `.conduit` path, resolved. */
export function projectPathFromArgv(argv: readonly string[], cwd: string): string | null {
  // argv[0] is the executable (and argv[1] the app folder when run as `electron .`).
  for (let i = argv.length - 1; i >= 1; i--) {
    const arg = argv[i]!;
    if (arg.startsWith('-')) continue;
    if (arg.toLowerCase().endsWith(PROJECT_EXTENSION) && !arg.includes('\0')) return path.resolve(cwd, arg);
  }
  return null;
}

export class LaunchQueue {
  #pending: string | null = null;
  #ready = false;

  constructor(private readonly deliver: (file: string) => void) {}

  /** A request from the OS: delivered now if the renderer listens, else kept (the newest wins). */
  offer(file: string | null): void {
    if (file === null) return;
    if (this.#ready) this.deliver(file);
    else this.#pending = file;
  }

  /** The renderer is listening: it takes the waiting request, if any; later ones are delivered. */
  take(): string | null {
    this.#ready = true;
    const file = this.#pending;
    this.#pending = null;
    return file;
  }

  /** The window went away (a new one will ask again). */
  reset(): void {
    this.#ready = false;
  }
}
