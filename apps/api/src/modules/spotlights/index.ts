/** Spotlights' front door: the router, and the social-card metadata the server adds to shared pages. */
export { spotlightsRouter } from './spotlights.router.js';
export { socialMeta } from './spotlights.service.js';
