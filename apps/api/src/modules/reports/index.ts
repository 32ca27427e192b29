/** Reports' front door: the router, the CSV export routes, and the summary refresh the worker runs. */
export { reportsRouter } from './reports.router.js';
export { reportRoutes } from './reports.routes.js';
export { refresh } from './reports.service.js';
