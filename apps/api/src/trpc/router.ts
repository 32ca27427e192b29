import { accountRouter, authRouter } from '../modules/accounts/index.js';
import { adminRouter } from '../modules/admin/index.js';
import { committeesRouter } from '../modules/committees/index.js';
import { directoryRouter } from '../modules/directory/index.js';
import { employerRouter, jobsAdminRouter, jobsRouter } from '../modules/jobs/index.js';
import { mailRouter } from '../modules/mail/index.js';
import { membershipAdminRouter, membershipRouter } from '../modules/membership/index.js';
import { reportsRouter } from '../modules/reports/index.js';
import { settingsRouter } from '../modules/settings/index.js';
import { spotlightsRouter } from '../modules/spotlights/index.js';
import { router } from './init.js';

export const appRouter = router({
  auth: authRouter,
  account: accountRouter,
  mail: mailRouter,
  admin: adminRouter,
  membership: membershipRouter,
  membershipAdmin: membershipAdminRouter,
  jobs: jobsRouter,
  employer: employerRouter,
  jobsAdmin: jobsAdminRouter,
  committees: committeesRouter,
  directory: directoryRouter,
  spotlights: spotlightsRouter,
  reports: reportsRouter,
  settings: settingsRouter,
});

export type AppRouter = typeof appRouter;
