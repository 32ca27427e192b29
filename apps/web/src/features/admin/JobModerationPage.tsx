import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  Modal,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Page } from '../../components/Page';
import { PageLoader, QueryError } from '../../components/QueryState';
import { formatErrorMessage, getAppErrorData } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';

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
  const approve = useMutation(trpc.jobsAdmin.approve.mutationOptions());
  const reject = useMutation(trpc.jobsAdmin.reject.mutationOptions());
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const done = (message: string) => () => {
    notifications.show({ color: 'teal', title: 'Done', message });
    onDone();
  };
  const error = approve.error ?? reject.error;
  const [resolving, setResolving] = useState<'takeDown' | 'dismiss' | null>(null);
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
        {error && (
          <Alert color="red" role="alert">
            {formatErrorMessage(error)}
          </Alert>
        )}
        <Group>
          {mode === 'review' ? (
            <>
              <Button
                color="teal"
                loading={approve.isPending}
                onClick={() =>
                  approve.mutate({ id: item.id }, { onSuccess: done('The listing is published.') })
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
      <Modal opened={rejecting} onClose={() => setRejecting(false)} title="Reject this listing">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            reject.mutate(
              { id: item.id, reason },
              {
                onSuccess: () => {
                  setRejecting(false);
                  done('The employer has been emailed the reason.')();
                },
              },
            );
          }}
        >
          <Stack>
            <Textarea
              label="Reason (emailed to the employer)"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              minRows={3}
              required
              minLength={5}
            />
            {reject.error && (
              <Alert color="red" role="alert">
                {formatErrorMessage(reject.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRejecting(false)}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={reject.isPending}>
                Reject and email
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <ResolveReportsModal
        item={item}
        action={resolving}
        onClose={() => setResolving(null)}
        onDone={(message) => {
          setResolving(null);
          done(message)();
        }}
      />
    </Card>
  );
}

/**
 * Confirms a takedown or a dismissal, with the reason the audit log keeps (and, for a takedown,
 * the mail to the employer carries).
 */
function ResolveReportsModal({
  item,
  action,
  onClose,
  onDone,
}: {
  item: Item;
  action: 'takeDown' | 'dismiss' | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const trpc = useTRPC();
  const resolve = useMutation(trpc.jobsAdmin.resolveReports.mutationOptions());
  const [reason, setReason] = useState('');
  const takeDown = action === 'takeDown';
  const reasonError = getAppErrorData(resolve.error)?.fieldErrors?.reason?.[0];
  const close = () => {
    resolve.reset();
    onClose();
  };
  return (
    <Modal
      opened={action !== null}
      onClose={close}
      title={takeDown ? 'Take this listing down?' : 'Dismiss the reports?'}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          resolve.mutate(
            { id: item.id, takeDown, reason },
            {
              onSuccess: () => {
                setReason('');
                onDone(
                  takeDown
                    ? 'The listing was taken down and the employer emailed. You can restore it below.'
                    : 'Reports dismissed.',
                );
              },
            },
          );
        }}
      >
        <Stack>
          <Text size="sm">
            {takeDown
              ? `“${item.title}” leaves the job board at once and ${item.employerName} is emailed your reason. You can restore it later.`
              : `“${item.title}” stays on the job board and its open reports are closed.`}
          </Text>
          <Textarea
            label={takeDown ? 'Reason (emailed to the employer)' : 'Reason (kept in the audit log)'}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={reasonError}
            minRows={3}
            required
            data-autofocus
          />
          {resolve.error && !reasonError && (
            <Alert color="red" role="alert">
              {formatErrorMessage(resolve.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color={takeDown ? 'red' : 'blue'} loading={resolve.isPending}>
              {takeDown ? 'Take down and email' : 'Dismiss reports'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
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
