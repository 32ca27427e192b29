import { Alert, Anchor, Button, Card, Group, Loader, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCircleCheck, IconCircleX, IconClockHour4 } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Page } from '../../components/Page';
import { QueryError } from '../../components/QueryState';
import { useTRPC } from '../../lib/trpc';
import { describeStatus, formatDay } from './membershipText';

/** Poll every 2 s for the first minute, then every 10 s; the payment is never asked for again. */
const FAST_POLL_MS = 2000;
const SLOW_POLL_MS = 10_000;
const FAST_FOR_MS = 60_000;

export function CheckoutReturnPage() {
  const trpc = useTRPC();
  const [params] = useSearchParams();
  const sessionId = params.get('session_id') ?? '';
  const [startedAt] = useState(() => Date.now());
  const [, setTick] = useState(0);
  const status = useQuery(
    trpc.membership.checkoutStatus.queryOptions(
      { sessionId },
      {
        enabled: sessionId.length >= 3,
        staleTime: 0,
        refetchInterval: (query) => {
          const state = query.state.data?.state;
          if (state && state !== 'open' && state !== 'processing') return false;
          return Date.now() - startedAt < FAST_FOR_MS ? FAST_POLL_MS : SLOW_POLL_MS;
        },
      },
    ),
  );
  // Re-render once the fast phase is over so the "still processing" text appears.
  useEffect(() => {
    const t = setTimeout(() => setTick((n) => n + 1), FAST_FOR_MS);
    return () => clearTimeout(t);
  }, []);

  if (sessionId.length < 3) {
    return (
      <Page title="Payment" size="sm">
        <Alert color="red" variant="light" title="This link is incomplete">
          It has no checkout reference.{' '}
          <Anchor component={Link} to="/membership">
            Go to your membership
          </Anchor>
        </Alert>
      </Page>
    );
  }
  if (status.isError) {
    return (
      <Page title="Payment" size="sm">
        <QueryError
          error={status.error}
          title="We could not check your payment"
          onRetry={() => void status.refetch()}
        />
      </Page>
    );
  }

  const data = status.data;
  const state = data?.state;
  const waitingLong = Date.now() - startedAt >= FAST_FOR_MS;

  let body: React.ReactNode;
  if (!data || state === 'open' || state === 'processing') {
    body = (
      <Stack align="center" gap="md" py="md" role="status" aria-live="polite">
        {waitingLong ? (
          <ThemeIcon size={56} radius="xl" variant="light" color="yellow" aria-hidden>
            <IconClockHour4 size={32} />
          </ThemeIcon>
        ) : (
          <Loader aria-hidden />
        )}
        <Title order={2} size="h3" ta="center">
          {state === 'processing' ? 'Your payment is being processed' : 'Confirming your payment…'}
        </Title>
        <Text ta="center" maw={460}>
          {waitingLong
            ? 'This is taking longer than usual. Your payment is safe: please do not pay again. We keep checking, and we email your receipt as soon as it is confirmed. You can leave this page.'
            : state === 'processing'
              ? 'Some payment methods take a little while. Please do not pay again; this page updates by itself.'
              : 'This usually takes a few seconds. Please do not pay again; this page updates by itself.'}
        </Text>
        {waitingLong && (
          <Button component={Link} to="/membership" variant="default">
            Go to your membership
          </Button>
        )}
      </Stack>
    );
  } else if (state === 'paid') {
    const summary = describeStatus(data.membership);
    body = (
      <Stack align="center" gap="md" py="md" role="status" aria-live="polite">
        <ThemeIcon size={56} radius="xl" variant="light" color="teal" aria-hidden>
          <IconCircleCheck size={32} />
        </ThemeIcon>
        <Title order={2} size="h3" ta="center">
          {data.paymentId ? 'Thank you: your payment is confirmed' : 'Automatic renewal is set up'}
        </Title>
        <Text ta="center" maw={460}>
          {data.paymentId
            ? summary.sentence
            : `Nothing was charged today. Your card is charged on ${formatDay(data.membership.autoRenew.nextChargeAt)}, when your term ends; we email you 30 days before.`}
        </Text>
        {data.receiptNumber && (
          <Text size="sm" c="dimmed">
            Receipt {data.receiptNumber} is on its way to your inbox.
          </Text>
        )}
        <Group justify="center">
          {data.paymentId && (
            <Button component={Link} to={`/membership/receipts/${data.paymentId}`}>
              View receipt
            </Button>
          )}
          <Button component={Link} to="/membership/card" variant="default">
            Member card
          </Button>
          <Button component={Link} to="/membership" variant="default">
            Your membership
          </Button>
        </Group>
      </Stack>
    );
  } else {
    body = (
      <Stack align="center" gap="md" py="md" role="alert">
        <ThemeIcon size={56} radius="xl" variant="light" color="red" aria-hidden>
          <IconCircleX size={32} />
        </ThemeIcon>
        <Title order={2} size="h3" ta="center">
          {state === 'failed' ? 'The payment was declined' : 'The checkout was closed'}
        </Title>
        <Text ta="center" maw={460}>
          Nothing was charged and your membership is unchanged. You can try again, with another card if you
          like.
        </Text>
        <Group justify="center">
          <Button component={Link} to="/membership/join">
            Try again
          </Button>
          <Button component={Link} to="/membership" variant="default">
            Your membership
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Page title="Payment" size="sm">
      <Card withBorder padding="xl">
        {body}
      </Card>
    </Page>
  );
}
