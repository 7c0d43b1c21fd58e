export * from './gaps';
export * from './resolvers';
