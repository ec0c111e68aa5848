export * from './wait-for';
export * from './isolation';
export * from './strata-cluster';
export * from './store-inspector';
