/** Committees' front door: the committees, rosters and terms router. */
export { committeesRouter } from './committees.router.js';
