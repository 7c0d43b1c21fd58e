export * from './findings';
export * from './hygiene';
