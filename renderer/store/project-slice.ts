import type { StateCreator } from 'zustand/vanilla';
import { CURRENT_VERSION, PROJECT_EXTENSION, PROJECT_FORMAT, type ProjectEdit } from '../../models/project';
import type { Analyzer } from '../analysis/analysis-client';
import type { ProjectCodec } from '../project/codec';
import type { AppState, DocumentSnapshot, ProjectInfo, ProjectSlice, Selectors } from './types';

/**
 * The project: what is saved in a `.conduit` file (the files, the footholds/targets, the what-if
 * edits, the view) and the undo history over it. Every change to the document goes through
 * `checkpoint`, which records the document before it; undo and redo swap snapshots and re-run
 * the analysis.
 */

export const UNDO_LIMIT = 100;
export const UNTITLED = 'Untitled';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const NO_SELECTORS: Selectors = { from: [], to: [] };

function snapshot(s: AppState, label: string): DocumentSnapshot {
  return { label, files: s.files, sources: s.sources, edits: s.edits, selectors: s.selectors };
}

/** The project's name from a file name: `site.conduit` -> `site`. */
export function projectName(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const name = base.toLowerCase().endsWith(PROJECT_EXTENSION)
    ? base.slice(0, -PROJECT_EXTENSION.length)
    : base;
  return name.trim() || UNTITLED;
}

/** A file name to suggest for saving: the project's name with the extension, safe on every OS. */
export function projectFileName(name: string): string {
  const safe =
    [...name]
      .map((c) => (c.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(c) ? '-' : c))
      .join('')
      .replace(/-+/g, '-')
      .trim() || UNTITLED;
  return `${safe}${PROJECT_EXTENSION}`;
}

