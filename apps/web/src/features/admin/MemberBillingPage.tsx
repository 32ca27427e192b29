import {
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  countryName,
  currencyExponent,
  type MemberBillingDetail,
  type PaymentSummary,
  type Term,
} from '@societas/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ModalForm } from '../../components/FormFrame';
import { Page } from '../../components/Page';
import { FormAlert, QueryError } from '../../components/QueryState';
import { useAppForm } from '../../lib/form';
import { formatMoney } from '../../lib/format';
import { newRequestKey } from '../../lib/requestKey';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import {
  describeStatus,
  formatDay,
  minorToInput,
  refundAmount,
  termLabel,
} from '../membership/membershipText';
import { ConfirmModal, LedgerTable, PaymentsTable, StatusBadge } from '../membership/parts';

const REASON_RULE = (reason: string) =>
  reason.trim().length < 3 ? 'Give a reason (at least 3 characters)' : null;

function RefundDialog({
  payment,
  memberName,
  onClose,
}: {
  payment: PaymentSummary;
  memberName: string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const remaining = payment.amountMinor - payment.refundedMinor;
  const exponent = currencyExponent(payment.currency);
  const amountOf = (text: string) => refundAmount(text, remaining, payment.currency, exponent);
  // One key per opened form: a double click or a retry returns the refund already made.
  const [requestKey] = useState(newRequestKey);
  const appForm = useAppForm({
    initialValues: { amount: minorToInput(remaining, exponent), reason: '', endMembership: false },
    validate: { amount: (text) => amountOf(text).error, reason: REASON_RULE },
    toInput: (values) => {
      const { amountMinor, full } = amountOf(values.amount);
      return {
        requestKey,
        paymentId: payment.id,
        ...(full || amountMinor === null ? {} : { amountMinor }),
        reason: values.reason.trim(),
        endMembership: values.endMembership,
      };
    },
    submit: (input) => client.membershipAdmin.refund.mutate(input),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: trpc.membershipAdmin.member.queryKey() });
      notifications.show({
        color: 'teal',
        title: 'Refunded',
        message: `${formatMoney(result.amountMinor, payment.currency)} refunded on receipt ${payment.receiptNumber}.`,
      });
      onClose();
    },
  });
  const { form } = appForm;
  const { amountMinor, full, error: amountError } = amountOf(form.values.amount);

  return (
    <ModalForm
      opened
      title={`Refund receipt ${payment.receiptNumber}`}
      form={appForm}
      errorTitle="Could not refund"
      submitColor="red"
      submitLabel={
        amountMinor && !amountError
          ? `Refund ${formatMoney(amountMinor, payment.currency)}${form.values.endMembership ? ' and end membership' : ''}`
          : 'Refund'
      }
      onClose={onClose}
    >
      <Text size="sm">
        {memberName} paid {formatMoney(payment.amountMinor, payment.currency)}
        {payment.refundedMinor > 0
          ? `, of which ${formatMoney(payment.refundedMinor, payment.currency)} is refunded`
          : ''}
        . The refund goes back to their card through Stripe and cannot be undone.
      </Text>
      <TextInput
        label={`Amount (${payment.currency})`}
        description={full ? 'Full refund of what is left' : 'Partial refund'}
        inputMode="decimal"
        data-autofocus
        {...form.getInputProps('amount')}
      />
      <Textarea
        label="Reason"
        description="Kept in the member's ledger and the audit log."
        required
        autosize
        minRows={2}
        {...form.getInputProps('reason')}
      />
      <Checkbox
        label="Also end the membership now"
        description="Benefits stop today, including time paid by other payments. Without this the membership stays as it is (e.g. a goodwill partial refund)."
        {...form.getInputProps('endMembership', { type: 'checkbox' })}
      />
    </ModalForm>
  );
}

