/** The kit every subgraph is built with. */
export * from './connection';
export * from './context';
export * from './data-issue';
export * from './division';
export * from './enums';
export * from './errors';
export * from './federated-schema';
export * from './overview-scope';
export * from './page-info';
export * from './scalars';
export * from './server';
export * from './sql';
