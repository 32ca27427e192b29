import {
  Button,
  Group,
  Pagination,
  ScrollArea,
  SegmentedControl,
  Skeleton,
  Table,
  Tabs,
  Text,
  UnstyledButton,
} from '@mantine/core';
import {
  CAREER_STAGE_LABELS,
  countryName,
  INCOME_BAND_LABELS,
  type ReportFilters,
  type ReportList,
} from '@societas/contracts';
import { IconChevronDown, IconChevronUp, IconDownload, IconSelector } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { QueryError } from '../../../components/QueryState';
import { formatDateTime, formatNumber, pageCount } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';
import { FILTER_KEYS } from './Filters';
import { Empty, Section } from './Section';

const PAGE_SIZE = 20;

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

export function Lists({ filters }: { filters: ReportFilters }) {
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
