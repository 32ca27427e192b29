import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  EmptyState,
  Grid,
  Group,
  Pagination,
  Skeleton,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { IconInbox, IconMailOpened, IconRefresh } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Page } from '../../components/Page';
import { PageLoader, QueryError } from '../../components/QueryState';
import { formatDateTime, pageCount } from '../../lib/format';
import { splitLinks } from '../../lib/linkify';
import { type inferOutput, type Trpc, useTRPC } from '../../lib/trpc';

const PAGE_SIZE = 20;

type MailItem = inferOutput<Trpc['mail']['devMailbox']>['items'][number];

const STATUS_COLORS: Record<string, string> = { pending: 'yellow', sent: 'teal', failed: 'red' };

/** Renders an email's text with every URL as a real link, so a new user can click their verification link. */
export function MailText({ text }: { text: string }) {
  return (
    <Box className="mail-body">
      {splitLinks(text).map((part, index) =>
        part.kind === 'link' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts are derived from immutable text
          <Anchor key={index} href={part.href}>
            {part.text}
          </Anchor>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts are derived from immutable text
          <span key={index}>{part.text}</span>
        ),
      )}
    </Box>
  );
}

function MessageView({ message }: { message: MailItem }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  return (
    <Card withBorder padding="lg" component="article" aria-labelledby="mail-subject">
      <Stack gap="sm">
        <Title order={2} size="h3" id="mail-subject" ref={headingRef} tabIndex={-1}>
          {message.subject}
        </Title>
        <Group gap="xs">
          <Badge variant="light">{message.kind}</Badge>
          <Badge variant="light" color={STATUS_COLORS[message.status] ?? 'gray'}>
            {message.status}
          </Badge>
        </Group>
        <Box
          component="dl"
          m={0}
          style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '2px 12px' }}
        >
          <Text component="dt" size="sm" c="dimmed">
            To
          </Text>
          <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
            {message.toAddress}
          </Text>
          <Text component="dt" size="sm" c="dimmed">
            Queued
          </Text>
          <Text component="dd" size="sm" m={0}>
            {formatDateTime(message.createdAt)}
          </Text>
          {message.sentAt && (
            <>
              <Text component="dt" size="sm" c="dimmed">
                Sent
              </Text>
              <Text component="dd" size="sm" m={0}>
                {formatDateTime(message.sentAt)}
              </Text>
            </>
          )}
        </Box>
        <Card withBorder padding="md" bg="var(--mantine-color-default)">
          <MailText text={message.textBody} />
        </Card>
      </Stack>
    </Card>
  );
}

function MessageList({
  items,
  selectedId,
  onSelect,
}: {
  items: MailItem[];
  selectedId: MailItem['id'] | undefined;
  onSelect: (id: MailItem['id']) => void;
}) {
  return (
    <Card withBorder padding={0} component="nav" aria-label="Messages">
      <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
        {items.map((item, index) => {
          const selected = item.id === selectedId;
          return (
            <Box
              component="li"
              key={item.id}
              style={{ borderTop: index === 0 ? undefined : '1px solid var(--mantine-color-default-border)' }}
            >
              <UnstyledButton
                className="mail-row"
                data-selected={selected || undefined}
                aria-current={selected ? 'true' : undefined}
                onClick={() => onSelect(item.id)}
                w="100%"
                p="sm"
              >
                <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                  <Text size="sm" fw={600} lineClamp={2}>
                    {item.subject}
                  </Text>
                  <Badge
                    size="xs"
                    variant="light"
                    color={STATUS_COLORS[item.status] ?? 'gray'}
                    style={{ flexShrink: 0 }}
                  >
                    {item.status}
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed" truncate>
                  To {item.toAddress}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(item.createdAt)}
                </Text>
              </UnstyledButton>
            </Box>
          );
        })}
      </Box>
    </Card>
  );
}

function MailboxSkeleton() {
  return (
    <Grid aria-busy="true" aria-label="Loading messages">
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack gap="xs">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} height={64} />
          ))}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Skeleton height={280} />
      </Grid.Col>
    </Grid>
  );
}

function Mailbox() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const [selectedId, setSelectedId] = useState<MailItem['id'] | undefined>(undefined);
  const viewRef = useRef<HTMLDivElement>(null);

  const mail = useQuery(
    trpc.mail.devMailbox.queryOptions(
      { page, pageSize: PAGE_SIZE },
      { placeholderData: keepPreviousData, refetchInterval: 5_000, staleTime: 0 },
    ),
  );

  const items = mail.data?.items ?? [];
  const selected = items.find((item) => item.id === selectedId) ?? items[0];

  // A different page shows its own newest message first.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the page changes
  useEffect(() => setSelectedId(undefined), [page]);

  if (mail.isPending) return <MailboxSkeleton />;
  if (mail.isError) {
    return (
      <QueryError
        error={mail.error}
        title="We could not load the mailbox"
        onRetry={() => void mail.refetch()}
      />
    );
  }

  const total = mail.data.total;
  const pages = pageCount(total, PAGE_SIZE);

  const select = (id: MailItem['id']) => {
    setSelectedId(id);
    // On narrow screens the message is below the list: bring it into view and move focus to it.
    requestAnimationFrame(() => {
      const heading = viewRef.current?.querySelector<HTMLElement>('#mail-subject');
      heading?.focus({ preventScroll: true });
      viewRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    });
  };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed" aria-live="polite">
          {total === 1 ? '1 message' : `${total} messages`} · checks for new mail every few seconds
        </Text>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconRefresh size={14} aria-hidden />}
          loading={mail.isFetching && !mail.isPlaceholderData}
          onClick={() => void mail.refetch()}
        >
          Refresh
        </Button>
      </Group>
      {items.length === 0 ? (
        <Card withBorder padding="xl">
          <EmptyState
            variant="light"
            icon={<IconInbox aria-hidden />}
            title="No messages yet"
            description="Emails the portal sends, such as sign-up verification links and password resets, will appear here."
          />
        </Card>
      ) : (
        <Grid>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack gap="sm">
              <MessageList items={items} selectedId={selected?.id} onSelect={select} />
              {pages > 1 && (
                <Pagination
                  total={pages}
                  value={Math.min(page, pages)}
                  onChange={(next) => setParams({ page: String(next) })}
                  size="sm"
                  getControlProps={(control) =>
                    control === 'previous'
                      ? { 'aria-label': 'Previous page' }
                      : control === 'next'
                        ? { 'aria-label': 'Next page' }
                        : {}
                  }
                />
              )}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }} ref={viewRef}>
            {selected ? (
              <MessageView message={selected} />
            ) : (
              <EmptyState icon={<IconMailOpened aria-hidden />} title="Choose a message" />
            )}
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}

export function DevMailboxPage() {
  const trpc = useTRPC();
  const status = useQuery(trpc.mail.devMailboxStatus.queryOptions());

  return (
    <Page
      title="Dev mailbox"
      description="No mail server is configured, so the portal keeps its outgoing email here. Open a message and click its link, for example to verify your email address."
    >
      {status.isPending ? (
        <PageLoader label="Checking the mailbox" />
      ) : status.isError ? (
        <QueryError error={status.error} onRetry={() => void status.refetch()} />
      ) : status.data.available ? (
        <Mailbox />
      ) : (
        <Alert color="gray" variant="light" title="The dev mailbox is not available">
          This portal sends real email, so messages are delivered to their recipients instead of being kept
          here. Administrators can still open this page.
        </Alert>
      )}
    </Page>
  );
}
