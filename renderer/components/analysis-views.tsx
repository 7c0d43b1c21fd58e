import type { ReactNode } from 'react';
import { selectAnalysis, selectAnalysisStatus, selectTab, useAppStore } from '../store';
import { EgressView } from './egress-view';
import { FindingsView } from './findings-view';
import { MapView } from './map-view';
import { PathsView } from './paths-view';
import { RulesView } from './rules-view';
import { AnalysisTabs } from './analysis-tabs';
import { WhatIfView } from './what-if-view';
import { Workspace } from './workspace';

/** The tabs and the view they show; the import overview stays what it was. */
export function AnalysisViews(): ReactNode {
  const tab = useAppStore(selectTab);
  const analysis = useAppStore(selectAnalysis);
  const status = useAppStore(selectAnalysisStatus);
  let body: ReactNode;
  if (tab === 'import') body = <Workspace />;
  else if (!analysis)
    body = (
      <p className="empty-note padded">
        {status === 'running'
          ? 'Analysing the site…'
          : status === 'cancelled'
            ? 'The analysis was cancelled. Analyse again to see the zone map, paths and findings.'
            : 'No analysis yet.'}
      </p>
    );
  else if (tab === 'map') body = <MapView view={analysis} />;
  else if (tab === 'paths') body = <PathsView view={analysis} />;
  else if (tab === 'egress') body = <EgressView view={analysis} />;
  else if (tab === 'findings') body = <FindingsView view={analysis} />;
  else if (tab === 'whatif') body = <WhatIfView view={analysis} />;
  else body = <RulesView view={analysis} />;
  return (
    <div className="analysis-views">
      <AnalysisTabs />
      <div
        id="view-panel"
        role="tabpanel"
        aria-labelledby={`tab-${tab}`}
        className={`view-panel view-${tab}`}
      >
        {body}
      </div>
    </div>
  );
}
