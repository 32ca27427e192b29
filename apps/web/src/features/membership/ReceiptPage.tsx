import {
  Alert,
  Anchor,
  Button,
  Card,
  Divider,
  Group,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { Receipt } from '@societas/contracts';
import { IconPrinter } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { Page } from '../../components/Page';
import { QueryError } from '../../components/QueryState';
import { formatMoney } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { formatDay, PAYMENT_STATUS_LABELS, periodText, termLabel } from './membershipText';

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" w={200} fw={500} c="dimmed">
        {label}
      </Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}

function ReceiptBody({ receipt }: { receipt: Receipt }) {
  const net = receipt.amountMinor - receipt.refundedMinor;
  return (
    <Card withBorder padding="xl" className="printable" component="article" aria-labelledby="receipt-heading">
      <Stack gap="lg">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={2}>
            <Text fw={800} size="xl">
              {receipt.society.name}
            </Text>
            <Text size="sm" c="dimmed">
              {receipt.society.url}
            </Text>
            <Text size="sm" className="receipt-issuer">
              {[receipt.society.legalName, receipt.society.postalAddress].filter(Boolean).join('\n')}
            </Text>
            {receipt.society.taxId && <Text size="sm">Tax ID: {receipt.society.taxId}</Text>}
            <Text size="sm" c="dimmed">
              {receipt.society.contactEmail}
            </Text>
          </Stack>
          <Stack gap={2} align="flex-end">
            <Title order={2} size="h3" id="receipt-heading">
              Receipt {receipt.receiptNumber}
            </Title>
            <Text size="sm">{formatDay(receipt.paidAt ?? receipt.createdAt)}</Text>
          </Stack>
        </Group>
        <Divider />
        <Table verticalSpacing="xs">
          <Table.Tbody>
            <Row label="Received from">
              {receipt.payerName}
              <Text size="sm" c="dimmed">
                {receipt.payerEmail}
              </Text>
            </Row>
            {receipt.memberNumber !== null && <Row label="Member number">{receipt.memberNumber}</Row>}
            <Row label="For">{receipt.description}</Row>
            {receipt.planName && !receipt.description.startsWith(receipt.planName) && (
              <Row label="Plan and term">
                {receipt.planName}, {termLabel(receipt.termYears ?? 1).toLowerCase()}
              </Row>
            )}
            {(receipt.periodStartsAt || receipt.periodEndsAt) && (
              <Row label="Membership period">{periodText(receipt.periodStartsAt, receipt.periodEndsAt)}</Row>
            )}
            <Row label="Amount paid">
              <Text fw={700} size="lg" span>
                {formatMoney(receipt.amountMinor, receipt.currency)}
              </Text>
            </Row>
            <Row label="Status">{PAYMENT_STATUS_LABELS[receipt.status]}</Row>
          </Table.Tbody>
        </Table>
        {receipt.refunds.length > 0 && (
          <Stack gap="xs">
            <Title order={3} size="h5">
              Refunds
            </Title>
            <Table verticalSpacing="xs">
              <Table.Tbody>
                {receipt.refunds.map((r) => (
                  <Table.Tr key={r.createdAt.toISOString()}>
                    <Table.Td>{formatDay(r.createdAt)}</Table.Td>
                    <Table.Td>{r.reason ?? 'Refund'}</Table.Td>
                    <Table.Td ta="right">−{formatMoney(r.amountMinor, receipt.currency)}</Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Th scope="row" colSpan={2}>
                    Net paid
                  </Table.Th>
                  <Table.Td ta="right" fw={700}>
                    {formatMoney(net, receipt.currency)}
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </Stack>
        )}
        <Text size="xs" c="dimmed">
          Thank you for supporting {receipt.society.name}. Keep this receipt for your records.
        </Text>
      </Stack>
    </Card>
  );
}

export function ReceiptPage() {
  const { paymentId = '' } = useParams();
  const trpc = useTRPC();
  const receipt = useQuery(trpc.membership.receipt.queryOptions({ paymentId }));
  return (
    <Page
      title="Receipt"
      size="md"
      documentTitle={receipt.data ? `Receipt ${receipt.data.receiptNumber}` : 'Receipt'}
      actions={
        receipt.data && (
          <Button
            className="no-print"
            variant="default"
            leftSection={<IconPrinter size={16} aria-hidden />}
            onClick={() => window.print()}
          >
            Print
          </Button>
        )
      }
    >
      {receipt.isPending ? (
        <Skeleton height={420} aria-label="Loading the receipt" />
      ) : receipt.isError ? (
        <QueryError
          error={receipt.error}
          title="We could not load this receipt"
          onRetry={() => void receipt.refetch()}
        />
      ) : receipt.data.status === 'pending' || receipt.data.status === 'failed' ? (
        <Alert color="yellow" variant="light" title="No receipt yet">
          This payment has not been completed, so there is no receipt.
        </Alert>
      ) : (
        <ReceiptBody receipt={receipt.data} />
      )}
      <Anchor component={Link} to="/membership#payment-history" size="sm" className="no-print">
        Back to payment history
      </Anchor>
    </Page>
  );
}
