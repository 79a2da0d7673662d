/**
 * The contract kit: what a route's `contract` (functions/http/route.ts) is written with, the
 * shared answers and helpers and every context's answer schemas. Route declarations reach it only
 * through the parameter of their `contract` function, never by import, so it is loaded where the
 * contract is derived (functions/contract/index.ts) and by no Lambda bundle.
 */
export * from './answers';
export * from './shapes';
export * from './records';
export * from './attendance';
export * from './confidential';
export * from './family';
export * from './gradebook';
export * from './notifications';
export * from './oneroster';
export * from './scheduling';
