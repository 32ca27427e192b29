import { Alert, Anchor, Badge, Container, Group, Image, Skeleton, Stack, Text, Title } from '@mantine/core';
import { SPOTLIGHT_STATUS_LABELS } from '@societas/contracts';
import { IconEye } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, Navigate, useParams } from 'react-router';
import { Page } from '../../components/Page';
import { QueryError } from '../../components/QueryState';
import { SafeHtml } from '../../components/SafeHtml';
import { hasAppCode } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { usePageTitle } from '../../lib/usePageTitle';

export function SpotlightPage() {
  const { slug = '' } = useParams();
  const trpc = useTRPC();
  const spotlight = useQuery(trpc.spotlights.bySlug.queryOptions({ slug }));
  usePageTitle(spotlight.data?.title ?? 'Spotlight');

  if (spotlight.isPending) {
    return (
      <Container size="md" py="xl">
        <Stack aria-busy="true" aria-label="Loading the spotlight">
          <Skeleton height={40} />
          <Skeleton height={280} />
          <Skeleton height={200} />
        </Stack>
      </Container>
    );
  }
  if (spotlight.isError) {
    if (hasAppCode(spotlight.error, 'NOT_FOUND')) {
      return (
        <Page title="Spotlight not found" size="md">
          <Text>
            This spotlight does not exist or is not published yet.{' '}
            <Anchor component={Link} to="/spotlights">
              See all spotlights
            </Anchor>
          </Text>
        </Page>
      );
    }
    return (
      <Container size="md" py="xl">
        <QueryError
          error={spotlight.error}
          title="We could not load this spotlight"
          onRetry={() => void spotlight.refetch()}
        />
      </Container>
    );
  }
  const s = spotlight.data;
  // An old address (the slug was changed): go to the current one, replacing the history entry.
  if (s.slug !== slug) return <Navigate replace to={`/spotlights/${s.slug}`} />;
  return (
    <Container size="md" py="xl" component="article">
      <Stack gap="lg">
        <Anchor component={Link} to="/spotlights" size="sm">
          ← All spotlights
        </Anchor>
        {s.preview && (
          <Alert color="grape" icon={<IconEye aria-hidden />} title="Preview">
            Not public yet ({SPOTLIGHT_STATUS_LABELS[s.status].toLowerCase()}
            {s.status === 'scheduled' && s.publishAt ? `, publishes ${formatDateTime(s.publishAt)}` : ''}).
            Only the editors and the featured member can see this page.
          </Alert>
        )}
        <Stack gap={6}>
          <Title order={1}>{s.title}</Title>
          <Text size="lg" c="dimmed">
            {s.standfirst}
          </Text>
          <Text size="sm" c="dimmed">
            {s.member && (
              <>
                Featuring{' '}
                {s.member.hasProfilePage ? (
                  <Anchor component={Link} to={`/members/${encodeURIComponent(s.member.userId)}`}>
                    {s.member.name}
                  </Anchor>
                ) : (
                  s.member.name
                )}
              </>
            )}
            {s.member && s.publishAt && !s.preview ? ' · ' : ''}
            {!s.preview && formatDate(s.publishAt)}
          </Text>
        </Stack>
        {s.photoUrl && (
          <Image
            src={s.photoUrl}
            alt={s.member ? `Portrait of ${s.member.name}` : ''}
            radius="md"
            mah={460}
            fit="cover"
          />
        )}
        <SafeHtml html={s.bodyHtml} />
        {s.qa.length > 0 && (
          <section aria-labelledby="qa-heading">
            <Title order={2} size="h3" id="qa-heading" mb="sm">
              Questions and answers
            </Title>
            <Stack gap="md">
              {s.qa.map((item) => (
                <div key={item.question}>
                  <Text fw={700}>{item.question}</Text>
                  <SafeHtml html={item.answerHtml} />
                </div>
              ))}
            </Stack>
          </section>
        )}
        {s.tags.length > 0 && (
          <Group gap={6}>
            {s.tags.map((t) => (
              <Badge
                key={t}
                variant="light"
                component={Link}
                to={`/spotlights?tag=${encodeURIComponent(t)}`}
                style={{ cursor: 'pointer' }}
              >
                {t}
              </Badge>
            ))}
          </Group>
        )}
      </Stack>
    </Container>
  );
}
