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
import { formatErrorMessage } from '../../lib/errors';
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
  const resolve = useMutation(trpc.jobsAdmin.resolveReports.mutationOptions());
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const done = (message: string) => () => {
    notifications.show({ color: 'teal', title: 'Done', message });
    onDone();
  };
  const error = approve.error ?? reject.error ?? resolve.error;
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
              <Button
                color="red"
                loading={resolve.isPending}
                onClick={() =>
                  resolve.mutate(
                    { id: item.id, takeDown: true },
                    { onSuccess: done('The listing was taken down.') },
                  )
                }
              >
                Take down
              </Button>
              <Button
                variant="default"
                loading={resolve.isPending}
                onClick={() =>
                  resolve.mutate({ id: item.id, takeDown: false }, { onSuccess: done('Reports dismissed.') })
                }
              >
                Dismiss reports
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
      description="Paid listings waiting for review, and listings people have reported."
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
