import { Alert, Card, Group, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import type { Kpi, ReportFilters } from '@societas/contracts';
import { IconArrowDownRight, IconArrowUpRight } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { QueryError } from '../../../components/QueryState';
import { formatDateTime, formatMoney, formatMonth, formatNumber } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';
import { RefreshNow } from './RefreshNow';

const SKELETON_KEYS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'];

function formatKpi(kpi: Kpi, value: number | null, currency: string) {
  if (value === null) return '—';
  if (kpi.unit === 'percent') return `${(value * 100).toFixed(1)}%`;
  if (kpi.unit === 'money') return formatMoney(value, currency);
  return formatNumber(value);
}

function KpiTile({ kpi, currency }: { kpi: Kpi; currency: string }) {
  const { value, previous } = kpi;
  let change: ReactNode = null;
  if (value !== null && previous !== null && value !== previous) {
    const up = value > previous;
    const pct =
      kpi.unit === 'percent'
        ? `${((value - previous) * 100).toFixed(1)} pts`
        : previous === 0
          ? 'new'
          : `${(((value - previous) / Math.abs(previous)) * 100).toFixed(1)}%`;
    const good = kpi.key === 'lapsed' || kpi.key === 'grace' ? !up : up;
    change = (
      <Text size="sm" c={good ? 'teal.9' : 'red.9'} fw={500} span>
        <Group gap={2} wrap="nowrap" component="span">
          {up ? <IconArrowUpRight size={16} aria-hidden /> : <IconArrowDownRight size={16} aria-hidden />}
          {up ? '+' : ''}
          {pct}
        </Group>
      </Text>
    );
  }
  return (
    <Card withBorder padding="md" role="group" aria-label={kpi.label}>
      <Text size="sm" c="dimmed" fw={500}>
        {kpi.label}
      </Text>
      <Text fz={26} fw={700} lh={1.3}>
        {formatKpi(kpi, value, currency)}
      </Text>
      <Group gap={6} wrap="nowrap">
        {change}
        <Text size="xs" c="dimmed">
          vs {formatKpi(kpi, previous, currency)} before
        </Text>
      </Group>
      {!kpi.filtered && (
        <Text size="xs" c="dimmed">
          Not filtered by member attributes
        </Text>
      )}
    </Card>
  );
}

export function Tiles({ filters }: { filters: ReportFilters }) {
  const trpc = useTRPC();
  const dash = useQuery({
    ...trpc.reports.dashboard.queryOptions({ filters }),
    placeholderData: keepPreviousData,
  });
  if (dash.isError)
    return (
      <QueryError
        error={dash.error}
        title="We could not load the figures"
        onRetry={() => void dash.refetch()}
      />
    );
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed" aria-live="polite">
          {dash.data
            ? `${formatMonth(dash.data.period.from)} – ${formatMonth(dash.data.period.to)}, compared with ${formatMonth(dash.data.period.previousFrom)} – ${formatMonth(dash.data.period.previousTo)}. ${
                dash.data.refreshedAt
                  ? `Figures as of ${formatDateTime(dash.data.refreshedAt)} (refreshed hourly).`
                  : 'Figures have not been computed yet.'
              }`
            : 'Loading…'}
        </Text>
        <RefreshNow filters={filters} refreshedAt={dash.data?.refreshedAt ?? null} />
      </Group>
      {dash.data && !dash.data.refreshedAt && (
        <Alert color="yellow" title="No figures yet">
          The figures are computed by the worker every hour. Use “Refresh now” to compute them at once.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} spacing="sm">
        {dash.isPending
          ? SKELETON_KEYS.map((key) => <Skeleton key={key} height={104} aria-label="Loading figure" />)
          : dash.data.kpis.map((k) => <KpiTile key={k.key} kpi={k} currency={dash.data.currency} />)}
      </SimpleGrid>
    </Stack>
  );
}
