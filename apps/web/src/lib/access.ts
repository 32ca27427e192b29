/**
 * Who may open a page. `member` pages are for anyone signed in (an account, paying or not);
 * `admin` pages for the society's administrators. Pure, so the rule is tested without React.
 */
export type PageRole = 'member' | 'admin';

/** What the guard shows: a loader, the session error, sign-in, a 403 page, or the page itself. */
export type Access = 'checking' | 'error' | 'sign-in' | 'forbidden' | 'allowed';

export interface SessionState {
  isPending: boolean;
  isError: boolean;
  user: { isAdmin: boolean } | null;
}

export function accessFor(session: SessionState, allow: PageRole): Access {
  if (session.isPending) return 'checking';
  if (session.isError) return 'error';
  if (!session.user) return 'sign-in';
  if (allow === 'admin' && !session.user.isAdmin) return 'forbidden';
  return 'allowed';
}
