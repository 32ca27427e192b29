import { useQuery } from '@tanstack/react-query';
import { useTRPC } from './trpc';

/** True when the dev mailbox page can be used (no SMTP outside production, or an admin). */
export function useDevMailboxAvailable(): boolean {
  const trpc = useTRPC();
  const status = useQuery(trpc.mail.devMailboxStatus.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  return status.data?.available ?? false;
}
