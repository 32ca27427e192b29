import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import type { AppRouter } from '@societas/api';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { activateLocale } from './lib/i18n';
import { initialLocale } from './lib/locale';
import { createQueryClient, createTrpcClient } from './lib/trpc';

const root = document.getElementById('root');
if (!root) throw new Error('Missing #root element in index.html');

const queryClient = createQueryClient();
const trpcClient = createTrpcClient();
// Every page waits for the session (header, guarded routes): ask for it now, while React renders,
// rather than after the first render. useSession() finds it in the cache under the same key.
const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
void queryClient.prefetchQuery(trpc.auth.session.queryOptions());
// The header, page titles and theme colour come from the society's settings: ask for them now too.
void queryClient.prefetchQuery(trpc.settings.get.queryOptions());

// The first render is in the reader's language (its catalogue may be a separate chunk); should
// that chunk fail to load, the page still comes up, in English.
void activateLocale(initialLocale())
  .catch(() => activateLocale('en'))
  .finally(() => {
    createRoot(root).render(
      <StrictMode>
        <App queryClient={queryClient} trpcClient={trpcClient} />
      </StrictMode>,
    );
  });
