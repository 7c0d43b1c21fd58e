import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { detectHost, HostProvider } from './host';
import { createAppStore, StoreProvider } from './store';
import { createAnalyzer } from './analysis/analysis-client';
import { createImporter } from './worker/import-client';
import { TOOL_VERSION } from './version';
import { createWorkerCodec } from './project/worker-codec';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/workspace.css';
import './styles/tables.css';
import './styles/analysis.css';
import './styles/project.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

const host = detectHost();
const store = createAppStore({
  importer: createImporter(),
  analyzer: createAnalyzer(),
  toolVersion: TOOL_VERSION,
  projects: createWorkerCodec(),
});

createRoot(container).render(
  <StrictMode>
    <HostProvider host={host}>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </HostProvider>
  </StrictMode>,
);
