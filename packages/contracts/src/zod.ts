import { z } from 'zod';
import { humanMessage } from './messages.js';

/*
 * The one zod configuration of the workspace (global: the web app and the API share the package),
 * installed before any schema is built; every contracts module takes `z` from here.
 * - customError: the people-facing wording of messages.ts, in forms and in the API's field errors.
 * - jitless: zod v4 otherwise probes `new Function` on the first object parse to compile a fast
 *   path, which the Content-Security-Policy (script-src without 'unsafe-eval', ADR 016) refuses
 *   and reports as a violation in the browser.
 */
z.config({ customError: humanMessage, jitless: true });

export { z };
