import {
  Anchor,
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { COMMITTEE_KIND_LABELS, COMMITTEE_KINDS, type CommitteeSummary } from '@societas/contracts';
import { IconPlus, IconUsersGroup } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Page } from '../../components/Page';
import { QueryError } from '../../components/QueryState';
import { useSession } from '../../lib/session';
import { useTRPC } from '../../lib/trpc';
import { CommitteeFormModal } from './CommitteeForm';
import { roleLabel } from './labels';

function CommitteeCard({ committee }: { committee: CommitteeSummary }) {
  return (
    <Card withBorder padding="lg" component="article" aria-labelledby={`committee-${committee.id}`}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Anchor
            component={Link}
            to={`/committees/${committee.slug}`}
            fw={600}
            id={`committee-${committee.id}`}
          >
            {committee.name}
          </Anchor>
          {committee.archived && (
            <Badge color="gray" variant="light">
              Archived
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {committee.chairs.length > 0
            ? committee.chairs.map((c) => `${c.name} (${roleLabel(c.role)})`).join(', ')
            : 'No current chair'}
        </Text>
        <Text size="sm">
          {committee.memberCount} current {committee.memberCount === 1 ? 'member' : 'members'}
        </Text>
      </Stack>
    </Card>
  );
}

export function CommitteesPage() {
  const trpc = useTRPC();
  const { user } = useSession();
  const isAdmin = Boolean(user?.isAdmin);
  const [showArchived, setShowArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const list = useQuery(trpc.committees.list.queryOptions({ includeArchived: isAdmin && showArchived }));

  return (
    <Page
      title="Committees"
      description="The board, standing committees, task forces and editorial boards, with who serves on each."
      actions={
        isAdmin && (
          <Group gap="sm">
            <Switch
              label="Show archived"
              checked={showArchived}
              onChange={(e) => setShowArchived(e.currentTarget.checked)}
            />
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
              New committee
            </Button>
          </Group>
        )
      }
    >
      {list.isPending ? (
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} aria-busy="true" aria-label="Loading committees">
          {[0, 1, 2, 3, 4, 5].map((i) => (
            <Skeleton key={i} height={110} />
          ))}
        </SimpleGrid>
      ) : list.isError ? (
        <QueryError
          error={list.error}
          title="We could not load the committees"
          onRetry={() => void list.refetch()}
        />
      ) : list.data.length === 0 ? (
        <EmptyState
          icon={<IconUsersGroup aria-hidden />}
          title="No committees yet"
          description="Committees will be listed here once an administrator creates them."
        />
      ) : (
        COMMITTEE_KINDS.map((kind) => {
          const group = list.data.filter((c) => c.kind === kind);
          if (group.length === 0) return null;
          return (
            <section key={kind} aria-labelledby={`kind-${kind}`}>
              <Title order={2} size="h3" id={`kind-${kind}`} mb="sm">
                {COMMITTEE_KIND_LABELS[kind]}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
                {group.map((c) => (
                  <CommitteeCard key={c.id} committee={c} />
                ))}
              </SimpleGrid>
            </section>
          );
        })
      )}
      {isAdmin && <CommitteeFormModal opened={creating} onClose={() => setCreating(false)} />}
    </Page>
  );
}
