import type { StateCreator } from 'zustand/vanilla';
import type { WorkerEvent } from '../worker/protocol';
import type { Importer } from '../worker/import-client';
import type { AppState, FileEntry, ImportSlice, Selection, WorkspaceSlice } from './types';

/** Opened files and their import: the action hands the texts to the worker and folds its events in. */

let nextFileId = 1;

/** Device keys are `<fileId>/<index>`: a device selection survives while its file stays open. */
function selectionSurvives(selection: Selection, files: readonly FileEntry[]): boolean {
  if (selection.kind !== 'device') return true;
  const fileId = selection.key.slice(0, selection.key.indexOf('/'));
  return files.some((f) => f.id === fileId);
}

function updateFile(
  files: readonly FileEntry[],
  id: string,
  patch: Partial<FileEntry>,
): readonly FileEntry[] {
  return files.map((file) => (file.id === id ? { ...file, ...patch } : file));
}

export function createWorkspaceSlice(
  importer: Importer,
): StateCreator<AppState, [], [], WorkspaceSlice & ImportSlice> {
  return (set, get) => {
    const onEvent = (event: WorkerEvent): void => {
      switch (event.type) {
        case 'progress': {
          const name = get().files.find((f) => f.id === event.fileId)?.name ?? null;
          set((s) => ({
            files: updateFile(s.files, event.fileId, { status: 'importing' }),
            progress: s.progress ? { ...s.progress, current: name } : s.progress,
          }));
          break;
        }
        case 'imported': {
          const { fileId, vendor, devices, diagnostics, durationMs } = event.result;
          set((s) => ({
            files: updateFile(s.files, fileId, {
              status: 'imported',
              vendor,
              inputKind: event.result.inputKind ?? null,
              devices,
              diagnostics,
              durationMs,
              error: null,
            }),
            progress: s.progress ? { ...s.progress, done: s.progress.done + 1 } : s.progress,
          }));
          break;
        }
        case 'failed':
          set((s) => ({
            files: updateFile(s.files, event.fileId, { status: 'failed', error: event.message }),
            progress: s.progress ? { ...s.progress, done: s.progress.done + 1 } : s.progress,
          }));
          break;
        case 'finished':
          set((s) => (s.progress && s.progress.done >= s.progress.total ? { progress: null } : {}));
          break;
      }
    };

    return {
      files: [],
      progress: null,

      async openFiles(opened, options = {}) {
        if (opened.length === 0) return;
        if (options.record !== false)
          get().checkpoint(
            opened.length === 1 ? `import ${opened[0]!.name}` : `import ${opened.length} files`,
          );
        const entries: FileEntry[] = opened.map((file) => ({
          id: `f${nextFileId++}`,
          name: file.name,
          size: file.size,
          status: 'queued',
          vendor: null,
          inputKind: null,
          devices: [],
          diagnostics: [],
          error: null,
          durationMs: null,
        }));
        const names = new Set(entries.map((e) => e.name));
        set((s) => {
          const kept = s.files.filter((f) => !names.has(f.name));
          const sources = { ...s.sources };
          for (const file of opened) sources[file.name] = file.text;
          return {
            files: [...kept, ...entries],
            sources,
            ...(selectionSurvives(s.selection, kept) ? {} : { selection: { kind: 'overview' } as const }),
            progress: {
              done: s.progress?.done ?? 0,
              total: (s.progress?.total ?? 0) + entries.length,
              current: s.progress?.current ?? null,
            },
          };
        });
        // The site analysis reads every open file again, in its own worker, alongside the import.
        void get().runAnalysis();
        try {
          await importer.run(
            entries.map((entry, i) => ({ id: entry.id, name: entry.name, text: opened[i]!.text })),
            onEvent,
          );
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const ids = new Set(entries.map((e) => e.id));
          set((s) => ({
            files: s.files.map((f) =>
              ids.has(f.id) && f.status !== 'imported' ? { ...f, status: 'failed', error: message } : f,
            ),
            progress: null,
          }));
          get().notify('error', `Import failed: ${message}`);
        }
      },

      removeFile(id) {
        const name = get().files.find((f) => f.id === id)?.name;
        if (name === undefined) return;
        get().checkpoint(`remove ${name}`);
        set((s) => {
          const files = s.files.filter((f) => f.id !== id);
          const removed = s.files.find((f) => f.id === id);
          const sources = { ...s.sources };
          if (removed && !files.some((f) => f.name === removed.name)) delete sources[removed.name];
          return {
            files,
            sources,
            ...(selectionSurvives(s.selection, files) ? {} : { selection: { kind: 'overview' } as const }),
          };
        });
        void get().runAnalysis();
      },

      clearWorkspace() {
        if (get().files.length === 0) return;
        get().checkpoint('close all files');
        set({ files: [], sources: {}, selection: { kind: 'overview' } });
        void get().runAnalysis();
      },
    };
  };
}
