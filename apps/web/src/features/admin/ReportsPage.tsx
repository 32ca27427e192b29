import { AreaChart, BarChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import {
  Alert,
  Button,
  Card,
  Group,
  Pagination,
  ScrollArea,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import {
  CAREER_STAGE_LABELS,
  CAREER_STAGES,
  COUNTRIES,
  countryName,
  formatMoney,
  INCOME_BAND_LABELS,
  INCOME_BANDS,
  type Kpi,
  type ReportFilters,
  type ReportList,
} from '@societas/contracts';
import {
  IconArrowDownRight,
  IconArrowUpRight,
  IconChevronDown,
  IconChevronUp,
  IconDownload,
  IconRefresh,
  IconSelector,
} from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Page } from '../../components/Page';
import { QueryError } from '../../components/QueryState';
import { formatDateTime, formatNumber, pageCount } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { formatMajor, revenueChartData } from './reportsChart';

const PAGE_SIZE = 20;
const SKELETON_KEYS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'];
const FILTER_KEYS = ['from', 'to', 'planId', 'band', 'country', 'careerStage'] as const;
const PLAN_COLORS = ['indigo.6', 'teal.6', 'orange.6', 'grape.6', 'cyan.6', 'pink.6', 'lime.6', 'gray.6'];

function monthKey(d: Date) {
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
function monthsBack(n: number) {
  const now = new Date();
  return monthKey(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 1)));
}
function monthLabel(key: string) {
  const [y, m] = key.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, 1)).toLocaleDateString(undefined, {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

const PRESETS: { value: string; label: string; from: () => string; to: () => string }[] = [
  { value: '12m', label: 'Last 12 months', from: () => monthsBack(11), to: () => monthsBack(0) },
  { value: '6m', label: 'Last 6 months', from: () => monthsBack(5), to: () => monthsBack(0) },
  { value: '3m', label: 'Last 3 months', from: () => monthsBack(2), to: () => monthsBack(0) },
  { value: '24m', label: 'Last 24 months', from: () => monthsBack(23), to: () => monthsBack(0) },
  {
    value: 'ytd',
    label: 'This year',
    from: () => `${new Date().getUTCFullYear()}-01`,
    to: () => monthsBack(0),
  },
  {
    value: 'last-year',
    label: 'Last year',
    from: () => `${new Date().getUTCFullYear() - 1}-01`,
    to: () => `${new Date().getUTCFullYear() - 1}-12`,
  },
];

/** The filters live in the URL, so a filtered view can be bookmarked and shared. */
function useFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => {
    const f: Record<string, string> = {};
    for (const k of FILTER_KEYS) {
      const v = params.get(k);
      if (v) f[k] = v;
    }
    return f as ReportFilters;
  }, [params]);
  // From the live URL, not the params of the last render: two filters changed in quick succession
  // both land in the URL (react-router's `prev` can be a render behind, which lost the first one).
  const set = (patch: Record<string, string | null>) =>
    setParams(
      () => {
        const next = new URLSearchParams(window.location.search);
        for (const [k, v] of Object.entries(patch)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        next.delete('page');
        return next;
      },
      { replace: true },
    );
  return { filters, params, set, setParams };
}

function Filters({
  filters,
  set,
}: {
  filters: ReportFilters;
  set: (p: Record<string, string | null>) => void;
}) {
  const trpc = useTRPC();
  const plans = useQuery(trpc.membership.plans.queryOptions());
  const preset = PRESETS.find(
    (p) => p.from() === (filters.from ?? monthsBack(11)) && p.to() === (filters.to ?? monthsBack(0)),
  );
  const monthOptions = useMemo(() => Array.from({ length: 72 }, (_, i) => monthsBack(i)), []);
  return (
    <Card withBorder padding="md" component="section" aria-label="Filters">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4, lg: 7 }} spacing="sm">
        <Select
          label="Period"
          data={[
            ...PRESETS.map((p) => ({ value: p.value, label: p.label })),
            { value: 'custom', label: 'Custom' },
          ]}
          value={preset?.value ?? 'custom'}
          allowDeselect={false}
          onChange={(v) => {
            const p = PRESETS.find((x) => x.value === v);
            if (p) set({ from: p.from(), to: p.to() });
          }}
        />
        <Select
          label="From"
          data={monthOptions.map((m) => ({ value: m, label: monthLabel(m) }))}
          value={filters.from ?? monthsBack(11)}
          allowDeselect={false}
          onChange={(v) => set({ from: v })}
        />
        <Select
          label="To"
          data={monthOptions.map((m) => ({ value: m, label: monthLabel(m) }))}
          value={filters.to ?? monthsBack(0)}
          allowDeselect={false}
          onChange={(v) => set({ to: v })}
        />
        <Select
          label="Plan"
          placeholder="All plans"
          clearable
          data={(plans.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          value={filters.planId ?? null}
          onChange={(v) => set({ planId: v })}
        />
        <Select
          label="Income band"
          placeholder="All bands"
          clearable
          data={INCOME_BANDS.map((b) => ({ value: b, label: INCOME_BAND_LABELS[b] }))}
          value={filters.band ?? null}
          onChange={(v) => set({ band: v })}
        />
        <Select
          label="Country"
          placeholder="All countries"
          clearable
          searchable
          data={COUNTRIES.map((c) => ({ value: c.code, label: c.name }))}
          value={filters.country ?? null}
          onChange={(v) => set({ country: v })}
        />
        <Select
          label="Career stage"
          placeholder="All stages"
          clearable
          data={CAREER_STAGES.map((s) => ({ value: s, label: CAREER_STAGE_LABELS[s] }))}
          value={filters.careerStage ?? null}
          onChange={(v) => set({ careerStage: v })}
        />
      </SimpleGrid>
    </Card>
  );
}

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

function Section({
  title,
  children,
  description,
}: {
  title: string;
  children: ReactNode;
  description?: string;
}) {
  const id = `section-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id}>
        {title}
      </Title>
      {description && (
        <Text size="sm" c="dimmed" mb="xs">
          {description}
        </Text>
      )}
      <div style={{ marginTop: 8 }}>{children}</div>
    </Card>
  );
}

function Empty({ children = 'No data for these filters.' }: { children?: ReactNode }) {
  return (
    <Text c="dimmed" size="sm" py="lg" ta="center">
      {children}
    </Text>
  );
}

function pct(n: number, d: number) {
  return d === 0 ? null : Math.round((n / d) * 1000) / 10;
}

function Charts({ filters }: { filters: ReportFilters }) {
  const trpc = useTRPC();
  const charts = useQuery({
    ...trpc.reports.charts.queryOptions({ filters }),
    placeholderData: keepPreviousData,
  });
  const dash = useQuery({
    ...trpc.reports.dashboard.queryOptions({ filters }),
    placeholderData: keepPreviousData,
  });
  const currency = dash.data?.currency ?? 'USD';
  if (charts.isError)
    return (
      <QueryError
        error={charts.error}
        title="We could not load the charts"
        onRetry={() => void charts.refetch()}
      />
    );
  if (charts.isPending)
    return (
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={320} aria-label="Loading chart" />
        ))}
      </SimpleGrid>
    );
  const c = charts.data;
  const series = c.plans.map((p, i) => ({
    name: p.id,
    label: p.name,
    color: PLAN_COLORS[i % PLAN_COLORS.length]!,
  }));
  const active = c.activeByPlan.map((r) => ({ ...r, month: monthLabel(String(r.month)) }));
  const revenue = revenueChartData(c.revenueByMonth, currency, monthLabel);
  const hasRevenue = c.revenueByMonth.some((r) => r.membership || r.jobs || r.refunds);
  const rateData = (rows: { key: string; due: number; renewed: number }[]) =>
    rows.map((r) => ({ key: r.key, 'Renewal rate': pct(r.renewed, r.due) ?? 0, due: r.due }));
  const money = (v: number) => formatMajor(v, currency);
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Section
          title="Active members by plan"
          description="Members with a current term at the end of each month."
        >
          {active.every((r) => Object.keys(r).length === 1) ? (
            <Empty />
          ) : (
            <AreaChart
              h={280}
              data={active}
              dataKey="month"
              series={series}
              type="stacked"
              withLegend
              legendProps={{ verticalAlign: 'bottom' }}
              valueFormatter={(v) => formatNumber(v)}
            />
          )}
        </Section>
        <Section
          title="Revenue by month"
          description={`Paid in the month, refunds shown below zero (${currency}).`}
        >
          {!hasRevenue ? (
            <Empty />
          ) : (
            <BarChart
              h={280}
              data={revenue}
              dataKey="month"
              type="stacked"
              withLegend
              legendProps={{ verticalAlign: 'bottom' }}
              valueFormatter={money}
              yAxisProps={{ tickFormatter: (v: number) => formatNumber(v) }}
              series={[
                { name: 'Membership', color: 'indigo.6' },
                { name: 'Jobs', color: 'teal.6' },
                { name: 'Refunds', color: 'red.5' },
              ]}
            />
          )}
        </Section>
        <Section title="Members by country" description="Top 20 countries, members with a current term.">
          {c.byCountry.length === 0 ? (
            <Empty />
          ) : (
            <BarChart
              h={Math.max(200, c.byCountry.length * 22)}
              data={c.byCountry.map((r) => ({ country: countryName(r.country), Members: r.members }))}
              dataKey="country"
              orientation="vertical"
              yAxisProps={{ width: 150, interval: 0 }}
              valueFormatter={(v) => formatNumber(v)}
              series={[{ name: 'Members', color: 'indigo.6' }]}
            />
          )}
        </Section>
        <Section
          title="Renewal rate"
          description="Terms that ended in the period (outcome known) that were renewed before grace ended."
        >
          <Tabs defaultValue="plan">
            <Tabs.List>
              <Tabs.Tab value="plan">By plan</Tabs.Tab>
              <Tabs.Tab value="band">By income band</Tabs.Tab>
              <Tabs.Tab value="stage">By career stage</Tabs.Tab>
            </Tabs.List>
            {(['plan', 'band', 'stage'] as const).map((k) => {
              const rows =
                k === 'plan'
                  ? c.renewalRate.byPlan
                  : k === 'band'
                    ? c.renewalRate.byBand
                    : c.renewalRate.byStage;
              return (
                <Tabs.Panel value={k} key={k} pt="sm">
                  {rows.length === 0 ? (
                    <Empty>No terms came due in this period.</Empty>
                  ) : (
                    <BarChart
                      h={240}
                      data={rateData(rows)}
                      dataKey="key"
                      yAxisProps={{ domain: [0, 100] }}
                      unit="%"
                      series={[{ name: 'Renewal rate', color: 'teal.6' }]}
                    />
                  )}
                </Tabs.Panel>
              );
            })}
          </Tabs>
        </Section>
        <Section
          title="Trainee to regular"
          description="Trainee terms that ended, and those that moved to a non-trainee plan."
        >
          {c.traineeConversion.every((r) => r.ended === 0) ? (
            <Empty />
          ) : (
            <BarChart
              h={240}
              data={c.traineeConversion.map((r) => ({
                month: monthLabel(r.month),
                Ended: r.ended,
                Converted: r.converted,
              }))}
              dataKey="month"
              withLegend
              legendProps={{ verticalAlign: 'bottom' }}
              series={[
                { name: 'Ended', color: 'gray.5' },
                { name: 'Converted', color: 'grape.6' },
              ]}
            />
          )}
        </Section>
        <Section
          title="Failed-payment recovery"
          description="Failed membership payments, and those paid within 30 days."
        >
          {c.paymentRecovery.every((r) => r.failed === 0) ? (
            <Empty>No failed payments in this period.</Empty>
          ) : (
            <BarChart
              h={240}
              data={c.paymentRecovery.map((r) => ({
                month: monthLabel(r.month),
                Failed: r.failed,
                Recovered: r.recovered,
              }))}
              dataKey="month"
              withLegend
              legendProps={{ verticalAlign: 'bottom' }}
              series={[
                { name: 'Failed', color: 'red.5' },
                { name: 'Recovered', color: 'teal.6' },
              ]}
            />
          )}
        </Section>
      </SimpleGrid>
      <Section
        title="Cohort retention"
        description="Members by the month they first joined, and the share still members 12, 24 and 36 months later (after the 30 days of grace to renew)."
      >
        {c.cohorts.length === 0 ? (
          <Empty />
        ) : (
          <ScrollArea
            h={360}
            type="auto"
            viewportProps={{ tabIndex: 0, 'aria-label': 'Cohort retention, scrollable' }}
          >
            <Table striped stickyHeader aria-label="Cohort retention">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Joined</Table.Th>
                  <Table.Th ta="right">Members</Table.Th>
                  <Table.Th ta="right">After 12 months</Table.Th>
                  <Table.Th ta="right">After 24 months</Table.Th>
                  <Table.Th ta="right">After 36 months</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.cohorts.map((r) => (
                  <Table.Tr key={r.month}>
                    <Table.Td>{monthLabel(r.month)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(r.members)}</Table.Td>
                    {(
                      [
                        ['12', r.due12, r.kept12],
                        ['24', r.due24, r.kept24],
                        ['36', r.due36, r.kept36],
                      ] as const
                    ).map(([months, due, kept]) => (
                      <Table.Td ta="right" key={months}>
                        {due === 0 ? (
                          <Text c="dimmed" span>
                            —
                          </Text>
                        ) : (
                          `${pct(kept, due)}%`
                        )}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
      </Section>
    </Stack>
  );
}

const LISTS: { value: ReportList; label: string }[] = [
  { value: 'expiring', label: 'Expiring' },
  { value: 'grace', label: 'In grace' },
  { value: 'lapsed', label: 'Lapsed (last year)' },
  { value: 'payments', label: 'Payments' },
  { value: 'jobs', label: 'Job postings' },
];

function exportUrl(list: ReportList, filters: ReportFilters, days: string) {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = filters[k];
    if (v) q.set(k, v);
  }
  if (list === 'expiring') q.set('days', days);
  return `/api/reports/export/${list}.csv?${q.toString()}`;
}

function Lists({ filters }: { filters: ReportFilters }) {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const list = (LISTS.find((l) => l.value === params.get('list'))?.value ?? 'expiring') as ReportList;
  const days = (['30', '60', '90'].includes(params.get('days') ?? '') ? params.get('days') : '30') as
    | '30'
    | '60'
    | '90';
  const sort = params.get('sort') ?? undefined;
  const dir = params.get('dir') === 'desc' ? 'desc' : 'asc';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const update = (patch: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );
  const query = useQuery({
    ...trpc.reports.list.queryOptions({
      list,
      filters,
      days: Number(days) as 30 | 60 | 90,
      sort,
      dir,
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  const toggleSort = (key: string) =>
    update({ sort: key, dir: sort === key && dir === 'asc' ? 'desc' : 'asc', page: null });
  return (
    <Section
      title="Lists"
      description="For outreach and bookkeeping. Each list downloads as CSV with the filters above."
    >
      <Tabs value={list} onChange={(v) => update({ list: v, sort: null, dir: null, page: null })}>
        <Tabs.List>
          {LISTS.map((l) => (
            <Tabs.Tab value={l.value} key={l.value}>
              {l.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Group justify="space-between" my="sm">
        {list === 'expiring' ? (
          <SegmentedControl
            aria-label="Expiring within"
            value={days}
            onChange={(v) => update({ days: v, page: null })}
            data={[
              { value: '30', label: '30 days' },
              { value: '60', label: '60 days' },
              { value: '90', label: '90 days' },
            ]}
          />
        ) : (
          <Text size="sm" c="dimmed">
            {list === 'payments' || list === 'jobs' ? 'In the selected period.' : 'As of the last refresh.'}
          </Text>
        )}
        <Group gap="sm">
          {query.data && (
            <Text size="sm" c="dimmed">
              {formatNumber(query.data.total)}
              {query.data.totalCapped ? '+' : ''} {query.data.total === 1 ? 'row' : 'rows'}
            </Text>
          )}
          <Button
            component="a"
            href={exportUrl(list, filters, days)}
            download
            leftSection={<IconDownload size={16} aria-hidden />}
            variant="light"
          >
            Download CSV
          </Button>
        </Group>
      </Group>
      {query.isError ? (
        <QueryError
          error={query.error}
          title="We could not load the list"
          onRetry={() => void query.refetch()}
        />
      ) : query.isPending ? (
        <Skeleton height={300} aria-label="Loading list" />
      ) : query.data.rows.length === 0 ? (
        <Empty>Nobody on this list for these filters.</Empty>
      ) : (
        <>
          <ScrollArea type="auto">
            <Table striped highlightOnHover aria-label={LISTS.find((l) => l.value === list)?.label}>
              <Table.Thead>
                <Table.Tr>
                  {query.data.columns.map((col) => (
                    <Table.Th
                      key={col.key}
                      aria-sort={sort === col.key ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}
                    >
                      {col.sortable ? (
                        <UnstyledButton onClick={() => toggleSort(col.key)} fw={600} fz="sm">
                          <Group gap={4} wrap="nowrap">
                            {col.label}
                            {sort === col.key ? (
                              dir === 'asc' ? (
                                <IconChevronUp size={14} aria-hidden />
                              ) : (
                                <IconChevronDown size={14} aria-hidden />
                              )
                            ) : (
                              <IconSelector size={14} aria-hidden />
                            )}
                          </Group>
                        </UnstyledButton>
                      ) : (
                        col.label
                      )}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {query.data.rows.map((row) => (
                  <Table.Tr
                    key={
                      String(row.email ?? row.receipt ?? '') +
                      String(row.created_at ?? row.ends_at ?? row.member_number ?? '') +
                      String(row.title ?? '')
                    }
                  >
                    {query.data.columns.map((col) => (
                      <Table.Td key={col.key} style={{ whiteSpace: 'nowrap' }}>
                        <Cell column={col.key} value={row[col.key] ?? null} />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
          <Group justify="flex-end" mt="sm">
            <Pagination
              total={pageCount(query.data.total, PAGE_SIZE)}
              value={page}
              onChange={(p) => update({ page: String(p) })}
              getControlProps={(control) => ({ 'aria-label': `${control} page` })}
            />
          </Group>
        </>
      )}
    </Section>
  );
}

const STATUS_COLORS: Record<string, string> = {
  active: 'teal',
  renewal_window: 'yellow',
  grace: 'orange',
  lapsed: 'gray',
};

function Cell({ column, value }: { column: string; value: string | number | null }) {
  if (value === null || value === '')
    return (
      <Text c="dimmed" span>
        —
      </Text>
    );
  if (column === 'status' && typeof value === 'string' && STATUS_COLORS[value])
    return (
      <Text span size="sm" fw={600} c={`var(--mantine-color-${STATUS_COLORS[value]}-light-color)`}>
        {value.replace('_', ' ')}
      </Text>
    );
  if (column === 'country' && typeof value === 'string') return <>{countryName(value)}</>;
  if (column === 'career_stage' && typeof value === 'string')
    return <>{CAREER_STAGE_LABELS[value as keyof typeof CAREER_STAGE_LABELS] ?? value}</>;
  if (column === 'income_band' && typeof value === 'string')
    return <>{INCOME_BAND_LABELS[value as keyof typeof INCOME_BAND_LABELS] ?? value}</>;
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)) return <>{formatDateTime(value)}</>;
  return <>{value}</>;
}

/** While a queued refresh is waiting or running, the figures are re-read this often... */
const REFRESH_POLL_MS = 5000;
/** ...for at most this long (a refresh takes about 5 minutes at 1M members). */
const REFRESH_WAIT_MS = 15 * 60_000;

/**
 * "Refresh now" queues the worker's refresh job (it takes minutes on a large society), then polls
 * the dashboard until its "figures as of" time moves, and reloads every report.
 */
function RefreshNow({ filters, refreshedAt }: { filters: ReportFilters; refreshedAt: Date | null }) {
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
          ? `The refresh could not be queued: ${refresh.error.message}`
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

function Tiles({ filters }: { filters: ReportFilters }) {
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
            ? `${monthLabel(dash.data.period.from)} – ${monthLabel(dash.data.period.to)}, compared with ${monthLabel(dash.data.period.previousFrom)} – ${monthLabel(dash.data.period.previousTo)}. ${
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

export function ReportsPage() {
  const { filters, set } = useFilters();
  return (
    <Page
      title="Reports"
      description="The numbers the board asks for: members, renewals, revenue and the job board, from the membership ledger and payments."
      size="xl"
    >
      <Filters filters={filters} set={set} />
      <Tiles filters={filters} />
      <Charts filters={filters} />
      <Lists filters={filters} />
    </Page>
  );
}
