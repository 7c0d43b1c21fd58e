import type { ReactNode } from 'react';
import type { RiskSeverity } from '../analysis/types';

export const RISK_LABELS: Readonly<Record<RiskSeverity, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

/** A severity as a word with a shape (never colour alone). */
export function SeverityBadge({ severity }: { severity: RiskSeverity }): ReactNode {
  return <span className={`risk-badge risk-${severity}`}>{RISK_LABELS[severity]}</span>;
}
