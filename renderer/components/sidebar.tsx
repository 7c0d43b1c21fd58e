import type { ReactNode } from 'react';
import {
  countSeverities,
  selectFiles,
  selectRemoveFile,
  selectSelect,
  selectSelection,
  useAppStore,
  type FileEntry,
} from '../store';
import { SITE_INPUT_LABELS } from '../worker/site-input';
import { plural, vendorLabel } from './labels';

function FileStatus({ file }: { file: FileEntry }): ReactNode {
  if (file.status === 'queued') return <span className="file-meta">Waiting…</span>;
  if (file.status === 'importing') return <span className="file-meta">Importing…</span>;
  if (file.status === 'failed') return <span className="file-meta is-error">Import failed</span>;
  const counts = countSeverities(file.diagnostics);
  return (
    <span className="file-meta">
      {file.inputKind ? SITE_INPUT_LABELS[file.inputKind] : vendorLabel(file.vendor)}
      {counts.error > 0 && <span className="count-pill error">{plural(counts.error, 'error')}</span>}
      {counts.warning > 0 && <span className="count-pill warning">{plural(counts.warning, 'warning')}</span>}
    </span>
  );
}

/** Navigation: the overview, then each opened file with its devices. */
export function Sidebar(): ReactNode {
  const files = useAppStore(selectFiles);
  const selection = useAppStore(selectSelection);
  const select = useAppStore(selectSelect);
  const removeFile = useAppStore(selectRemoveFile);

  return (
    <nav className="sidebar" aria-label="Opened files">
      <button
        type="button"
        className="nav-item overview-item"
        aria-current={selection.kind === 'overview' ? 'page' : undefined}
        onClick={() => select({ kind: 'overview' })}
      >
        Overview
      </button>
      <h2 className="sidebar-heading">Files</h2>
      <ul className="file-list">
        {files.map((file) => (
          <li
            key={file.id}
            className="file-item"
            aria-busy={file.status === 'queued' || file.status === 'importing'}
          >
            <div className="file-row">
              <div className="file-text">
                <span className="file-name" title={file.name}>
                  {file.name}
                </span>
                <FileStatus file={file} />
              </div>
              <button
                type="button"
                className="icon-button"
                aria-label={`Close ${file.name}`}
                title="Close file"
                onClick={() => removeFile(file.id)}
              >
                <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
                  <path d="M4 4l8 8M12 4l-8 8" />
                </svg>
              </button>
            </div>
            {file.devices.length > 0 && (
              <ul className="device-list">
                {file.devices.map((device) => (
                  <li key={device.key}>
                    <button
                      type="button"
                      className="nav-item device-item"
                      aria-current={
                        selection.kind === 'device' && selection.key === device.key ? 'page' : undefined
                      }
                      onClick={() => select({ kind: 'device', key: device.key })}
                    >
                      <span className="device-item-name">{device.name}</span>
                      <span className="device-item-meta">{plural(device.ruleCount, 'rule')}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
