import { Anchor, Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import type { LedgerEntry, PaymentSummary } from '@societas/contracts';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatMoney } from '../../lib/format';
import {
  formatDay,
  PAYMENT_STATUS_COLORS,
  PAYMENT_STATUS_LABELS,
  periodText,
  type StatusSummary,
  termLabel,
} from './membershipText';

export function StatusBadge({ summary }: { summary: Pick<StatusSummary, 'label' | 'tone'> }) {
  return (
    <Badge color={summary.tone} variant="light" size="lg">
      {summary.label}
    </Badge>
  );
}

/** Payments with their receipt links; `actions` adds a cell per row (the admin's refund button). */
export function PaymentsTable({
  payments,
  caption,
  actions,
}: {
  payments: PaymentSummary[];
  caption: string;
  actions?: (payment: PaymentSummary) => ReactNode;
}) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped verticalSpacing="sm">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Date</Table.Th>
            <Table.Th scope="col">For</Table.Th>
            <Table.Th scope="col">Amount</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Receipt</Table.Th>
            {actions && <Table.Th scope="col">Actions</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {payments.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>{formatDay(p.paidAt ?? p.createdAt)}</Table.Td>
              <Table.Td>
                {p.planName ? `${p.planName}, ${termLabel(p.termYears ?? 1).toLowerCase()}` : p.description}
              </Table.Td>
              <Table.Td>
                {formatMoney(p.amountMinor, p.currency)}
                {p.refundedMinor > 0 && (
                  <Text size="xs" c="dimmed">
                    {formatMoney(p.refundedMinor, p.currency)} refunded
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={PAYMENT_STATUS_COLORS[p.status]}>
                  {PAYMENT_STATUS_LABELS[p.status]}
                </Badge>
              </Table.Td>
              <Table.Td>
                {p.status === 'pending' || p.status === 'failed' ? (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                ) : (
                  <Anchor
                    component={Link}
                    to={`/membership/receipts/${p.id}`}
                    aria-label={`Receipt ${p.receiptNumber}`}
                  >
                    {p.receiptNumber}
                  </Anchor>
                )}
              </Table.Td>
              {actions && <Table.Td>{actions(p)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const KIND_LABELS: Record<LedgerEntry['kind'], string> = {
  joined: 'Joined',
  renewed: 'Renewed',
  upgraded: 'Upgraded',
  comped: 'Complimentary term',
  refunded: 'Refunded',
  ended: 'Ended',
  auto_renew_on: 'Automatic renewal on',
  auto_renew_off: 'Automatic renewal off',
  proof_approved: 'Proof approved',
  proof_rejected: 'Proof rejected',
};

/** The append-only ledger, newest first. */
export function LedgerTable({ entries, caption }: { entries: LedgerEntry[]; caption: string }) {
  const rows = [...entries].reverse();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped verticalSpacing="xs">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">When</Table.Th>
            <Table.Th scope="col">What</Table.Th>
            <Table.Th scope="col">Plan and period</Table.Th>
            <Table.Th scope="col">By</Table.Th>
            <Table.Th scope="col">Reason / receipt</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>{formatDay(e.createdAt)}</Table.Td>
              <Table.Td fw={500}>{KIND_LABELS[e.kind]}</Table.Td>
              <Table.Td>
                {e.planName ?? ''}
                {(e.startsAt || e.endsAt) && (
                  <Text size="xs" c="dimmed">
                    {e.kind === 'refunded' || e.kind === 'ended'
                      ? `ended ${formatDay(e.endsAt)}`
                      : periodText(e.startsAt, e.endsAt)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{e.actorName ?? (e.paymentId ? 'Payment' : '')}</Table.Td>
              <Table.Td>
                <Stack gap={0}>
                  {e.reason && <Text size="sm">{e.reason}</Text>}
                  {e.paymentId && e.receiptNumber && (
                    <Anchor component={Link} to={`/membership/receipts/${e.paymentId}`} size="sm">
                      {e.receiptNumber}
                    </Anchor>
                  )}
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A confirmation dialog for actions that cannot be undone or that change money. */
export function ConfirmModal({
  opened,
  title,
  children,
  confirmLabel,
  color = 'red',
  loading,
  onConfirm,
  onClose,
}: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  color?: string;
  loading?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Stack gap="md">
        {children}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={loading}>
            Cancel
          </Button>
          <Button color={color} onClick={onConfirm} loading={loading}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
