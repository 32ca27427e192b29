import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Container,
  EmptyState,
  Group,
  Pagination,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  COMMITTEE_KIND_LABELS,
  type CommitteeAuditEntry,
  type CommitteeDetail,
  type CommitteePageTerm,
  type PublicTerm,
} from '@societas/contracts';
import { IconArchive, IconHistory, IconPencil, IconUsers } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, useParams, useSearchParams } from 'react-router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Page } from '../../components/Page';
import { QueryError } from '../../components/QueryState';
import { SafeHtml } from '../../components/SafeHtml';
import { formatErrorMessage, hasAppCode } from '../../lib/errors';
import { formatDateTime, pageCount } from '../../lib/format';
import { useSession } from '../../lib/session';
import { useTRPC } from '../../lib/trpc';
import { usePageTitle } from '../../lib/usePageTitle';
import { CommitteeFormModal } from './CommitteeForm';
import { AUDIT_ACTION_LABELS, roleLabel, termRange } from './labels';
import { RosterManager } from './RosterManager';

function MemberLink({ term }: { term: CommitteePageTerm }) {
  // Members who opted out of the directory have no member page.
  if (!term.hasProfilePage) return <>{term.name}</>;
  return (
    <Anchor component={Link} to={`/members/${encodeURIComponent(term.userId)}`}>
      {term.name}
    </Anchor>
  );
}

