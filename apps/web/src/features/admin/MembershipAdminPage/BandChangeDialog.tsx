import { Table, Text } from '@mantine/core';
import { INCOME_BAND_LABELS, type IncomeBand, type PlanWithPrices } from '@societas/contracts';
import { useQuery } from '@tanstack/react-query';
import { formatMoney } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';
import { termLabel } from '../../membership/membershipText';
import { ConfirmModal } from '../../membership/parts';

export interface BandChange {
  countryCode: string;
  name: string;
  from: IncomeBand;
  to: IncomeBand;
}

export interface PriceMove {
  key: string;
  label: string;
  before: string;
  after: string;
}

/** Each offered plan and term whose price differs between the two bands, as "before -> after". */
export function priceMoves(plans: PlanWithPrices[], from: IncomeBand, to: IncomeBand): PriceMove[] {
  const moves: PriceMove[] = [];
  for (const plan of plans) {
    if (!plan.active) continue;
    const terms = [...new Set(plan.prices.map((p) => p.termYears))].sort((a, b) => a - b);
    for (const termYears of terms) {
      const at = (band: IncomeBand) =>
        plan.prices.find((p) => p.band === band && p.termYears === termYears) ?? null;
      const before = at(from);
      const after = at(to);
      if (before?.amountMinor === after?.amountMinor && before?.currency === after?.currency) continue;
      const show = (p: typeof before) => (p ? formatMoney(p.amountMinor, p.currency) : 'not offered');
      moves.push({
        key: `${plan.id}:${termYears}`,
        label: `${plan.name}, ${plan.isLifetime ? 'lifetime' : termLabel(termYears).toLowerCase()}`,
        before: show(before),
        after: show(after),
      });
    }
  }
  return moves;
}

/** Asks before a country's band changes: it re-prices every member who works there. */
export function BandChangeDialog({
  change,
  saving,
  onConfirm,
  onClose,
}: {
  change: BandChange;
  saving: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const plans = useQuery(trpc.membershipAdmin.plans.queryOptions());
  const moves = plans.data ? priceMoves(plans.data, change.from, change.to) : [];
  return (
    <ConfirmModal
      opened
      title={`Move ${change.name} to ${INCOME_BAND_LABELS[change.to].toLowerCase()}?`}
      confirmLabel="Change the band"
      color="indigo"
      loading={saving}
      onClose={onClose}
      onConfirm={onConfirm}
    >
      <Text size="sm">
        {change.name} is now in the {INCOME_BAND_LABELS[change.from].toLowerCase()} band. Every member whose
        country of work is {change.name} pays {INCOME_BAND_LABELS[change.to].toLowerCase()} prices from their
        next checkout (joining, renewing or changing plan), and so does everyone who joins from there.
        Payments already made and terms already paid for do not change.
      </Text>
      {plans.data &&
        (moves.length === 0 ? (
          <Text size="sm">The two bands have the same prices, so no price changes.</Text>
        ) : (
          <Table fz="sm" aria-label={`Price changes for members in ${change.name}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Plan and term</Table.Th>
                <Table.Th scope="col">Price now</Table.Th>
                <Table.Th scope="col">After the change</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {moves.map((m) => (
                <Table.Tr key={m.key}>
                  <Table.Td>{m.label}</Table.Td>
                  <Table.Td>{m.before}</Table.Td>
                  <Table.Td>
                    <strong>{m.after}</strong>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ))}
    </ConfirmModal>
  );
}
