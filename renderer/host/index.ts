import { createBrowserHost } from './browser-host';
import { createElectronHost, findBridge } from './electron-host';
import type { Host } from './host';

export type {
  DocumentState,
  Host,
  HostFile,
  HostFileError,
  OpenResult,
  PdfOutcome,
  PdfRequest,
  ProjectFile,
  ProjectSaveRequest,
  RecentProject,
  SaveOutcome,
  SaveRequest,
} from './host';
export { MAX_FILE_BYTES } from './host';
export { formatBytes } from './read-files';
export { HostProvider, useHost } from './host-context';

/** The Electron bridge when the preload exposed one, else the browser host. */
export function detectHost(): Host {
  const bridge = findBridge();
  return bridge ? createElectronHost(bridge) : createBrowserHost();
}
