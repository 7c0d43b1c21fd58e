export * from './network';
export * from './prefix';
export * from './routing';
export * from './zones';
export type * from './inputs/types';
export { PURDUE_LEVELS } from './inputs/types';
export * from './load';
