import { Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  currencyExponent,
  INCOME_BAND_LABELS,
  INCOME_BANDS,
  type IncomeBand,
  type PlanWithPrices,
  type Term,
} from '@societas/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { formatErrorMessage } from '../../../lib/errors';
import { formatMoney } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';
import { minorToInput, parseMoneyInput, termLabel } from '../../membership/membershipText';
import { ConfirmModal } from '../../membership/parts';

interface PriceChange {
  band: IncomeBand;
  termYears: number;
  before: number | null;
  after: number | null;
}

function cellKey(band: string, termYears: number) {
  return `${band}:${termYears}`;
}

/** One plan's price grid: every band x term is an input; saving asks for confirmation first. */
export function PriceGrid({ plan }: { plan: PlanWithPrices }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const currency = plan.prices[0]?.currency ?? 'USD';
  const exponent = currencyExponent(currency);
  const terms = plan.isLifetime ? [0] : [1, 2, 3];
  const stored = useMemo(() => {
    const map = new Map<string, number>();
    for (const p of plan.prices)
      if (p.currency === currency) map.set(cellKey(p.band, p.termYears), p.amountMinor);
    return map;
  }, [plan.prices, currency]);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const [saving, setSaving] = useState(false);
  const setPrice = useMutation(trpc.membershipAdmin.setPrice.mutationOptions());

  const cellText = (band: string, t: number) => {
    const k = cellKey(band, t);
    if (k in draft) return draft[k]!;
    const v = stored.get(k);
    return v === undefined ? '' : minorToInput(v, exponent);
  };
  const errorOf = (band: string, t: number) => {
    const text = cellText(band, t);
    return text.trim() === '' || parseMoneyInput(text, exponent) !== null ? null : 'Not an amount';
  };
  const changes: PriceChange[] = [];
  let invalid = false;
  for (const band of INCOME_BANDS) {
    for (const t of terms) {
      const k = cellKey(band, t);
      if (!(k in draft)) continue;
      const text = draft[k]!.trim();
      const after = text === '' ? null : parseMoneyInput(text, exponent);
      if (text !== '' && after === null) {
        invalid = true;
        continue;
      }
      const before = stored.get(k) ?? null;
      if (after !== before) changes.push({ band, termYears: t, before, after });
    }
  }

  const saveAll = async () => {
    setSaving(true);
    try {
      for (const c of changes) {
        await setPrice.mutateAsync({
          planId: plan.id,
          band: c.band,
          term: (c.termYears === 0 ? 'lifetime' : c.termYears) as Term,
          currency,
          amountMinor: c.after,
        });
      }
      setDraft({});
      notifications.show({
        color: 'teal',
        title: 'Prices saved',
        message: `${changes.length} price${changes.length === 1 ? '' : 's'} of ${plan.name} changed.`,
      });
    } catch (error) {
      notifications.show({
        color: 'red',
        title: 'Could not save all prices',
        message: formatErrorMessage(error),
      });
    } finally {
      await queryClient.invalidateQueries({ queryKey: trpc.membershipAdmin.plans.queryKey() });
      await queryClient.invalidateQueries({ queryKey: trpc.membership.plans.queryKey() });
      setSaving(false);
      setConfirming(false);
    }
  };

  const show = (v: number | null) => (v === null ? 'not offered' : formatMoney(v, currency));
  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={520}>
        <Table verticalSpacing={4} withTableBorder>
          <Table.Caption>
            {plan.name}: prices in {currency}. Leave a cell empty to stop offering that band and term.
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Country income</Table.Th>
              {terms.map((t) => (
                <Table.Th scope="col" key={t}>
                  {plan.isLifetime ? 'Once' : termLabel(t)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {INCOME_BANDS.map((band) => (
              <Table.Tr key={band}>
                <Table.Th scope="row" fw={400}>
                  {INCOME_BAND_LABELS[band]}
                </Table.Th>
                {terms.map((t) => (
                  <Table.Td key={t}>
                    <TextInput
                      size="xs"
                      aria-label={`${plan.name}, ${INCOME_BAND_LABELS[band]}, ${plan.isLifetime ? 'lifetime' : termLabel(t)}`}
                      value={cellText(band, t)}
                      onChange={(e) => {
                        const value = e.currentTarget.value;
                        setDraft((d) => ({ ...d, [cellKey(band, t)]: value }));
                      }}
                      error={errorOf(band, t)}
                      inputMode="decimal"
                      w={110}
                    />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group gap="sm">
        <Button size="xs" disabled={changes.length === 0 || invalid} onClick={() => setConfirming(true)}>
          Save prices{changes.length > 0 ? ` (${changes.length})` : ''}
        </Button>
        {Object.keys(draft).length > 0 && (
          <Button size="xs" variant="subtle" color="gray" onClick={() => setDraft({})}>
            Discard changes
          </Button>
        )}
      </Group>
      <ConfirmModal
        opened={confirming}
        title={`Change ${plan.name} prices?`}
        confirmLabel="Save prices"
        color="indigo"
        loading={saving}
        onClose={() => setConfirming(false)}
        onConfirm={() => void saveAll()}
      >
        <Text size="sm">New checkouts use these prices at once; payments already made are not affected.</Text>
        <Table fz="sm">
          <Table.Tbody>
            {changes.map((c) => (
              <Table.Tr key={cellKey(c.band, c.termYears)}>
                <Table.Td>
                  {INCOME_BAND_LABELS[c.band]}, {plan.isLifetime ? 'lifetime' : termLabel(c.termYears)}
                </Table.Td>
                <Table.Td>
                  {show(c.before)} → <strong>{show(c.after)}</strong>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ConfirmModal>
    </Stack>
  );
}
