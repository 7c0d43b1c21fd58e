export * from './intervals';
export * from './address';
export * from './address-set';
export * from './ports';
export * from './protocol';
export * from './service-set';
export * from './flow';
export * from './services';
