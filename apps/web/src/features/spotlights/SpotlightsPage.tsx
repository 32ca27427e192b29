import {
  Badge,
  Button,
  Chip,
  EmptyState,
  Group,
  Pagination,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
} from '@mantine/core';
import { IconSettings, IconSparkles, IconStar } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Page } from '../../components/Page';
import { QueryError } from '../../components/QueryState';
import { pageCount } from '../../lib/format';
import { useSession } from '../../lib/session';
import { useTRPC } from '../../lib/trpc';
import { NominateModal } from './NominateModal';
import { SpotlightCard } from './SpotlightCard';

const PAGE_SIZE = 12;

function MyPreviews() {
  const trpc = useTRPC();
  const previews = useQuery(trpc.spotlights.myPreviews.queryOptions());
  if (!previews.data || previews.data.length === 0) return null;
  return (
    <Stack gap={4}>
      {previews.data.map((p) => (
        <Text key={p.slug} size="sm">
          <Badge color="grape" variant="light" mr="xs">
            Preview
          </Badge>
          A spotlight about you is being prepared: <Link to={`/spotlights/${p.slug}`}>{p.title}</Link>
        </Text>
      ))}
    </Stack>
  );
}

export function SpotlightsPage() {
  const trpc = useTRPC();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const [nominating, setNominating] = useState(false);
  const tag = params.get('tag');
  const page = Math.max(1, Number(params.get('page')) || 1);
  const list = useQuery({
    ...trpc.spotlights.list.queryOptions({ tag, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const tags = useQuery(trpc.spotlights.tags.queryOptions());
  const setTag = (value: string | null) => {
    const next = new URLSearchParams();
    if (value) next.set('tag', value);
    setParams(next);
  };
  const goTo = (p: number) => {
    const next = new URLSearchParams(params);
    if (p === 1) next.delete('page');
    else next.set('page', String(p));
    setParams(next);
  };

  return (
    <Page
      title="Member spotlights"
      description="Stories about our members, their science and their paths."
      actions={
        <Group gap="xs">
          {user?.isAdmin && (
            <Button
              component={Link}
              to="/spotlights/manage"
              variant="default"
              leftSection={<IconSettings size={16} aria-hidden />}
            >
              Manage spotlights
            </Button>
          )}
          {user ? (
            <Button leftSection={<IconStar size={16} aria-hidden />} onClick={() => setNominating(true)}>
              Nominate a member
            </Button>
          ) : (
            <Button component={Link} to="/sign-in?next=%2Fspotlights" variant="default">
              Sign in to nominate
            </Button>
          )}
        </Group>
      }
    >
      {user && <MyPreviews />}
      {tags.data && tags.data.length > 0 && (
        <Group gap="xs" role="group" aria-label="Filter by tag">
          <Chip checked={!tag} onChange={() => setTag(null)} size="sm">
            All
          </Chip>
          {tags.data.map((t) => (
            <Chip
              key={t.tag}
              checked={tag === t.tag}
              onChange={() => setTag(tag === t.tag ? null : t.tag)}
              size="sm"
            >
              {t.tag} ({t.count})
            </Chip>
          ))}
        </Group>
      )}
      {list.isPending ? (
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} aria-busy="true" aria-label="Loading spotlights">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={280} />
          ))}
        </SimpleGrid>
      ) : list.isError ? (
        <QueryError
          error={list.error}
          title="We could not load the spotlights"
          onRetry={() => void list.refetch()}
        />
      ) : list.data.items.length === 0 ? (
        <EmptyState
          icon={<IconSparkles aria-hidden />}
          title={tag ? `No spotlights tagged “${tag}”` : 'No spotlights yet'}
          description="Know someone whose story should be told? Nominate them."
        />
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg">
            {list.data.items.map((s) => (
              <SpotlightCard key={s.slug} spotlight={s} />
            ))}
          </SimpleGrid>
          {list.data.total > PAGE_SIZE && (
            <Pagination
              total={pageCount(list.data.total, PAGE_SIZE)}
              value={page}
              onChange={goTo}
              getControlProps={(control) => ({ 'aria-label': `${control} page` })}
            />
          )}
        </>
      )}
      {user && <NominateModal opened={nominating} onClose={() => setNominating(false)} />}
    </Page>
  );
}