function TermsTable({ terms, caption }: { terms: CommitteePageTerm[]; caption: string }) {
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table striped verticalSpacing="xs" aria-label={caption}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Role</Table.Th>
            <Table.Th scope="col">Term</Table.Th>
            <Table.Th scope="col">Notes</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {terms.map((t) => (
            <Table.Tr key={t.termId}>
              <Table.Td>
                <MemberLink term={t} />
              </Table.Td>
              <Table.Td>{roleLabel(t.role)}</Table.Td>
              <Table.Td>{termRange(t.startsOn, t.endsOn)}</Table.Td>
              <Table.Td>{t.notes}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function MembersTab({ committee }: { committee: CommitteeDetail }) {
  const leaders = committee.current.filter((t) => t.role === 'chair' || t.role === 'co_chair');
  return (
    <Stack gap="lg">
      <Group gap="xl" align="flex-start">
        <div>
          <Text size="sm" c="dimmed" fw={500}>
            {leaders.length > 1 ? 'Chairs' : 'Chair'}
          </Text>
          <Text fw={600}>
            {leaders.length > 0
              ? leaders.map((l) => `${l.name}${l.role === 'co_chair' ? ' (co-chair)' : ''}`).join(', ')
              : 'No current chair'}
          </Text>
        </div>
      </Group>
      <section aria-labelledby="current-heading">
        <Title order={2} size="h4" id="current-heading" mb="xs">
          Current members
        </Title>
        {committee.current.length === 0 ? (
          <Text c="dimmed">Nobody serves on this committee right now.</Text>
        ) : (
          <TermsTable terms={committee.current} caption="Current members" />
        )}
      </section>
      {committee.upcoming.length > 0 && (
        <section aria-labelledby="upcoming-heading">
          <Title order={2} size="h4" id="upcoming-heading" mb="xs">
            Starting soon
          </Title>
          <TermsTable terms={committee.upcoming} caption="Upcoming terms" />
        </section>
      )}
    </Stack>
  );
}

/** Past members grouped by the period they served. */
function PastTab({ committee }: { committee: CommitteeDetail }) {
  if (committee.past.length === 0) return <Text c="dimmed">No past members recorded yet.</Text>;
  const groups = new Map<string, CommitteePageTerm[]>();
  for (const t of committee.past) {
    const key = termRange(t.startsOn, t.endsOn);
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  return (
    <Stack gap="md">
      {[...groups].map(([period, terms]) => (
        <section key={period} aria-label={`Served ${period}`}>
          <Title order={3} size="h5" mb={4}>
            {period}
          </Title>
          <Stack gap={2}>
            {terms.map((t) => (
              <Text key={t.termId} size="sm">
                <MemberLink term={t} /> · {roleLabel(t.role)}
                {t.notes ? ` · ${t.notes}` : ''}
              </Text>
            ))}
          </Stack>
        </section>
      ))}
    </Stack>
  );
}

type TermSnapshot = {
  name?: string;
  role?: PublicTerm['role'];
  startsOn?: string;
  endsOn?: string | null;
  notes?: string | null;
};

function describeSnapshot(s: TermSnapshot | null | undefined): string {
  if (!s) return '';
  const parts = [
    s.role ? roleLabel(s.role) : null,
    s.startsOn ? termRange(s.startsOn, s.endsOn ?? null) : null,
  ];
  return parts.filter(Boolean).join(', ');
}

function describeEntry(entry: CommitteeAuditEntry): string {
  if (entry.action.startsWith('committee_term.')) {
    const before = entry.before as TermSnapshot | null;
    const after = entry.after as TermSnapshot | null;
    const name = after?.name ?? before?.name ?? 'A member';
    if (entry.action === 'committee_term.add') return `${name}: ${describeSnapshot(after)}`;
    if (entry.action === 'committee_term.remove') return `${name}: ${describeSnapshot(before)}`;
    const changes: string[] = [];
    if (before?.role !== after?.role)
      changes.push(
        `role ${describeSnapshot({ role: before?.role })} → ${describeSnapshot({ role: after?.role })}`,
      );
    if (before?.startsOn !== after?.startsOn || before?.endsOn !== after?.endsOn) {
      changes.push(
        `term ${termRange(before?.startsOn ?? '', before?.endsOn ?? null)} → ${termRange(after?.startsOn ?? '', after?.endsOn ?? null)}`,
      );
    }
    if ((before?.notes ?? null) !== (after?.notes ?? null))
      changes.push(`notes “${before?.notes ?? ''}” → “${after?.notes ?? ''}”`);
    return `${name}: ${changes.join('; ') || 'no visible change'}`;
  }
  const after = entry.after as { name?: string } | null;
  return after?.name ?? '';
}

function HistoryTab({ committeeId }: { committeeId: string }) {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const history = useQuery({
    ...trpc.committees.history.queryOptions({ committeeId, page, pageSize }),
    placeholderData: keepPreviousData,
  });
  if (history.isPending) return <Skeleton height={160} aria-label="Loading history" />;
  if (history.isError)
    return (
      <QueryError
        error={history.error}
        title="We could not load the history"
        onRetry={() => void history.refetch()}
      />
    );
  if (history.data.total === 0)
    return <EmptyState size="sm" icon={<IconHistory aria-hidden />} title="No changes recorded yet" />;
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={600}>
        <Table verticalSpacing="xs" aria-label="Roster history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">When</Table.Th>
              <Table.Th scope="col">Change</Table.Th>
              <Table.Th scope="col">Details</Table.Th>
              <Table.Th scope="col">By</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {history.data.items.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.createdAt)}</Table.Td>
                <Table.Td>{AUDIT_ACTION_LABELS[e.action] ?? e.action}</Table.Td>
                <Table.Td>{describeEntry(e)}</Table.Td>
                <Table.Td>{e.actorName ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {history.data.total > pageSize && (
        <Pagination
          total={pageCount(history.data.total, pageSize)}
          value={page}
          onChange={setPage}
          getControlProps={(control) => ({ 'aria-label': `${control} page` })}
        />
      )}
    </Stack>
  );
}

function AdminActions({ committee }: { committee: CommitteeDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const archive = useMutation(
    trpc.committees.archive.mutationOptions({
      onSuccess: async (_d, vars) => {
        await queryClient.invalidateQueries({ queryKey: trpc.committees.pathKey() });
        setConfirming(false);
        notifications.show({
          color: 'teal',
          title: vars.archived ? 'Committee archived' : 'Committee restored',
          message: committee.name,
        });
      },
      onError: (error) =>
        notifications.show({
          color: 'red',
          title: 'Could not change the committee',
          message: formatErrorMessage(error),
        }),
    }),
  );
  return (
    <Group gap="xs">
      <Button
        variant="default"
        leftSection={<IconPencil size={16} aria-hidden />}
        onClick={() => setEditing(true)}
      >
        Edit committee
      </Button>
      {committee.archived ? (
        <Button
          variant="default"
          onClick={() => archive.mutate({ committeeId: committee.id, archived: false })}
          loading={archive.isPending}
        >
          Restore
        </Button>
      ) : (
        <Button
          variant="light"
          color="red"
          leftSection={<IconArchive size={16} aria-hidden />}
          onClick={() => setConfirming(true)}
        >
          Archive
        </Button>
      )}
      <CommitteeFormModal
        key={committee.id + String(editing)}
        opened={editing}
        onClose={() => setEditing(false)}
        committee={committee}
      />
      <ConfirmDialog
        opened={confirming}
        title={`Archive ${committee.name}?`}
        confirmLabel="Archive committee"
        loading={archive.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => archive.mutate({ committeeId: committee.id, archived: true })}
      >
        The committee leaves the public list and its roster becomes read-only. Its page and history stay
        available, and you can restore it later.
      </ConfirmDialog>
    </Group>
  );
}

const TABS = ['members', 'past', 'history', 'roster'] as const;
type Tab = (typeof TABS)[number];

export function CommitteePage() {
  const { slug = '' } = useParams();
  const trpc = useTRPC();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const detail = useQuery(trpc.committees.bySlug.queryOptions({ slug }));
  const tabParam = params.get('tab') as Tab | null;
  const tab: Tab = tabParam && TABS.includes(tabParam) ? tabParam : 'members';
  usePageTitle(detail.data?.name ?? 'Committee');

  if (detail.isPending) {
    return (
      <Container size="lg" py="xl">
        <Stack aria-busy="true" aria-label="Loading the committee">
          <Skeleton height={40} width="50%" />
          <Skeleton height={80} />
          <Skeleton height={240} />
        </Stack>
      </Container>
    );
  }
  if (detail.isError) {
    if (hasAppCode(detail.error, 'NOT_FOUND')) {
      return (
        <Page title="Committee not found">
          <Text>
            There is no committee at this address.{' '}
            <Anchor component={Link} to="/committees">
              See all committees
            </Anchor>
          </Text>
        </Page>
      );
    }
    return (
      <Container size="lg" py="xl">
        <QueryError
          error={detail.error}
          title="We could not load this committee"
          onRetry={() => void detail.refetch()}
        />
      </Container>
    );
  }
  const committee = detail.data;
  // An old address (the slug was changed): go to the current one, replacing the history entry.
  if (committee.slug !== slug) {
    const search = params.toString();
    return <Navigate replace to={`/committees/${committee.slug}${search ? `?${search}` : ''}`} />;
  }
  const setTab = (value: string | null) => {
    const next = new URLSearchParams(params);
    if (!value || value === 'members') next.delete('tab');
    else next.set('tab', value);
    setParams(next, { replace: true });
  };

  return (
    <Page
      title={committee.name}
      description={COMMITTEE_KIND_LABELS[committee.kind]}
      actions={user?.isAdmin ? <AdminActions committee={committee} /> : undefined}
    >
      <Anchor component={Link} to="/committees" size="sm">
        ← All committees
      </Anchor>
      {committee.archived && (
        <Alert color="gray" title="Archived committee">
          This committee no longer meets. Its roster and history are kept for the record.
        </Alert>
      )}
      {committee.chargeHtml && (
        <Card withBorder padding="lg" component="section" aria-labelledby="charge-heading">
          <Title order={2} size="h4" id="charge-heading" mb="xs">
            Charge
          </Title>
          <SafeHtml html={committee.chargeHtml} />
          {(committee.maxConsecutiveTerms !== null || committee.termLengthMonths !== null) && (
            <Text size="sm" c="dimmed" mt="sm">
              {committee.termLengthMonths !== null &&
                `Terms last at most ${committee.termLengthMonths} months. `}
              {committee.maxConsecutiveTerms !== null &&
                `Members serve at most ${committee.maxConsecutiveTerms} consecutive ${
                  committee.maxConsecutiveTerms === 1 ? 'term' : 'terms'
                }, then step off for at least ${committee.termLengthMonths ?? 12} months.`}
            </Text>
          )}
        </Card>
      )}
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="members" leftSection={<IconUsers size={16} aria-hidden />}>
            Members
          </Tabs.Tab>
          <Tabs.Tab value="past">Past members</Tabs.Tab>
          <Tabs.Tab value="history" leftSection={<IconHistory size={16} aria-hidden />}>
            History
          </Tabs.Tab>
          {committee.canManage && (
            <Tabs.Tab value="roster">
              Manage roster{' '}
              <Badge size="xs" variant="light" ml={4}>
                {user?.isAdmin ? 'Admin' : 'Chair'}
              </Badge>
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="members" pt="md">
          <MembersTab committee={committee} />
        </Tabs.Panel>
        <Tabs.Panel value="past" pt="md">
          <PastTab committee={committee} />
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <HistoryTab committeeId={committee.id} />
        </Tabs.Panel>
        {committee.canManage && (
          <Tabs.Panel value="roster" pt="md">
            <RosterManager committee={committee} />
          </Tabs.Panel>
        )}
      </Tabs>
    </Page>
  );
}
