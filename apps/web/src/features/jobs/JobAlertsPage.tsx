import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { searchToParams } from '@societas/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Page } from '../../components/Page';
import { PageLoader, QueryError } from '../../components/QueryState';
import { formatErrorMessage } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';

/** The signed-in member's saved searches (email alerts). */
export function JobAlertsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const alerts = useQuery(trpc.jobs.alerts.queryOptions());
  const remove = useMutation(
    trpc.jobs.deleteAlert.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.jobs.alerts.queryKey() });
        notifications.show({ color: 'teal', title: 'Deleted', message: 'The saved search is deleted.' });
      },
    }),
  );
  return (
    <Page title="Saved job searches" description="We email you new listings that match, daily or weekly.">
      {alerts.isPending ? (
        <PageLoader />
      ) : alerts.isError ? (
        <QueryError error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : alerts.data.length === 0 ? (
        <Alert variant="light" title="No saved searches">
          Search on the{' '}
          <Anchor component={Link} to="/jobs">
            jobs page
          </Anchor>{' '}
          and choose “Save this search”.
        </Alert>
      ) : (
        <Stack>
          {remove.error && (
            <Alert color="red" role="alert">
              {formatErrorMessage(remove.error)}
            </Alert>
          )}
          {alerts.data.map((a) => {
            const qs = searchToParams(a.query).toString();
            return (
              <Card key={a.id} withBorder padding="md">
                <Group justify="space-between" wrap="wrap">
                  <Stack gap={2}>
                    <Anchor component={Link} to={`/jobs${qs ? `?${qs}` : ''}`} fw={600}>
                      {a.name}
                    </Anchor>
                    <Text size="sm" c="dimmed">
                      {a.frequency === 'daily' ? 'Daily' : 'Weekly'} digest
                      {a.lastSentAt ? ` · last checked ${formatDate(a.lastSentAt)}` : ''}
                    </Text>
                  </Stack>
                  <Group gap="xs">
                    {!a.active && <Badge color="gray">Unsubscribed</Badge>}
                    <Button
                      variant="subtle"
                      color="red"
                      size="xs"
                      loading={remove.isPending && remove.variables?.id === a.id}
                      onClick={() => remove.mutate({ id: a.id })}
                      aria-label={`Delete saved search ${a.name}`}
                    >
                      Delete
                    </Button>
                  </Group>
                </Group>
              </Card>
            );
          })}
        </Stack>
      )}
    </Page>
  );
}

/** From the link in a digest: stops the alert without signing in (the link is signed). */
export function UnsubscribeAlertPage() {
  const [params] = useSearchParams();
  const trpc = useTRPC();
  const unsubscribe = useMutation(trpc.jobs.unsubscribeAlert.mutationOptions());
  const started = useRef(false);
  const alertId = params.get('alert') ?? '';
  const token = params.get('token') ?? '';
  useEffect(() => {
    if (started.current || !alertId || !token) return;
    started.current = true;
    unsubscribe.mutate({ alertId, token });
  }, [alertId, token, unsubscribe]);
  return (
    <Page title="Job alert emails">
      {!alertId || !token ? (
        <Alert color="red">This link is incomplete.</Alert>
      ) : unsubscribe.isPending || unsubscribe.isIdle ? (
        <PageLoader label="Unsubscribing" />
      ) : unsubscribe.isError ? (
        <Alert color="red" role="alert" title="We could not unsubscribe you">
          {formatErrorMessage(unsubscribe.error)}
        </Alert>
      ) : (
        <Alert color="teal" role="status" title="You are unsubscribed">
          {unsubscribe.data.name
            ? `You will get no more emails for “${unsubscribe.data.name}”.`
            : 'You will get no more of these emails.'}
        </Alert>
      )}
    </Page>
  );
}
