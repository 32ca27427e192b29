import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { PageLoader, QueryError } from '../components/QueryState';
import { ForbiddenPage } from '../features/errors/ForbiddenPage';
import { accessFor, type PageRole } from './access';
import { type inferOutput, type Trpc, useTRPC } from './trpc';

export type SessionUser = NonNullable<inferOutput<Trpc['auth']['session']>['user']>;

/** The signed-in user (or null), from `auth.session`. */
export function useSession() {
  const trpc = useTRPC();
  const query = useQuery(trpc.auth.session.queryOptions(undefined, { staleTime: 60_000 }));
  return {
    user: query.data?.user ?? null,
    isPending: query.isPending,
    isError: query.isError,
    error: query.error,
    refetch: query.refetch,
  };
}

export function signInPath(next: string): string {
  return `/sign-in?next=${encodeURIComponent(next)}`;
}

/**
 * Renders its children only for the people `allow` names (see accessFor): a signed-out person is
 * sent to sign in and back, a signed-in person without the role sees a 403 page.
 */
export function RequireRole({ allow, children }: { allow: PageRole; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  switch (accessFor(session, allow)) {
    case 'checking':
      return <PageLoader label="Checking your session" />;
    case 'error':
      return <QueryError error={session.error} onRetry={() => void session.refetch()} />;
    case 'sign-in':
      return <Navigate to={signInPath(`${location.pathname}${location.search}`)} replace />;
    case 'forbidden':
      return <ForbiddenPage />;
    case 'allowed':
      return <>{children}</>;
  }
}
