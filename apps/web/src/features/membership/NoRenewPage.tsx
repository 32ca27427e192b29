import { Alert, Anchor, Button, Card, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { Page } from '../../components/Page';
import { formatErrorMessage } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { formatDay } from './membershipText';

/**
 * The "don't renew" link from the email sent 30 days before an automatic charge
 * (/membership/auto-renew/cancel?token=...). No sign-in: the signed token decides. Opening the page
 * changes nothing (mail scanners open links); the one button does.
 */
export function NoRenewPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const trpc = useTRPC();
  const cancel = useMutation(trpc.membership.cancelAutoRenewByToken.mutationOptions());

  if (token.length < 20) {
    return (
      <Page title="Stop automatic renewal" size="sm">
        <Alert color="red" variant="light" title="This link is incomplete">
          Copy the whole link from the email, or{' '}
          <Anchor component={Link} to="/sign-in?next=%2Fmembership">
            sign in
          </Anchor>{' '}
          to manage automatic renewal.
        </Alert>
      </Page>
    );
  }

  return (
    <Page title="Stop automatic renewal" size="sm">
      <Card withBorder padding="lg">
        {cancel.isSuccess ? (
          <Stack gap="sm" role="status">
            <Text fw={600}>Automatic renewal is off.</Text>
            <Text>
              Nothing more will be charged.
              {cancel.data.endsAt
                ? ` Your membership continues until ${formatDay(cancel.data.endsAt)}; you can renew by hand before then.`
                : ''}
            </Text>
            <Anchor component={Link} to="/membership">
              Go to your membership
            </Anchor>
          </Stack>
        ) : (
          <Stack gap="md">
            <Text>
              Your membership is set to renew automatically. Turn this off and your card will not be charged;
              you keep your membership until its end date.
            </Text>
            {cancel.isError && (
              <Alert color="red" variant="light" title="Could not turn off automatic renewal" role="alert">
                {formatErrorMessage(cancel.error)}
              </Alert>
            )}
            <Button color="red" loading={cancel.isPending} onClick={() => cancel.mutate({ token })}>
              Don't renew automatically
            </Button>
          </Stack>
        )}
      </Card>
    </Page>
  );
}
