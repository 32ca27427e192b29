import type { AppRouter } from '@societas/api';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCContext, type inferInput, type inferOutput } from '@trpc/tanstack-react-query';
import superjson from 'superjson';
import { getAppErrorData, hasAppCode } from './errors';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export function createTrpcClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: '/trpc',
        transformer: superjson,
        fetch: (url, options) => fetch(url, { ...options, credentials: 'same-origin' }),
      }),
    ],
  });
}

export type TrpcClient = ReturnType<typeof createTrpcClient>;

/** Query key prefix of the session query (`auth.session`), for invalidation outside React. */
const SESSION_PATH = ['auth', 'session'];

function isSessionKey(queryKey: readonly unknown[]): boolean {
  const path = queryKey[0];
  return Array.isArray(path) && path.join('.') === SESSION_PATH.join('.');
}

export function createQueryClient(): QueryClient {
  let client: QueryClient;
  // A request that comes back UNAUTHENTICATED means the session ended (expired, signed out in
  // another tab, password changed elsewhere): refresh the session so route guards react.
  const onError = (error: unknown) => {
    if (hasAppCode(error, 'UNAUTHENTICATED')) {
      void client.invalidateQueries({ predicate: (q) => isSessionKey(q.queryKey) });
    }
  };
  client = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (failureCount, error) => {
          // 4xx answers will not change on retry; network failures and 5xx might.
          const status = getAppErrorData(error)?.httpStatus;
          if (status !== undefined && status < 500) return false;
          return failureCount < 2;
        },
      },
      mutations: { retry: false },
    },
  });
  return client;
}

/** The typed options proxy; use with `inferOutput<Trpc['admin']['users']>` for data types. */
export type Trpc = ReturnType<typeof useTRPC>;
export type { inferInput, inferOutput };
