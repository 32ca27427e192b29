import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  formatMoney,
  INCOME_BAND_LABELS,
  INCOME_BANDS,
  type MembershipState,
  type PlanWithPrices,
} from '@societas/contracts';
import { IconCreditCard, IconId, IconReceipt, IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Page } from '../../components/Page';
import { QueryError } from '../../components/QueryState';
import { formatErrorMessage } from '../../lib/errors';
import { useSession } from '../../lib/session';
import { useTRPC } from '../../lib/trpc';
import { canBuy, describeStatus, formatDay, termLabel } from './membershipText';
import { ConfirmModal, PaymentsTable, StatusBadge } from './parts';

function planTerms(plan: PlanWithPrices): number[] {
  return plan.isLifetime ? [0] : [1, 2, 3].filter((t) => plan.prices.some((p) => p.termYears === t));
}

function PlanCard({ plan, signedIn }: { plan: PlanWithPrices; signedIn: boolean }) {
  const terms = planTerms(plan);
  const bands = INCOME_BANDS.filter((b) => plan.prices.some((p) => p.band === b));
  const price = (band: string, term: number) =>
    plan.prices.find((p) => p.band === band && p.termYears === term);
  return (
    <Card withBorder padding="lg" component="article" aria-labelledby={`plan-${plan.code}`}>
      <Stack gap="sm" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} size="h4" id={`plan-${plan.code}`}>
            {plan.name}
          </Title>
          {plan.requiresProof && (
            <Badge variant="light" color="indigo">
              Proof needed
            </Badge>
          )}
        </Group>
        {plan.description && (
          <Text size="sm" c="dimmed">
            {plan.description}
          </Text>
        )}
        {terms.length === 0 || bands.length === 0 ? (
          <Text size="sm">Prices to be announced.</Text>
        ) : (
          <Table withTableBorder verticalSpacing={4} horizontalSpacing={8} fz="sm" className="price-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Income band</Table.Th>
                {terms.map((t) => (
                  <Table.Th scope="col" key={t} ta="right">
                    {plan.isLifetime ? 'Once' : termLabel(t)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {bands.map((band) => (
                <Table.Tr key={band}>
                  <Table.Th scope="row" fw={400}>
                    {INCOME_BAND_LABELS[band].replace(' income', '')}
                  </Table.Th>
                  {terms.map((t) => {
                    const p = price(band, t);
                    return (
                      <Table.Td key={t} ta="right">
                        {p ? formatMoney(p.amountMinor, p.currency) : '—'}
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group mt="auto">
          <Button
            component={Link}
            to={signedIn ? `/membership/join?plan=${plan.code}` : `/sign-up`}
            variant="light"
            aria-label={signedIn ? `Choose this plan: ${plan.name}` : `Sign up to join as ${plan.name}`}
          >
            {signedIn ? 'Choose this plan' : 'Sign up to join'}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function PlansSection({ signedIn }: { signedIn: boolean }) {
  const trpc = useTRPC();
  const plans = useQuery(trpc.membership.plans.queryOptions());
  return (
    <section aria-labelledby="plans-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="plans-heading">
          Plans and prices
        </Title>
        <Text size="sm" c="dimmed" maw={760}>
          Prices depend on your career stage and on the World Bank income group of the country you work in.
          {signedIn ? ' The join page shows your own price and why.' : ' Sign in to see your own price.'}
        </Text>
        {plans.isPending ? (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} aria-busy="true" aria-label="Loading plans">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} height={260} />
            ))}
          </SimpleGrid>
        ) : plans.isError ? (
          <QueryError
            error={plans.error}
            title="We could not load the plans"
            onRetry={() => void plans.refetch()}
          />
        ) : plans.data.length === 0 ? (
          <EmptyState variant="light" title="No plans yet" description="Membership plans will appear here." />
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {plans.data.map((plan) => (
              <PlanCard key={plan.id} plan={plan} signedIn={signedIn} />
            ))}
          </SimpleGrid>
        )}
      </Stack>
    </section>
  );
}

function AutoRenewSwitch({ state }: { state: MembershipState }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const mutation = useMutation(
    trpc.membership.setAutoRenew.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(trpc.membership.status.queryKey(), (prev) =>
          prev ? { ...prev, ...next } : prev,
        );
        setConfirming(false);
        notifications.show({
          color: 'teal',
          title: next.autoRenew.enabled ? 'Automatic renewal is on' : 'Automatic renewal is off',
          message: next.autoRenew.enabled
            ? 'Your membership renews by itself each year.'
            : `Nothing more will be charged. Your membership continues until ${formatDay(next.endsAt)}.`,
        });
      },
      onError: (error) => {
        setConfirming(false);
        notifications.show({
          color: 'red',
          title: 'Could not change automatic renewal',
          message: formatErrorMessage(error),
        });
      },
    }),
  );
  const hasSubscription =
    state.autoRenew.subscriptionStatus !== null && state.autoRenew.subscriptionStatus !== 'canceled';
  return (
    <>
      <Switch
        label="Renew automatically every year"
        description={
          hasSubscription
            ? state.autoRenew.enabled
              ? `Your card is charged on ${formatDay(state.autoRenew.nextChargeAt)}; we email you 30 days before.`
              : 'Off: your membership ends on its end date unless you renew.'
            : 'Choose "Renew automatically" when you next renew for one year.'
        }
        checked={state.autoRenew.enabled}
        disabled={!hasSubscription || mutation.isPending}
        onChange={(event) => {
          if (event.currentTarget.checked) mutation.mutate({ enabled: true });
          else setConfirming(true);
        }}
      />
      <ConfirmModal
        opened={confirming}
        title="Turn off automatic renewal?"
        confirmLabel="Turn it off"
        loading={mutation.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() => mutation.mutate({ enabled: false })}
      >
        <Text size="sm">
          You will not be charged again. Your membership stays active until {formatDay(state.endsAt)}, and you
          can renew by hand before then.
        </Text>
      </ConfirmModal>
    </>
  );
}

function BillingPortalButton() {
  const trpc = useTRPC();
  const portal = useMutation(
    trpc.membership.billingPortal.mutationOptions({
      onSuccess: ({ url }) => window.location.assign(url),
      onError: (error) =>
        notifications.show({ color: 'orange', title: 'Billing portal', message: formatErrorMessage(error) }),
    }),
  );
  return (
    <Button
      variant="default"
      leftSection={<IconCreditCard size={16} aria-hidden />}
      loading={portal.isPending}
      onClick={() => portal.mutate()}
    >
      Manage card / billing
    </Button>
  );
}

function StatusCard() {
  const trpc = useTRPC();
  const status = useQuery(trpc.membership.status.queryOptions());
  if (status.isPending) return <Skeleton height={180} aria-label="Loading your membership" />;
  if (status.isError) {
    return (
      <QueryError
        error={status.error}
        title="We could not load your membership"
        onRetry={() => void status.refetch()}
      />
    );
  }
  const state = status.data;
  const summary = describeStatus(state);
  const buy = canBuy(state);
  const buyLabel =
    state.status === 'none' || state.status === 'lapsed'
      ? state.status === 'none'
        ? 'Join now'
        : 'Rejoin'
      : 'Renew or change plan';
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="my-membership-heading">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={4}>
            <Title order={2} size="h3" id="my-membership-heading">
              Your membership
            </Title>
            <Group gap="xs">
              <StatusBadge summary={summary} />
              {state.planName && (
                <Text fw={600} size="sm">
                  {state.planName}
                </Text>
              )}
            </Group>
          </Stack>
          {state.status !== 'none' && (
            <Stack gap={0} align="flex-end">
              <Text size="xs" c="dimmed">
                {state.isLifetime
                  ? 'Valid'
                  : state.status === 'grace' || state.status === 'lapsed'
                    ? 'Ended on'
                    : 'Valid until'}
              </Text>
              <Text fw={700} size="lg">
                {state.isLifetime ? 'For life' : formatDay(state.endsAt)}
              </Text>
            </Stack>
          )}
        </Group>
        <Text>{summary.sentence}</Text>
        {state.suggestedPlanCode && (
          <Alert color="indigo" variant="light" title="Your training plan has ended">
            Your next renewal is at the plan that fits your career stage now.
          </Alert>
        )}
        {state.status !== 'none' && !state.isLifetime && <AutoRenewSwitch state={state} />}
        <Group gap="sm">
          {buy && (
            <Button
              component={Link}
              to="/membership/join"
              leftSection={<IconRefresh size={16} aria-hidden />}
            >
              {buyLabel}
            </Button>
          )}
          {state.status !== 'none' && (
            <Button
              component={Link}
              to="/membership/card"
              variant="default"
              leftSection={<IconId size={16} aria-hidden />}
            >
              Member card
            </Button>
          )}
          <Button
            component="a"
            href="#payment-history"
            variant="default"
            leftSection={<IconReceipt size={16} aria-hidden />}
          >
            Payment history
          </Button>
          {state.status !== 'none' && state.billingPortalAvailable && <BillingPortalButton />}
        </Group>
        {state.status !== 'none' && state.cardPayments === 'test' && (
          <Text size="sm" c="dimmed">
            Test mode: there is no billing portal for cards here; use the automatic renewal switch above.
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function PaymentHistory() {
  const trpc = useTRPC();
  const payments = useQuery(trpc.membership.payments.queryOptions());
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="payment-history">
      <Stack gap="sm">
        <Title order={2} size="h3" id="payment-history" tabIndex={-1}>
          Payment history
        </Title>
        {payments.isPending ? (
          <Skeleton height={120} aria-label="Loading your payments" />
        ) : payments.isError ? (
          <QueryError
            error={payments.error}
            title="We could not load your payments"
            onRetry={() => void payments.refetch()}
          />
        ) : payments.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            No payments yet. Receipts for your payments will appear here.
          </Text>
        ) : (
          <PaymentsTable
            payments={payments.data}
            caption={`${payments.data.length} payment${payments.data.length === 1 ? '' : 's'}, newest first. Open a receipt to print it.`}
          />
        )}
      </Stack>
    </Card>
  );
}

export function MembershipPage() {
  const session = useSession();
  const signedIn = Boolean(session.user);
  return (
    <Page
      title="Membership"
      description="Join or renew online at the price that fits your career stage and the country you work in."
    >
      {signedIn ? (
        <StatusCard />
      ) : (
        !session.isPending && (
          <Alert variant="light" color="indigo" title="Already a member?">
            <Anchor component={Link} to="/sign-in?next=%2Fmembership">
              Sign in
            </Anchor>{' '}
            to see your status, renew, and get your receipts and member card.
          </Alert>
        )
      )}
      <PlansSection signedIn={signedIn} />
      {signedIn && <PaymentHistory />}
    </Page>
  );
}
