/**
 * stdout / stderr for the command. Output goes out in large chunks; a closed pipe downstream
 * (`conduit ... | head`) ends the process quietly instead of with an EPIPE stack trace.
 */

let installed = false;

function installPipeGuard(): void {
  if (installed) return;
  installed = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
}

export function writeOut(text: string): void {
  installPipeGuard();
  process.stdout.write(text);
}

export function writeErr(text: string): void {
  installPipeGuard();
  process.stderr.write(text);
}

/** `conduit: <message>` on stderr, one line. */
export function complain(message: string): void {
  writeErr(`conduit: ${message.replace(/\s*[\r\n]+\s*/g, ' ')}\n`);
}