function CompForm({ detail }: { detail: MemberBillingDetail }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const plans = useQuery(trpc.membershipAdmin.plans.queryOptions());
  const [confirming, setConfirming] = useState(false);
  const appForm = useAppForm({
    initialValues: { planCode: null as string | null, term: '1', reason: '' },
    validate: { planCode: (code) => (code ? null : 'Choose a plan'), reason: REASON_RULE },
    toInput: (values) => ({
      userId: detail.user.id,
      planCode: values.planCode ?? '',
      term: (planOf(values.planCode)?.isLifetime ? 'lifetime' : Number(values.term)) as Term,
      reason: values.reason.trim(),
    }),
    submit: (input) => client.membershipAdmin.comp.mutate(input),
    onSuccess: async (_, values) => {
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: trpc.membershipAdmin.member.queryKey() });
      notifications.show({
        color: 'teal',
        title: 'Membership granted',
        message: `${planOf(values.planCode)?.name} for ${detail.user.name}.`,
      });
      appForm.form.setFieldValue('reason', '');
    },
    onError: () => {
      // The dialog closes so the error shows at its field or above the form.
      setConfirming(false);
      return false;
    },
  });
  const { form } = appForm;
  const planOf = (code: string | null) => plans.data?.find((p) => p.code === code);
  const plan = planOf(form.values.planCode);
  const termOptions = plan?.isLifetime
    ? [{ value: 'lifetime', label: 'Lifetime' }]
    : ['1', '2', '3'].map((t) => ({ value: t, label: termLabel(Number(t)) }));
  const termValue = plan?.isLifetime ? 'lifetime' : form.values.term;

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="comp-heading">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="comp-heading">
            Complimentary membership
          </Title>
          <Text size="sm" c="dimmed">
            Grant a term without payment (honorary members, errors, hardship). It extends from the current end
            date like a renewal.
          </Text>
        </div>
        {plans.isError && <QueryError error={plans.error} title="We could not load the plans" />}
        <FormAlert message={appForm.formError} title="Could not grant membership" />
        <Group grow align="flex-start" wrap="wrap">
          <Select
            label="Plan"
            placeholder="Choose a plan"
            data={(plans.data ?? []).map((p) => ({
              value: p.code,
              label: p.active ? p.name : `${p.name} (inactive)`,
            }))}
            miw={200}
            {...form.getInputProps('planCode')}
          />
          <Select
            label="Term"
            data={termOptions}
            disabled={plan?.isLifetime}
            allowDeselect={false}
            miw={140}
            {...form.getInputProps('term')}
            value={termValue}
          />
        </Group>
        <Textarea label="Reason" required autosize minRows={2} {...form.getInputProps('reason')} />
        <Group>
          {/* A two-step form: the values are checked here, the confirmation sends them. */}
          <Button variant="light" onClick={() => !form.validate().hasErrors && setConfirming(true)}>
            Grant membership…
          </Button>
        </Group>
      </Stack>
      <ConfirmModal
        opened={confirming}
        title="Grant a complimentary membership?"
        confirmLabel="Grant it"
        color="indigo"
        loading={appForm.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() => appForm.onSubmit()}
      >
        <Text size="sm">
          {detail.user.name} gets {plan?.name} (
          {termValue ? termLabel(termValue === 'lifetime' ? 0 : Number(termValue)).toLowerCase() : ''}) at no
          charge. The ledger records you and the reason: “{form.values.reason.trim()}”.
        </Text>
      </ConfirmModal>
    </Card>
  );
}

