export * from './analyze';
export * from './catalogue';
export * from './select';
export * from './remediate';
export * from './recheck';
export * from './min-cut';
