import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { PageLoader, QueryError } from '../components/QueryState';
import { ForbiddenPage } from '../features/errors/ForbiddenPage';
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

/** Renders its children only for a signed-in user; otherwise sends them to sign in and back. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <PageLoader label="Checking your session" />;
  if (session.isError) return <QueryError error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.user) {
    return <Navigate to={signInPath(`${location.pathname}${location.search}`)} replace />;
  }
  return <>{children}</>;
}

/** Renders its children only for an admin; a signed-in non-admin sees a 403 page. */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <PageLoader label="Checking your session" />;
  if (session.isError) return <QueryError error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.user) {
    return <Navigate to={signInPath(`${location.pathname}${location.search}`)} replace />;
  }
  if (!session.user.isAdmin) return <ForbiddenPage />;
  return <>{children}</>;
}
