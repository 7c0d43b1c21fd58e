/**
 * The names of a project's files: relative, `/` separated (a file from a dropped folder keeps
 * its path inside the folder), and never a way out of the folder they may be written back to.
 */

/** Why a file name cannot be used in a project, or null when it can. */
export function fileNameProblem(name: string): string | null {
  if (name.length === 0) return 'the file name is empty';
  if (name.length > 1024) return 'the file name is longer than 1024 characters';
  if (name.includes('\0')) return 'the file name contains a NUL character';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'the file name contains a control character';
  if (name.includes('\\')) return "the file name contains '\\' (use '/' between folders)";
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'the file name is an absolute path';
  const parts = name.split('/');
  if (parts.some((p) => p === '..')) return "the file name contains '..'";
  if (parts.some((p) => p === '' || p === '.')) return "the file name has an empty or '.' part";
  return null;
}
