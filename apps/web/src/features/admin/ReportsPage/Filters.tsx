import { Card, Select, SimpleGrid } from '@mantine/core';
import {
  CAREER_STAGE_LABELS,
  CAREER_STAGES,
  COUNTRIES,
  INCOME_BAND_LABELS,
  INCOME_BANDS,
  monthKeyUtc,
  monthStartUtc,
  type ReportFilters,
} from '@societas/contracts';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { formatMonth } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';

export const FILTER_KEYS = ['from', 'to', 'planId', 'band', 'country', 'careerStage'] as const;

/** The UTC month `n` months before this one, as YYYY-MM (report periods are UTC months). */
export function monthsBack(n: number) {
  return monthKeyUtc(monthStartUtc(new Date(), -n));
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
export function useFilters() {
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

export function Filters({
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
          data={monthOptions.map((m) => ({ value: m, label: formatMonth(m) }))}
          value={filters.from ?? monthsBack(11)}
          allowDeselect={false}
          onChange={(v) => set({ from: v })}
        />
        <Select
          label="To"
          data={monthOptions.map((m) => ({ value: m, label: formatMonth(m) }))}
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
