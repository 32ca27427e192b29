import type { Portal } from './fixtures.js';

/** Pages a visitor, a member, an employer and an admin reach from the main navigation. */
export const PUBLIC_PAGES = [
  '/',
  '/membership',
  '/committees',
  '/committees/membership-committee',
  '/spotlights',
  '/jobs',
  '/sign-in',
  '/sign-up',
  '/forgot-password',
  // Opened from the mails: without a token each explains what went wrong.
  '/reset-password',
  '/verify-email',
  '/dev/mailbox',
  '/no-such-page',
];
export const MEMBER_PAGES = [
  '/membership',
  '/membership/join',
  '/membership/card',
  '/account',
  '/directory',
  '/jobs/alerts',
];
export const EMPLOYER_PAGES = ['/employer', '/employer/listings/new'];
export const ADMIN_PAGES = [
  '/admin',
  '/admin/membership',
  '/admin/jobs',
  '/admin/reports',
  '/admin/settings',
  '/spotlights/manage',
];

/** The server-rendered detail pages of the seed: the newest live job, the newest spotlight. */
export async function detailPages(portal: Portal): Promise<string[]> {
  const { rows } = await portal.db.query<{ id: string; slug: string | null }>(`
    SELECT (SELECT id::text FROM jobs WHERE status = 'published' AND expires_at > now() ORDER BY published_at DESC LIMIT 1) AS id,
           (SELECT slug FROM spotlights WHERE status = 'published' AND publish_at <= now() ORDER BY publish_at DESC LIMIT 1) AS slug`);
  return [`/jobs/${rows[0]!.id}`, ...(rows[0]!.slug ? [`/spotlights/${rows[0]!.slug}`] : [])];
}
