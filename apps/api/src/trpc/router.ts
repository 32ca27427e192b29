import { accountRouter } from '../modules/accounts/account.router.js';
import { authRouter } from '../modules/accounts/auth.router.js';
import { adminRouter } from '../modules/admin/admin.router.js';
import { mailRouter } from '../modules/mail/mail.router.js';
import { membershipRouter } from '../modules/membership/membership.router.js';
import { membershipAdminRouter } from '../modules/membership/membership-admin.router.js';
import { reportsRouter } from '../modules/reports/reports.router.js';
import { router } from './init.js';

export const appRouter = router({
  auth: authRouter,
  account: accountRouter,
  mail: mailRouter,
  admin: adminRouter,
  membership: membershipRouter,
  membershipAdmin: membershipAdminRouter,
  reports: reportsRouter,
});

export type AppRouter = typeof appRouter;
