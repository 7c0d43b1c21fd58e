export * from './types';
export * from './sha256';
export * from './names';
export * from './edits';
export * from './migrate';
export * from './validate';
export * from './parse';
export * from './serialize';
