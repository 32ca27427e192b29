import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Radio,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  countryName,
  INCOME_BAND_LABELS,
  type PriceQuote,
  type Proof,
  type QuotesOutput,
  RENEWAL_WINDOW_DAYS,
  submitProofInput,
  type Term,
} from '@societas/contracts';
import { IconInfoCircle, IconLock } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { FileUpload } from '../../components/FileUpload';
import { FormFrame } from '../../components/FormFrame';
import { Page } from '../../components/Page';
import { QueryError } from '../../components/QueryState';
import { formatErrorMessage } from '../../lib/errors';
import { useAppForm } from '../../lib/form';
import { formatMoney } from '../../lib/format';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import {
  ACTION_LABELS,
  autoRenewSetupFrom,
  describeStatus,
  formatDay,
  periodText,
  planWorthMoreText,
  priceExplanation,
  shortenedTermText,
  termLabel,
  worthMoreText,
} from './membershipText';

type QuotedPlan = QuotesOutput['plans'][number];

function termKey(term: Term): string {
  return String(term);
}

function cheapest(plan: QuotedPlan): PriceQuote | undefined {
  return plan.quotes.find((q) => q.term === 1) ?? plan.quotes[0];
}

function ProofForm({ plan, proofs }: { plan: QuotedPlan; proofs: Proof[] }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const appForm = useAppForm({
    initialValues: { fileId: '', details: '', expectedEndOn: '' },
    schema: submitProofInput,
    toInput: (values) => ({
      planCode: plan.code,
      fileId: values.fileId || null,
      details: values.details,
      expectedEndOn: values.expectedEndOn.trim() || null,
    }),
    submit: (input) => client.membership.submitProof.mutate(input),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: trpc.membership.proofs.queryKey() });
      notifications.show({ color: 'teal', title: 'Proof sent', message: 'An administrator will review it.' });
    },
  });
  const { form } = appForm;
  const mine = proofs.filter((p) => p.planCode === plan.code);
  const current = mine.find((p) => p.status === 'pending') ?? mine.find((p) => p.status === 'approved');

  if (current) {
    return (
      <Alert
        color={current.status === 'approved' ? 'teal' : 'indigo'}
        variant="light"
        title={current.status === 'approved' ? 'Eligibility confirmed' : 'Proof sent, waiting for review'}
      >
        {current.status === 'approved'
          ? `An administrator confirmed your eligibility for ${plan.name}.`
          : `We received your proof on ${formatDay(current.createdAt)}. You can pay now; an administrator will confirm it.`}
      </Alert>
    );
  }

  const rejected = mine.find((p) => p.status === 'rejected');
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="proof-heading">
      <Stack gap="sm">
        <div>
          <Title order={3} size="h5" id="proof-heading">
            Proof of eligibility for {plan.name}
          </Title>
          <Text size="sm" c="dimmed">
            Upload a letter from your institution or your student ID, or tell us your programme and how we can
            confirm it (your institution email address or your supervisor's name and email). Only
            administrators can open your file. You can pay before it is reviewed.
          </Text>
        </div>
        {rejected && (
          <Alert color="orange" variant="light">
            Your earlier proof was not accepted. Please send more detail.
          </Alert>
        )}
        <FormFrame
          form={appForm}
          errorTitle="Could not send your proof"
          submitLabel="Send proof"
          submitVariant="light"
          gap="sm"
        >
          <FileUpload
            purpose="proof"
            label="Letter or student ID"
            error={form.errors.fileId}
            onUploaded={(file) => form.setFieldValue('fileId', file?.id ?? '')}
            onError={(message) => form.setFieldError('fileId', message)}
          />
          <Textarea
            label="Programme and how to confirm it"
            description={form.values.fileId ? 'Optional with an uploaded file' : undefined}
            required={!form.values.fileId}
            autosize
            minRows={3}
            {...form.getInputProps('details')}
          />
          <TextInput
            label="Expected end of your studies or training"
            description="YYYY-MM-DD. After this date, renewal offers the next plan."
            placeholder="2027-06-30"
            type="date"
            maw={260}
            {...form.getInputProps('expectedEndOn')}
          />
        </FormFrame>
      </Stack>
    </Card>
  );
}

