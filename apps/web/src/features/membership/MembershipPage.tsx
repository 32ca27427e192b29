import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  SegmentedControl,
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
  eligibilityRule,
  INCOME_BAND_LABELS,
  INCOME_BANDS,
  type MemberStatus,
  type PlanWithPrices,
} from '@societas/contracts';
import { IconCreditCard, IconId, IconReceipt, IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Page } from '../../components/Page';
import { QueryError } from '../../components/QueryState';
import { formatErrorMessage } from '../../lib/errors';
import { formatMoney } from '../../lib/format';
import { useSession } from '../../lib/session';
import { useTRPC } from '../../lib/trpc';
import { autoRenewSetupFrom, canBuy, describeStatus, formatDay, joinPath, termLabel } from './membershipText';
import { ConfirmModal, PaymentsTable, StatusBadge } from './parts';

function planTerms(plan: PlanWithPrices): number[] {
  return plan.isLifetime ? [0] : [1, 2, 3].filter((t) => plan.prices.some((p) => p.termYears === t));
}

function PlanCard({ plan, signedIn }: { plan: PlanWithPrices; signedIn: boolean }) {
  const terms = planTerms(plan);
  const bands = INCOME_BANDS.filter((b) => plan.prices.some((p) => p.band === b));
  const price = (band: string, term: number) =>
    plan.prices.find((p) => p.band === band && p.termYears === term);
  // The term chosen here goes with the plan to the join page, through sign-up and verification.
  const [term, setTerm] = useState(String(terms[0] ?? 1));
  const join = joinPath(plan.code, plan.isLifetime ? 'lifetime' : term);
  const rule = eligibilityRule(plan.minMembershipYears);
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
        {rule && (
          <Text size="sm" fw={500}>
            {rule} Checked when you join.
          </Text>
        )}
        {terms.length === 0 || bands.length === 0 ? (
          <Text size="sm">Prices to be announced.</Text>
        ) : (
          <Table.ScrollContainer minWidth={300} type="native">
            <Table withTableBorder verticalSpacing={4} className="price-table">
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
          </Table.ScrollContainer>
        )}
        <Group mt="auto" justify="space-between" wrap="wrap">
          {terms.length > 1 && (
            <SegmentedControl
              size="xs"
              aria-label={`Term for ${plan.name}`}
              value={term}
              onChange={setTerm}
              data={terms.map((t) => ({ value: String(t), label: termLabel(t) }))}
            />
          )}
          <Button
            component={Link}
            to={signedIn ? join : `/sign-up?next=${encodeURIComponent(join)}`}
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
          <SimpleGrid cols={{ base: 1, md: 2 }} aria-busy="true" aria-label="Loading plans">
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
          // Two per row from md: four price columns fit a card at 1280 px (three per row overflowed).
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {plans.data.map((plan) => (
              <PlanCard key={plan.id} plan={plan} signedIn={signedIn} />
            ))}
          </SimpleGrid>
        )}
      </Stack>
    </section>
  );
}

function AutoRenewSwitch({ state }: { state: MemberStatus }) {
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
  // No subscription yet: set one up at any time in the term, first charged when the term ends.
  const setup = useMutation(
    trpc.membership.setupAutoRenew.mutationOptions({
      onSuccess: ({ url }) => window.location.assign(url),
      onError: (error) =>
        notifications.show({
          color: 'red',
          title: 'Could not set up automatic renewal',
          message: formatErrorMessage(error),
        }),
    }),
  );
  const hasSubscription =
    state.autoRenew.subscriptionStatus !== null && state.autoRenew.subscriptionStatus !== 'canceled';
  const inTerm =
    (state.status === 'active' || state.status === 'renewal_window') && !state.endedEarly && state.endsAt;
  const setupFrom = autoRenewSetupFrom(state.endsAt);
  const canSetUp = !hasSubscription && inTerm && !setupFrom && state.cardPayments !== 'off';
  const description = hasSubscription
    ? state.autoRenew.enabled
      ? `Your card is charged on ${formatDay(state.autoRenew.nextChargeAt)}; we email you 30 days before.`
      : 'Off: your membership ends on its end date unless you renew.'
    : canSetUp
      ? `Turn on to confirm your card: nothing is charged now, the first yearly charge is on ${formatDay(state.endsAt)}, when your term ends.`
      : inTerm && setupFrom
        ? `Available from ${formatDay(setupFrom)}: the first yearly charge is at the end of your term, and card payments can schedule it at most two years ahead.`
        : 'Choose "Renew automatically" when you next renew for one year.';
  return (
    <>
      <Switch
        label="Renew automatically every year"
        description={description}
        checked={state.autoRenew.enabled}
        disabled={(!hasSubscription && !canSetUp) || mutation.isPending || setup.isPending || setup.isSuccess}
        onChange={(event) => {
          if (!hasSubscription) setup.mutate({});
          else if (event.currentTarget.checked) mutation.mutate({ enabled: true });
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
  const [params] = useSearchParams();
  return (
    <Page
      title="Membership"
      description="Join or renew online at the price that fits your career stage and the country you work in."
    >
      {signedIn && params.get('autoRenew') === 'cancelled' && (
        <Alert variant="light" color="yellow" title="Automatic renewal not set up">
          Nothing was charged and nothing changed. You can turn it on again below.
        </Alert>
      )}
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
