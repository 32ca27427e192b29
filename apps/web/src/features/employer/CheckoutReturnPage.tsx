import { Alert, Button, Group, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { Page } from '../../components/Page';
import { PageLoader, QueryError } from '../../components/QueryState';
import { useTRPC } from '../../lib/trpc';

/**
 * Back from Checkout: asks the server, which retrieves the session and runs the same fulfilment as
 * the webhook (whichever comes first does the work). Polls while the payment is still open.
 */
export function CheckoutReturnPage() {
  const [params] = useSearchParams();
  const sessionId = params.get('session_id') ?? '';
  const trpc = useTRPC();
  const status = useQuery({
    ...trpc.employer.checkoutStatus.queryOptions({ sessionId }),
    enabled: sessionId !== '',
    retry: false,
    refetchInterval: (q) =>
      q.state.data?.state === 'open' || q.state.data?.state === 'processing' ? 2000 : false,
  });
  return (
    <Page title="Payment">
      {!sessionId ? (
        <Alert color="red">This page needs a checkout session.</Alert>
      ) : status.isPending ? (
        <PageLoader label="Confirming your payment" />
      ) : status.isError ? (
        <QueryError error={status.error} onRetry={() => void status.refetch()} />
      ) : (
        <Stack>
          {status.data.state === 'paid' ? (
            <Alert color="teal" title="Thank you — payment received" role="status">
              {status.data.jobStatus === 'pending_review'
                ? 'Your listing is now in review. We will email you when an administrator approves it.'
                : 'Your listing has been renewed.'}{' '}
              The receipt is on your dashboard and in your email.
            </Alert>
          ) : status.data.state === 'open' || status.data.state === 'processing' ? (
            <Alert color="blue" title="Waiting for the payment" role="status">
              This page updates by itself.
            </Alert>
          ) : (
            <Alert color="red" title="The payment did not go through" role="alert">
              Nothing was charged. You can try again from the listing.
            </Alert>
          )}
          <Group>
            {status.data.jobId && (
              <Button component={Link} to={`/employer/listings/${status.data.jobId}`} variant="default">
                View the listing
              </Button>
            )}
            <Button component={Link} to="/employer">
              Employer dashboard
            </Button>
          </Group>
        </Stack>
      )}
    </Page>
  );
}