function Summary({
  quote,
  autoRenew,
  onAutoRenew,
}: {
  quote: PriceQuote;
  autoRenew: boolean;
  onAutoRenew: (value: boolean) => void;
}) {
  // The server refuses automatic renewal before the renewal window (charges would come early).
  const autoOpensAt = new Date(quote.startsAt.getTime() - RENEWAL_WINDOW_DAYS * 86_400_000);
  const beforeWindow = autoOpensAt.getTime() > Date.now();
  const autoAllowed = quote.term === 1 && quote.creditMinor === 0 && !beforeWindow;
  const shortened = shortenedTermText(quote);
  const worthMore = worthMoreText(quote);
  if (worthMore) {
    return (
      <Alert color="indigo" variant="light" title="Switch at renewal" data-testid="worth-more">
        {worthMore}
      </Alert>
    );
  }
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="baseline" wrap="wrap">
        <Text fw={600}>
          {ACTION_LABELS[quote.action]}: {quote.planName}, {termLabel(quote.term).toLowerCase()}
        </Text>
        <Text fz={28} fw={800} aria-label={`Price to pay: ${formatMoney(quote.dueMinor, quote.currency)}`}>
          {formatMoney(quote.dueMinor, quote.currency)}
        </Text>
      </Group>
      <Text size="sm" data-testid="price-reason">
        {priceExplanation(quote)}
      </Text>
      <Text size="sm" c="dimmed">
        {quote.action === 'renew'
          ? `Your new term runs ${periodText(quote.startsAt, quote.endsAt)}: it starts when your current one ends.`
          : quote.action === 'upgrade'
            ? `Your plan changes now; it runs ${periodText(quote.startsAt, quote.endsAt)}.`
            : `Membership ${periodText(quote.startsAt, quote.endsAt)}, starting when you pay.`}
      </Text>
      {shortened && (
        <Alert
          color="orange"
          variant="light"
          title="Your membership ends sooner"
          data-testid="term-shortened"
        >
          {shortened}
        </Alert>
      )}
      {quote.term !== 'lifetime' && (
        <Checkbox
          label="Renew automatically every year"
          description={
            autoAllowed
              ? 'We charge your card once a year and email you 30 days before each charge, with a one-click way to stop.'
              : quote.creditMinor > 0
                ? 'Not available with an upgrade credit: turn it on at your next renewal.'
                : beforeWindow
                  ? 'You are renewing early: to renew automatically instead, turn on automatic renewal on your membership page. The first yearly charge is then at the end of your current term.'
                  : 'Automatic renewal is yearly: choose the 1-year term.'
          }
          checked={autoAllowed && autoRenew}
          disabled={!autoAllowed}
          onChange={(e) => onAutoRenew(e.currentTarget.checked)}
        />
      )}
    </Stack>
  );
}

