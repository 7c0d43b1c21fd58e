import type {
  DocumentState,
  Host,
  OpenResult,
  PdfOutcome,
  ProjectFile,
  SaveOutcome,
  SaveRequest,
} from './host';
import { MAX_FILE_BYTES } from './host';
import { formatBytes, readFileList } from './read-files';
import { createRecentStore, type RecentStore } from './recent-store';

/**
 * The host for a plain browser: files come through the File API (a file picker or a drop),
 * saving is a download of a blob: URL, recent projects are kept in IndexedDB. Nothing leaves
 * the machine.
 */

const MIME: Readonly<Record<SaveRequest['kind'] | 'conduit', string>> = {
  csv: 'text/csv;charset=utf-8',
  json: 'application/json;charset=utf-8',
  html: 'text/html;charset=utf-8',
  text: 'text/plain;charset=utf-8',
  conduit: 'application/json;charset=utf-8',
};

/** Opens the browser's file picker; resolves with the chosen files, or none when cancelled. */
function pickFiles(document: Document, options: { multiple: boolean; accept?: string }): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = options.multiple;
    if (options.accept) input.accept = options.accept;
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

function download(document: Document, name: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser a moment to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface BrowserHostOptions {
  readonly document?: Document;
  /** Where recent projects are kept; null when the browser has no IndexedDB (they are then not kept). */
  readonly recent?: RecentStore | null;
  readonly now?: () => Date;
}

export function createBrowserHost(options: BrowserHostOptions = {}): Host {
  const document = options.document ?? window.document;
  const recent =
    options.recent !== undefined
      ? options.recent
      : typeof indexedDB === 'undefined'
        ? null
        : createRecentStore(indexedDB);
  const now = options.now ?? (() => new Date());
  let dirty = false;
  window.addEventListener('beforeunload', (event) => {
    // The browser shows its own "leave site?" prompt; the text is not ours to choose.
    if (dirty) event.preventDefault();
  });

  const remember = async (project: ProjectFile): Promise<void> => {
    await recent?.remember(project, now());
  };

  return {
    kind: 'browser',
    async openFiles(): Promise<OpenResult> {
      return readFileList(await pickFiles(document, { multiple: true }));
    },
    readFiles: readFileList,
    async saveFile(request: SaveRequest): Promise<SaveOutcome> {
      download(document, request.suggestedName, request.content, MIME[request.kind]);
      return { status: 'saved', location: null };
    },
    async openProject() {
      const [file] = await pickFiles(document, { multiple: false, accept: '.conduit,application/json' });
      if (!file) return null;
      if (file.size > MAX_FILE_BYTES)
        throw new Error(
          `${file.name}: ${formatBytes(file.size)} is more than the ${formatBytes(MAX_FILE_BYTES)} limit`,
        );
      return { name: file.name, location: null, text: await file.text() };
    },
    async openRecentProject(key) {
      if (!recent) throw new Error('this browser keeps no recent projects');
      return recent.get(key);
    },
    async saveProject(request) {
      download(document, request.suggestedName, request.content, MIME.conduit);
      // A download cannot fail visibly to the page; the copy kept here is what Open Recent opens.
      await remember({ name: request.suggestedName, location: null, text: request.content }).catch(
        () => undefined,
      );
      return { status: 'saved', location: null };
    },
    async recentProjects() {
      return recent ? recent.list() : [];
    },
    rememberProject: remember,
    launchProject: async () => null,
    async exportPdf(): Promise<PdfOutcome> {
      return { status: 'unsupported' };
    },
    setDocumentState(state: DocumentState) {
      dirty = state.dirty;
      document.title = `${state.dirty ? '• ' : ''}${state.title} — Conduit`;
    },
    closeWindow: () => undefined,
    onMenuCommand: () => () => undefined,
    describe: async () => `Browser: ${navigator.userAgent}`,
  };
}
