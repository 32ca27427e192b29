import { Alert, Anchor, Badge, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { rejectJobInput, resolveJobReportsInput } from '@societas/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Page } from '../../components/Page';
import { PageLoader, QueryError } from '../../components/QueryState';
import { ReasonDialog } from '../../components/ReasonDialog';
import { formatErrorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useTRPC, useTRPCClient } from '../../lib/trpc';

type Item = {
  id: string;
  title: string;
  employerName: string;
  status: string;
  product: string;
  updatedAt: Date;
  openReports: { id: string; reason: string; createdAt: Date }[];
};

function ItemCard({ item, mode, onDone }: { item: Item; mode: 'review' | 'reported'; onDone: () => void }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const approve = useMutation(trpc.jobsAdmin.approve.mutationOptions());
  const [rejecting, setRejecting] = useState(false);
  const done = (message: string) => {
    notifications.show({ color: 'teal', title: 'Done', message });
    onDone();
  };
  const [resolving, setResolving] = useState<'takeDown' | 'dismiss' | null>(null);
  const takeDown = resolving === 'takeDown';
  return (
    <Card withBorder padding="md" component="article">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h4">
            <Anchor component={Link} to={`/jobs/${item.id}`} target="_blank">
              {item.title}
            </Anchor>
          </Title>
          {item.product === 'featured' && <Badge color="yellow">Featured</Badge>}
        </Group>
        <Text size="sm">
          {item.employerName} · updated {formatDateTime(item.updatedAt)}
        </Text>
        {item.openReports.length > 0 && (
          <Alert color="orange" variant="light" title={`${item.openReports.length} open report(s)`}>
            <List size="sm">
              {item.openReports.map((r) => (
                <List.Item key={r.id}>
                  {r.reason}{' '}
                  <Text span size="xs" c="dimmed">
                    ({formatDateTime(r.createdAt)})
                  </Text>
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        {approve.error && (
          <Alert color="red" role="alert">
            {formatErrorMessage(approve.error)}
          </Alert>
        )}
        <Group>
          {mode === 'review' ? (
            <>
              <Button
                color="teal"
                loading={approve.isPending}
                onClick={() =>
                  approve.mutate({ id: item.id }, { onSuccess: () => done('The listing is published.') })
                }
              >
                Approve
              </Button>
              <Button color="red" variant="light" onClick={() => setRejecting(true)}>
                Reject…
              </Button>
            </>
          ) : (
            <>
              <Button color="red" onClick={() => setResolving('takeDown')}>
                Take down…
              </Button>
              <Button variant="default" onClick={() => setResolving('dismiss')}>
                Dismiss reports…
              </Button>
            </>
          )}
        </Group>
      </Stack>
      <ReasonDialog
        opened={rejecting}
        onClose={() => setRejecting(false)}
        title="Reject this listing"
        label="Reason (emailed to the employer)"
        schema={rejectJobInput}
        toInput={(reason) => ({ id: item.id, reason })}
        submit={(input) => client.jobsAdmin.reject.mutate(input)}
        onSent={() => {
          setRejecting(false);
          done('The employer has been emailed the reason.');
        }}
        errorTitle="Could not reject the listing"
        submitLabel="Reject and email"
      />
      {/* Confirms a takedown or a dismissal, with the reason the audit log keeps (and, for a
          takedown, the mail to the employer carries). */}
      <ReasonDialog
        opened={resolving !== null}
        onClose={() => setResolving(null)}
        title={takeDown ? 'Take this listing down?' : 'Dismiss the reports?'}
        intro={
          takeDown
            ? `“${item.title}” leaves the job board at once and ${item.employerName} is emailed your reason. You can restore it later.`
            : `“${item.title}” stays on the job board and its open reports are closed.`
        }
        label={takeDown ? 'Reason (emailed to the employer)' : 'Reason (kept in the audit log)'}
        schema={resolveJobReportsInput}
        toInput={(reason) => ({ id: item.id, takeDown, reason })}
        submit={(input) => client.jobsAdmin.resolveReports.mutate(input)}
        onSent={() => {
          setResolving(null);
          done(
            takeDown
              ? 'The listing was taken down and the employer emailed. You can restore it below.'
              : 'Reports dismissed.',
          );
        }}
        errorTitle={takeDown ? 'Could not take the listing down' : 'Could not dismiss the reports'}
        submitLabel={takeDown ? 'Take down and email' : 'Dismiss reports'}
        submitColor={takeDown ? 'red' : 'blue'}
      />
    </Card>
  );
}

type TakenDownItem = Item & { takenDownAt: Date; takedownReason: string };

/** A takedown an admin can undo: the listing goes back up for the rest of its run. */
function TakenDownCard({ item, onDone }: { item: TakenDownItem; onDone: () => void }) {
  const trpc = useTRPC();
  const restore = useMutation(trpc.jobsAdmin.restore.mutationOptions());
  return (
    <Card withBorder padding="md" component="article">
      <Stack gap="xs">
        <Title order={3} size="h4">
          {item.title}
        </Title>
        <Text size="sm">
          {item.employerName} · taken down {formatDateTime(item.takenDownAt)}
        </Text>
        <Text size="sm">Reason: {item.takedownReason}</Text>
        {restore.error && (
          <Alert color="red" role="alert">
            {formatErrorMessage(restore.error)}
          </Alert>
        )}
        <Group>
          <Button
            variant="light"
            loading={restore.isPending}
            onClick={() =>
              restore.mutate(
                { id: item.id },
                {
                  onSuccess: () => {
                    notifications.show({
                      color: 'teal',
                      title: 'Restored',
                      message: 'The listing is back up and the employer has been emailed.',
                    });
                    onDone();
                  },
                },
              )
            }
          >
            Restore listing
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export function JobModerationPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const queue = useQuery(trpc.jobsAdmin.queue.queryOptions());
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.jobsAdmin.queue.queryKey() });
  return (
    <Page
      title="Job moderation"
      description="Paid listings waiting for review, listings people have reported, and recent takedowns."
    >
      {queue.isPending ? (
        <PageLoader />
      ) : queue.isError ? (
        <QueryError error={queue.error} onRetry={() => void queue.refetch()} />
      ) : (
        <Stack gap="xl">
          <section aria-labelledby="review-heading">
            <Title order={2} size="h3" id="review-heading" mb="sm">
              Waiting for review ({queue.data.pending.length})
            </Title>
            {queue.data.pending.length === 0 ? (
              <Text c="dimmed">Nothing to review.</Text>
            ) : (
              <Stack>
                {queue.data.pending.map((item) => (
                  <ItemCard key={item.id} item={item} mode="review" onDone={refresh} />
                ))}
              </Stack>
            )}
          </section>
          <section aria-labelledby="reported-heading">
            <Title order={2} size="h3" id="reported-heading" mb="sm">
              Reported ({queue.data.reported.length})
            </Title>
            {queue.data.reported.length === 0 ? (
              <Text c="dimmed">No open reports.</Text>
            ) : (
              <Stack>
                {queue.data.reported.map((item) => (
                  <ItemCard key={item.id} item={item} mode="reported" onDone={refresh} />
                ))}
              </Stack>
            )}
          </section>
          {queue.data.takenDown.length > 0 && (
            <section aria-labelledby="taken-down-heading">
              <Title order={2} size="h3" id="taken-down-heading" mb="sm">
                Taken down ({queue.data.takenDown.length})
              </Title>
              <Stack>
                {queue.data.takenDown.map((item) => (
                  <TakenDownCard key={item.id} item={item} onDone={refresh} />
                ))}
              </Stack>
            </section>
          )}
        </Stack>
      )}
    </Page>
  );
}

/** The admin page's link to the moderation queue. */
export function AdminJobsLink() {
  return (
    <Button component={Link} to="/admin/jobs" variant="light">
      Job moderation
    </Button>
  );
}
