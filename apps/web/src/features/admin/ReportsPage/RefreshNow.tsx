import { Button, Stack, Text } from '@mantine/core';
import type { ReportFilters } from '@societas/contracts';
import { IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { formatErrorMessage } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';

/** While a queued refresh is waiting or running, the figures are re-read this often... */
const REFRESH_POLL_MS = 5000;
/** ...for at most this long (a refresh takes about 5 minutes at 1M members). */
const REFRESH_WAIT_MS = 15 * 60_000;

/**
 * "Refresh now" queues the worker's refresh job (it takes minutes on a large society), then polls
 * the dashboard until its "figures as of" time moves, and reloads every report.
 */
export function RefreshNow({ filters, refreshedAt }: { filters: ReportFilters; refreshedAt: Date | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The "figures as of" time when the refresh was queued; null when not waiting for one.
  const [waitingFrom, setWaitingFrom] = useState<{ at: number | null; since: number } | null>(null);
  const [outcome, setOutcome] = useState<'done' | 'late' | null>(null);
  const refresh = useMutation(
    trpc.reports.refresh.mutationOptions({
      onSuccess: () => {
        setOutcome(null);
        setWaitingFrom({ at: refreshedAt?.getTime() ?? null, since: Date.now() });
      },
    }),
  );
  // Shares the dashboard's cache entry: polling it updates the tiles and their "as of" line.
  useQuery({
    ...trpc.reports.dashboard.queryOptions({ filters }),
    enabled: waitingFrom !== null,
    refetchInterval: REFRESH_POLL_MS,
  });
  useEffect(() => {
    if (!waitingFrom) return;
    const timer = setTimeout(
      () => {
        setWaitingFrom(null);
        setOutcome('late');
      },
      REFRESH_WAIT_MS - (Date.now() - waitingFrom.since),
    );
    return () => clearTimeout(timer);
  }, [waitingFrom]);
  const current = refreshedAt?.getTime() ?? null;
  useEffect(() => {
    if (waitingFrom && current !== null && current !== waitingFrom.at) {
      setWaitingFrom(null);
      setOutcome('done');
      void queryClient.invalidateQueries(trpc.reports.pathFilter());
    }
  }, [current, waitingFrom, queryClient, trpc]);
  return (
    <Stack gap={4} align="flex-end">
      <Button
        variant="default"
        size="xs"
        leftSection={<IconRefresh size={14} aria-hidden />}
        loading={refresh.isPending || waitingFrom !== null}
        loaderProps={{ type: 'dots' }}
        onClick={() => refresh.mutate()}
      >
        Refresh now
      </Button>
      <Text size="xs" c={refresh.isError ? 'red' : 'dimmed'} aria-live="polite" ta="right">
        {refresh.isError
          ? `The refresh could not be queued: ${formatErrorMessage(refresh.error)}`
          : waitingFrom
            ? 'Refresh queued: the worker is rebuilding the figures (minutes for a large society); they update here when it is done.'
            : outcome === 'done'
              ? 'Figures refreshed.'
              : outcome === 'late'
                ? 'The refresh has not finished yet; the figures update when the worker is done (it may be busy or stopped).'
                : ''}
      </Text>
    </Stack>
  );
}
