import { AreaChart, BarChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import { ScrollArea, SimpleGrid, Skeleton, Stack, Table, Tabs, Text } from '@mantine/core';
import { countryName, type ReportFilters } from '@societas/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { QueryError } from '../../../components/QueryState';
import { formatMonth, formatNumber } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';
import {
  formatMajor,
  pct,
  type RenewalRateRow,
  renewalRateChartData,
  revenueChartData,
} from './reportsChart';
import { Empty, Section } from './Section';

const PLAN_COLORS = ['indigo.6', 'teal.6', 'orange.6', 'grape.6', 'cyan.6', 'pink.6', 'lime.6', 'gray.6'];

export function Charts({ filters }: { filters: ReportFilters }) {
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
  const active = c.activeByPlan.map((r) => ({ ...r, month: formatMonth(String(r.month)) }));
  const revenue = revenueChartData(c.revenueByMonth, currency, formatMonth);
  const hasRevenue = c.revenueByMonth.some((r) => r.membership || r.jobs || r.refunds);
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
              // 'sign' stacks refunds down from zero; the default stacks them onto the paid bar.
              barChartProps={{ stackOffset: 'sign' }}
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
          description="Terms that ended in the period (outcome known) that were renewed before grace ended: the rate, then renewed of ended."
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
                    <RenewalRateBars rows={rows} />
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
            <MonthlyBars
              data={c.traineeConversion.map((r) => ({
                month: formatMonth(r.month),
                Ended: r.ended,
                Converted: r.converted,
              }))}
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
            <MonthlyBars
              data={c.paymentRecovery.map((r) => ({
                month: formatMonth(r.month),
                Failed: r.failed,
                Recovered: r.recovered,
              }))}
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
                    <Table.Td>{formatMonth(r.month)}</Table.Td>
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

/** Two or more counts per month side by side, legend below (trainee conversion, payment recovery). */
function MonthlyBars({
  data,
  series,
}: {
  data: Array<Record<string, string | number>>;
  series: Array<{ name: string; color: string }>;
}) {
  return (
    <BarChart
      h={240}
      data={data}
      dataKey="month"
      withLegend
      legendProps={{ verticalAlign: 'bottom' }}
      series={series}
    />
  );
}

/**
 * One horizontal bar per group so every label fits (career stages are eight long names), each
 * bar labelled with its rate and the counts behind it: 60% on 5 terms is not 60% on 500.
 */
function RenewalRateBars({ rows }: { rows: RenewalRateRow[] }) {
  return (
    <BarChart
      h={Math.max(160, rows.length * 36)}
      data={renewalRateChartData(rows)}
      dataKey="key"
      orientation="vertical"
      yAxisProps={{ width: 150, interval: 0 }}
      xAxisProps={{ domain: [0, 100], tickFormatter: (v: number) => `${v}%` }}
      valueFormatter={(v) => `${formatNumber(v)}%`}
      barChartProps={{ margin: { right: 120 } }}
      withBarValueLabel
      valueLabelProps={{ dataKey: 'counts', formatter: (label: unknown) => String(label) }}
      series={[{ name: 'Renewal rate', color: 'teal.6' }]}
    />
  );
}
