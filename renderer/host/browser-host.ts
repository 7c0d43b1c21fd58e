import type { Host, OpenResult, SaveOutcome, SaveRequest } from './host';
import { readFileList } from './read-files';

/**
 * The host for a plain browser: files come through the File API (a file picker or a drop),
 * saving is a download of a blob: URL. Nothing leaves the machine.
 */

const MIME: Readonly<Record<SaveRequest['kind'], string>> = {
  csv: 'text/csv;charset=utf-8',
  json: 'application/json;charset=utf-8',
  html: 'text/html;charset=utf-8',
  text: 'text/plain;charset=utf-8',
};

/** Opens the browser's file picker; resolves with the chosen files, or none when cancelled. */
function pickFiles(document: Document): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.hidden = true;
    const done = (files: File[]): void => {
      input.remove();
      resolve(files);
    };
    input.addEventListener('change', () => done([...(input.files ?? [])]), { once: true });
    input.addEventListener('cancel', () => done([]), { once: true });
    document.body.append(input);
    input.click();
  });
}

export function createBrowserHost(document: Document = window.document): Host {
  return {
    kind: 'browser',
    async openFiles(): Promise<OpenResult> {
      return readFileList(await pickFiles(document));
    },
    readFiles: readFileList,
    async saveFile(request: SaveRequest): Promise<SaveOutcome> {
      const url = URL.createObjectURL(new Blob([request.content], { type: MIME[request.kind] }));
      const link = document.createElement('a');
      link.href = url;
      link.download = request.suggestedName;
      link.hidden = true;
      document.body.append(link);
      link.click();
      link.remove();
      // Give the browser a moment to start the download before the URL goes away.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return { status: 'saved', location: null };
    },
    onMenuCommand: () => () => undefined,
    describe: async () => `Browser: ${navigator.userAgent}`,
  };
}