export function JoinPage() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const quotes = useQuery(trpc.membership.quotes.queryOptions());
  const status = useQuery(trpc.membership.status.queryOptions());
  const proofs = useQuery(trpc.membership.proofs.queryOptions());
  const [planCode, setPlanCode] = useState<string | null>(params.get('plan'));
  const [term, setTerm] = useState<string>(params.get('term') ?? '1');
  const [autoRenew, setAutoRenew] = useState(false);
  const checkout = useMutation(trpc.membership.startCheckout.mutationOptions());
  const setup = useMutation(trpc.membership.setupAutoRenew.mutationOptions());
  const narrow = useMediaQuery('(max-width: 36em)');

  const plans = useMemo(() => quotes.data?.plans.filter((p) => p.quotes.length > 0) ?? [], [quotes.data]);
  // Preselect: the plan in the URL, else the suggested plan (the next plan after training, or the
  // one for the profile's career stage), else the current plan; never one the member may not choose.
  useEffect(() => {
    if (!quotes.data || !status.data) return;
    const choosable = (code: string | null) =>
      plans.find((p) => p.code === code && p.eligibility.eligible)?.code ?? null;
    if (planCode && choosable(planCode)) return;
    setPlanCode(choosable(quotes.data.suggestedPlanCode) ?? choosable(status.data.planCode));
  }, [quotes.data, status.data, plans, planCode]);

  // The choice lives in the URL too, so a reload, sign-in or a cancelled checkout comes back to it.
  const choose = (next: { plan?: string; term?: string }) => {
    const chosenPlan = next.plan ?? planCode;
    const chosenTerm = next.term ?? term;
    if (next.plan !== undefined) setPlanCode(next.plan);
    if (next.term !== undefined) setTerm(next.term);
    checkout.reset();
    if (chosenPlan) setParams({ plan: chosenPlan, term: chosenTerm }, { replace: true });
  };

  const plan = plans.find((p) => p.code === planCode);
  const quote = plan?.quotes.find((q) => termKey(q.term) === term) ?? (plan ? cheapest(plan) : undefined);
  useEffect(() => {
    if (plan && quote && termKey(quote.term) !== term) setTerm(termKey(quote.term));
  }, [plan, quote, term]);

  if (quotes.isPending || status.isPending || proofs.isPending) {
    return (
      <Page title="Join or renew" size="md">
        <Stack aria-busy="true" aria-label="Loading your prices">
          <Skeleton height={80} />
          <Skeleton height={240} />
        </Stack>
      </Page>
    );
  }
  const failed = quotes.error ?? status.error ?? proofs.error;
  if (quotes.isError || status.isError || proofs.isError) {
    return (
      <Page title="Join or renew" size="md">
        <QueryError
          error={failed}
          title="We could not load your prices"
          onRetry={() => {
            void quotes.refetch();
            void status.refetch();
            void proofs.refetch();
          }}
        />
      </Page>
    );
  }

  const state = status.data;
  const summary = describeStatus(state);
  const lifetimeMember = state.isLifetime && state.hasBenefits;
  const title = state.status === 'none' || state.status === 'lapsed' ? 'Join' : 'Renew or change plan';

  const start = async () => {
    if (!plan || !quote) return;
    try {
      const result = await checkout.mutateAsync({
        planCode: plan.code,
        term: quote.term,
        autoRenew:
          autoRenew &&
          quote.term === 1 &&
          quote.creditMinor === 0 &&
          quote.startsAt.getTime() - RENEWAL_WINDOW_DAYS * 86_400_000 <= Date.now(),
      });
      window.location.assign(result.url);
    } catch {
      // Shown below from checkout.error.
    }
  };

  // "Switch at renewal": automatic renewal into the chosen plan, first charged when the term ends.
  const setupFrom = autoRenewSetupFrom(state.endsAt);
  const canSwitchAtRenewal =
    !state.autoRenew.enabled && !setupFrom && state.cardPayments !== 'off' && Boolean(quote?.worthMore);
  const switchHelp = state.autoRenew.enabled
    ? 'Your automatic renewal renews your current plan. Turn it off on your membership page to switch plans when you renew.'
    : setupFrom
      ? `You can set up the switch from ${formatDay(setupFrom)}, or choose this plan when your renewal opens.`
      : `We set up automatic renewal into ${plan?.name ?? 'this plan'}: nothing is charged now, the first yearly charge is on ${formatDay(state.endsAt)}, and you can turn it off at any time.`;
  const switchAtRenewal = async () => {
    if (!plan) return;
    try {
      const result = await setup.mutateAsync({ planCode: plan.code });
      window.location.assign(result.url);
    } catch {
      // Shown above from setup.error.
    }
  };

  return (
    <Page
      title={title}
      size="md"
      description="Choose a plan and a term. You pay on a secure checkout page and come straight back here."
    >
      {params.get('cancelled') && (
        <Alert
          color="yellow"
          variant="light"
          title="Payment not completed"
          icon={<IconInfoCircle aria-hidden />}
        >
          Nothing was charged. You can choose again below.
        </Alert>
      )}
      {state.status !== 'none' && (
        <Alert variant="light" color={summary.tone === 'teal' ? 'teal' : summary.tone} title={summary.label}>
          {summary.sentence}
        </Alert>
      )}
      {quotes.data.notice && (
        <Alert color="indigo" variant="light" title="Your country of work">
          {quotes.data.notice}{' '}
          <Anchor component={Link} to="/account">
            Update your profile
          </Anchor>
        </Alert>
      )}
      {lifetimeMember ? (
        <Alert color="teal" variant="light" title="You are a lifetime member">
          There is nothing to renew.{' '}
          <Anchor component={Link} to="/membership">
            Back to your membership
          </Anchor>
        </Alert>
      ) : plans.length === 0 ? (
        <Alert color="gray" variant="light" title="No plans available">
          No plan is offered for your country yet. Please contact the society.
        </Alert>
      ) : (
        <>
          <Radio.Group
            value={planCode}
            onChange={(v) => choose({ plan: v })}
            label={
              <Title order={2} size="h4" component="span">
                1. Plan
              </Title>
            }
            description={
              quotes.data.countryCode
                ? `Prices for ${countryName(quotes.data.countryCode)} (${INCOME_BAND_LABELS[quotes.data.band].toLowerCase()} country)`
                : 'Standard prices'
            }
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm">
              {plans.map((p) => {
                const q = cheapest(p);
                const note = p.eligibility.reason ?? planWorthMoreText(p.quotes);
                return (
                  <Radio.Card
                    key={p.code}
                    value={p.code}
                    p="md"
                    radius="md"
                    aria-label={p.name}
                    disabled={!p.eligibility.eligible}
                    aria-describedby={note ? `plan-note-${p.code}` : undefined}
                    style={p.eligibility.eligible ? undefined : { opacity: 0.6, cursor: 'not-allowed' }}
                  >
                    <Group wrap="nowrap" align="flex-start">
                      <Radio.Indicator />
                      <Stack gap={2}>
                        <Group gap="xs">
                          <Text fw={600}>{p.name}</Text>
                          {p.code === quotes.data.suggestedPlanCode && (
                            <Badge size="sm" variant="light">
                              Suggested
                            </Badge>
                          )}
                          {p.requiresProof && (
                            <Badge size="sm" variant="light" color="indigo">
                              Proof needed
                            </Badge>
                          )}
                        </Group>
                        {p.description && (
                          <Text size="xs" c="dimmed" lineClamp={2}>
                            {p.description}
                          </Text>
                        )}
                        {q && (
                          <Text size="sm">
                            {formatMoney(q.amountMinor, q.currency)}
                            {q.term === 'lifetime' ? ' once' : ' a year'}
                          </Text>
                        )}
                        {note && (
                          <Text
                            size="xs"
                            c={p.eligibility.eligible ? 'indigo' : 'orange.8'}
                            id={`plan-note-${p.code}`}
                          >
                            {note}
                          </Text>
                        )}
                      </Stack>
                    </Group>
                  </Radio.Card>
                );
              })}
            </SimpleGrid>
          </Radio.Group>

          {plan && quote && (
            <Card withBorder padding="lg" component="section" aria-labelledby="term-heading">
              <Stack gap="md">
                <Title order={2} size="h4" id="term-heading">
                  2. Term and price
                </Title>
                {plan.quotes.length > 1 ? (
                  <SegmentedControl
                    aria-label="Term"
                    fullWidth
                    orientation={narrow ? 'vertical' : 'horizontal'}
                    value={term}
                    onChange={(v) => choose({ term: v })}
                    data={plan.quotes.map((q) => ({
                      value: termKey(q.term),
                      // A plan offered only at renewal shows its price, never a misleading $0.00 due now.
                      label: `${termLabel(q.term)} · ${formatMoney(q.worthMore ? q.amountMinor : q.dueMinor, q.currency)}`,
                    }))}
                  />
                ) : (
                  <Text size="sm">
                    {quote.term === 'lifetime' ? 'Paid once, for life.' : termLabel(quote.term)}
                  </Text>
                )}
                <Summary quote={quote} autoRenew={autoRenew} onAutoRenew={setAutoRenew} />
              </Stack>
            </Card>
          )}

          {plan?.requiresProof && <ProofForm plan={plan} proofs={proofs.data} />}

          {state.cardPayments === 'off' && (
            <Alert color="gray" variant="light" title="No online payments">
              Online card payments are not available here. Please contact the society office to pay by other
              means.
            </Alert>
          )}
          {checkout.isError && (
            <Alert color="red" variant="light" title="Could not start the payment" role="alert">
              {formatErrorMessage(checkout.error)}
            </Alert>
          )}
          {setup.isError && (
            <Alert color="red" variant="light" title="Could not set up the switch" role="alert">
              {formatErrorMessage(setup.error)}
            </Alert>
          )}
          {quote?.worthMore && plan && (
            <Text size="sm" c="dimmed" data-testid="switch-at-renewal-help">
              {switchHelp}
            </Text>
          )}
          <Group justify="space-between">
            <Anchor component={Link} to="/membership" size="sm">
              Back to membership
            </Anchor>
            {quote?.worthMore ? (
              <Button
                size="md"
                variant="light"
                disabled={!canSwitchAtRenewal}
                loading={setup.isPending || setup.isSuccess}
                onClick={() => void switchAtRenewal()}
              >
                Switch at renewal
              </Button>
            ) : (
              <Button
                size="md"
                leftSection={<IconLock size={18} aria-hidden />}
                disabled={!plan || !quote || state.cardPayments === 'off'}
                loading={checkout.isPending || checkout.isSuccess}
                onClick={() => void start()}
              >
                {quote
                  ? `Continue to payment: ${formatMoney(quote.dueMinor, quote.currency)}`
                  : 'Choose a plan'}
              </Button>
            )}
          </Group>
        </>
      )}
    </Page>
  );
}