function Detail({ detail }: { detail: MemberBillingDetail }) {
  const [refunding, setRefunding] = useState<PaymentSummary | null>(null);
  const summary = describeStatus(detail.membership);
  return (
    <>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder padding="lg" component="section" aria-label="Member">
          <Stack gap={4}>
            <Text fw={700} size="lg">
              {detail.user.name}
            </Text>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {detail.user.email}
            </Text>
            <Text size="sm" c="dimmed">
              Member number {detail.user.memberNumber ?? '—'} · Country of work{' '}
              {detail.user.countryCode ? countryName(detail.user.countryCode) : 'not set'}
            </Text>
          </Stack>
        </Card>
        <Card withBorder padding="lg" component="section" aria-label="Membership status">
          <Stack gap="xs">
            <Group gap="xs">
              <StatusBadge summary={summary} />
              {detail.membership.planName && <Text fw={600}>{detail.membership.planName}</Text>}
              {detail.membership.autoRenew.enabled && (
                <Text size="sm" c="dimmed">
                  · auto-renew on
                </Text>
              )}
            </Group>
            <Text size="sm">
              {detail.membership.status === 'none'
                ? 'Never a member.'
                : detail.membership.isLifetime
                  ? 'Lifetime membership.'
                  : `${detail.membership.endedEarly ? 'Ended early on' : 'Term ends'} ${formatDay(detail.membership.endsAt)}${
                      detail.membership.graceEndsAt
                        ? `; grace until ${formatDay(detail.membership.graceEndsAt)}`
                        : ''
                    }.`}
              {detail.membership.autoRenew.paymentFailed ? ' The last automatic renewal payment failed.' : ''}
            </Text>
            {detail.membership.memberSince && (
              <Text size="xs" c="dimmed">
                Member since {formatDay(detail.membership.memberSince)}
              </Text>
            )}
          </Stack>
        </Card>
      </SimpleGrid>

      <Card withBorder padding="lg" component="section" aria-labelledby="payments-heading">
        <Stack gap="sm">
          <Title order={2} size="h4" id="payments-heading">
            Payments
          </Title>
          {detail.payments.length === 0 ? (
            <Text size="sm" c="dimmed">
              No payments.
            </Text>
          ) : (
            <PaymentsTable
              payments={detail.payments}
              caption={`${detail.payments.length} payment${detail.payments.length === 1 ? '' : 's'}, newest first`}
              actions={(p) =>
                (p.status === 'paid' || p.status === 'partially_refunded') &&
                p.amountMinor > p.refundedMinor ? (
                  <Button
                    size="compact-sm"
                    variant="light"
                    color="red"
                    onClick={() => setRefunding(p)}
                    aria-label={`Refund receipt ${p.receiptNumber}`}
                  >
                    Refund…
                  </Button>
                ) : null
              }
            />
          )}
        </Stack>
      </Card>
      {refunding && (
        <RefundDialog payment={refunding} memberName={detail.user.name} onClose={() => setRefunding(null)} />
      )}

      <Card withBorder padding="lg" component="section" aria-labelledby="ledger-heading">
        <Stack gap="sm">
          <Title order={2} size="h4" id="ledger-heading">
            Ledger
          </Title>
          {detail.ledger.length === 0 ? (
            <Text size="sm" c="dimmed">
              No membership history.
            </Text>
          ) : (
            <LedgerTable entries={detail.ledger} caption="Every change to this membership, newest first" />
          )}
        </Stack>
      </Card>

      <CompForm detail={detail} />
    </>
  );
}

export function MemberBillingPage() {
  const { userId = '' } = useParams();
  const trpc = useTRPC();
  const detail = useQuery(trpc.membershipAdmin.member.queryOptions({ userId }));
  return (
    <Page
      title={detail.data ? `Billing: ${detail.data.user.name}` : 'Member billing'}
      description="Ledger, payments, refunds and complimentary terms. Viewing this page is recorded in the audit log."
      actions={
        <Group gap="sm">
          <Anchor component={Link} to="/admin">
            Accounts
          </Anchor>
          <Anchor component={Link} to="/admin/membership">
            Plans and prices
          </Anchor>
        </Group>
      }
    >
      {detail.isPending ? (
        <Stack aria-busy="true" aria-label="Loading billing details">
          <Skeleton height={120} />
          <Skeleton height={200} />
        </Stack>
      ) : detail.isError ? (
        <QueryError
          error={detail.error}
          title="We could not load this member"
          onRetry={() => void detail.refetch()}
        />
      ) : (
        <Detail detail={detail.data} />
      )}
    </Page>
  );
}
