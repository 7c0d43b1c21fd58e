export type { Verdict, VerdictReason, TraceStep } from './verdict';
export type { DeviceQuery } from './evaluate';
export { evaluateDevice, evaluateList } from './evaluate';
export { interfaceMatches } from './rule-index';
export * from './site';
export * from './matrix';
export * from './matrix-diff';
export * from './relation';
