import { accountRouter } from '../modules/accounts/account.router.js';
import { authRouter } from '../modules/accounts/auth.router.js';
import { adminRouter } from '../modules/admin/admin.router.js';
import { committeesRouter } from '../modules/committees/committees.router.js';
import { directoryRouter } from '../modules/directory/directory.router.js';
import { employerRouter, jobsAdminRouter, jobsRouter } from '../modules/jobs/index.js';
import { mailRouter } from '../modules/mail/mail.router.js';
import { membershipAdminRouter, membershipRouter } from '../modules/membership/index.js';
import { reportsRouter } from '../modules/reports/reports.router.js';
import { spotlightsRouter } from '../modules/spotlights/spotlights.router.js';
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
});

export type AppRouter = typeof appRouter;