export function createProjectSlice(
  analyzer: Analyzer,
  codec: ProjectCodec,
  toolVersion: string,
  now: () => Date = () => new Date(),
): StateCreator<AppState, [], [], ProjectSlice> {
  return (set, get) => {
    const fresh = (): ProjectInfo => ({ name: UNTITLED, location: null, createdAt: now().toISOString() });

    /** Applies a snapshot of the document and re-analyses. */
    const restore = (target: DocumentSnapshot): void => {
      set((s) => ({
        files: target.files,
        sources: target.sources,
        edits: target.edits,
        selectors: target.selectors,
        revision: s.revision + 1,
        remediation: { status: 'idle' },
      }));
      void get().runAnalysis();
    };

    return {
      project: fresh(),
      edits: [],
      selectors: NO_SELECTORS,
      revision: 0,
      savedRevision: 0,
      undoStack: [],
      redoStack: [],
      remediation: { status: 'idle' },

      checkpoint(label) {
        set((s) => ({
          undoStack: [...s.undoStack, snapshot(s, label)].slice(-UNDO_LIMIT),
          redoStack: [],
          revision: s.revision + 1,
        }));
      },

      addEdit(edit) {
        get().checkpoint(editLabel(edit));
        set((s) => ({ edits: [...s.edits, edit], remediation: { status: 'idle' } }));
        void get().runAnalysis();
      },

      removeEdit(index) {
        const edit = get().edits[index];
        if (!edit) return;
        get().checkpoint(`remove “${editLabel(edit)}”`);
        set((s) => ({ edits: s.edits.filter((_, i) => i !== index), remediation: { status: 'idle' } }));
        void get().runAnalysis();
      },

      clearEdits() {
        if (get().edits.length === 0) return;
        get().checkpoint('clear the what-if edits');
        set({ edits: [], remediation: { status: 'idle' } });
        void get().runAnalysis();
      },

      undo() {
        const s = get();
        const previous = s.undoStack.at(-1);
        if (!previous) return;
        set({
          undoStack: s.undoStack.slice(0, -1),
          redoStack: [...s.redoStack, snapshot(s, previous.label)],
        });
        restore(previous);
      },

      redo() {
        const s = get();
        const next = s.redoStack.at(-1);
        if (!next) return;
        set({
          redoStack: s.redoStack.slice(0, -1),
          undoStack: [...s.undoStack, snapshot(s, next.label)],
        });
        restore(next);
      },

      async remediate() {
        set({ remediation: { status: 'running' } });
        try {
          const result = await analyzer.remediate(() => undefined);
          set({ remediation: { status: 'done', result } });
        } catch (error) {
          set({ remediation: { status: 'failed', message: messageOf(error) } });
        }
      },

      applyRemediation() {
        const r = get().remediation;
        if (r.status !== 'done' || r.result.rules.length === 0) return;
        get().checkpoint(`disable the ${r.result.rules.length} suggested rules`);
        const added: ProjectEdit[] = r.result.rules.map((x) => ({
          kind: 'disable',
          device: x.device,
          rule: x.ruleId,
          note: 'suggested fix',
        }));
        set((s) => ({ edits: [...s.edits, ...added], remediation: { status: 'idle' } }));
        void get().runAnalysis();
      },

      newProject() {
        analyzer.cancel();
        set((s) => ({
          project: fresh(),
          files: [],
          sources: {},
          edits: [],
          selectors: NO_SELECTORS,
          selection: { kind: 'overview' },
          undoStack: [],
          redoStack: [],
          revision: s.revision + 1,
          savedRevision: s.revision + 1,
          remediation: { status: 'idle' },
          tab: 'map',
          pendingPath: null,
        }));
        void get().runAnalysis();
      },

      async startProject(name, files) {
        get().newProject();
        set((s) => ({ project: { ...s.project, name } }));
        await get().openFiles(files, { record: false });
        set((s) => ({ undoStack: [], redoStack: [], savedRevision: s.revision }));
      },

      async openProject(text, fileName, location) {
        const parsed = await codec.read(text, fileName);
        if (!parsed.ok) throw new Error(parsed.message);
        // A file whose text no longer matches its SHA-256 means the project was damaged or
        // tampered with: an auditor must not analyse it as if it were the evidence it claims.
        const broken = parsed.diagnostics.find((d) => d.severity === 'error');
        if (broken) throw new Error(`${broken.source.file}:${broken.source.line}: ${broken.message}`);
        const p = parsed.project;
        for (const d of parsed.diagnostics)
          get().notify('info', `${d.source.file}:${d.source.line}: ${d.message}`);
        set((s) => ({
          project: { name: p.name || projectName(fileName), location, createdAt: p.createdAt },
          files: [],
          sources: {},
          edits: p.edits,
          selectors: { from: p.settings.from, to: p.settings.to },
          selection: { kind: 'overview' },
          undoStack: [],
          redoStack: [],
          remediation: { status: 'idle' },
          tab: isTab(p.view.tab) ? p.view.tab : 'map',
          pendingPath: typeof p.view.selectedPath === 'string' ? p.view.selectedPath : null,
          revision: s.revision + 1,
        }));
        await get().openFiles(
          p.files.map((f) => ({ name: f.name, size: f.size, text: f.text })),
          { record: false },
        );
        set((s) => ({ undoStack: [], redoStack: [], savedRevision: s.revision }));
      },

      projectText(at) {
        const s = get();
        const names = Object.keys(s.sources).sort((a, b) => a.localeCompare(b));
        return codec.write({
          format: PROJECT_FORMAT,
          version: CURRENT_VERSION,
          name: s.project.name,
          createdAt: s.project.createdAt,
          savedAt: at.toISOString(),
          tool: { name: 'Conduit', version: toolVersion },
          files: names.map((name) => ({ name, text: s.sources[name]! })),
          settings: { from: s.selectors.from, to: s.selectors.to },
          edits: s.edits,
          view: { tab: s.tab, selectedPath: s.selectedPath },
        });
      },

      markSaved(name, location) {
        set((s) => ({
          project: { ...s.project, name: projectName(name), location },
          savedRevision: s.revision,
        }));
      },
    };
  };
}

const TABS = ['map', 'paths', 'egress', 'findings', 'rules', 'whatif', 'import'] as const;
const isTab = (tab: unknown): tab is (typeof TABS)[number] => TABS.includes(tab as (typeof TABS)[number]);

/** A short description of an edit, for undo labels and the what-if list. */
export function editLabel(edit: ProjectEdit): string {
  const where = `${edit.device} ${edit.rule}`;
  switch (edit.kind) {
    case 'disable':
      return `disable ${where}`;
    case 'narrow':
      return `narrow ${where}`;
    case 'deny-above':
      return `deny above ${where}`;
  }
}
