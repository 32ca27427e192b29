import {
  Anchor,
  Box,
  Button,
  Card,
  Container,
  EmptyState,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconBriefcase, IconCalendarEvent, IconSparkles } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { SITE } from '../../config';
import { useSession } from '../../lib/session';
import { useSociety } from '../../lib/society';
import { useTRPC } from '../../lib/trpc';
import { usePageTitle } from '../../lib/usePageTitle';
import { locationLabel } from '../jobs/jobFormat';

/** Where the events calendar will go; the society's events are not managed in the portal yet. */
function UpcomingEvents() {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="home-events">
      <Title order={2} size="h4" id="home-events" mb="md">
        Upcoming events
      </Title>
      <EmptyState
        size="sm"
        variant="light"
        icon={<IconCalendarEvent aria-hidden />}
        title="Coming soon"
        description="Meetings, webinars and deadlines will be listed here when the events calendar is ready."
        style={{ flex: 1 }}
      />
    </Card>
  );
}

function Hero() {
  const { user, isPending } = useSession();
  const society = useSociety();
  return (
    <Box className="hero" py={{ base: 40, sm: 72 }}>
      <Container size="lg">
        <Stack gap="md" maw={720}>
          <Text tt="uppercase" fw={700} size="sm" c="indigo">
            {SITE.tagline}
          </Text>
          <Title order={1} fz={{ base: 32, sm: 44 }} lh={1.15}>
            {user ? `Welcome back, ${user.name}` : `Welcome to ${society.name}`}
          </Title>
          <Text size="lg">{SITE.description}</Text>
          {!isPending && (
            <Group gap="sm" mt="sm">
              {user ? (
                <>
                  <Button component={Link} to="/account" size="md">
                    Your account
                  </Button>
                  <Button component={Link} to="/membership" size="md" variant="default">
                    Membership
                  </Button>
                </>
              ) : (
                <>
                  <Button component={Link} to="/sign-up" size="md">
                    Create an account
                  </Button>
                  <Button component={Link} to="/sign-in" size="md" variant="default">
                    Sign in
                  </Button>
                </>
              )}
            </Group>
          )}
        </Stack>
      </Container>
    </Box>
  );
}

interface HomeListItem {
  key: string;
  to: string;
  title: string;
  detail: string;
}

/** A home-page card listing a few links, with loading, error and empty states. */
function HomeListCard(props: {
  id: string;
  title: string;
  loadingLabel: string;
  state: { isPending: boolean; isError: boolean };
  items: HomeListItem[];
  empty: { icon: ReactNode; title: string; errorTitle: string; description: string };
  more: { to: string; label: string };
}) {
  const headingId = `home-${props.id}`;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h4" id={headingId} mb="md">
        {props.title}
      </Title>
      {props.state.isPending ? (
        <Stack gap="sm" aria-busy="true" aria-label={props.loadingLabel}>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={44} />
          ))}
        </Stack>
      ) : props.state.isError || props.items.length === 0 ? (
        <EmptyState
          size="sm"
          variant="light"
          icon={props.empty.icon}
          title={props.state.isError ? props.empty.errorTitle : props.empty.title}
          description={props.empty.description}
          style={{ flex: 1 }}
        />
      ) : (
        <Stack gap="md" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {props.items.map((item) => (
            <li key={item.key}>
              <Anchor component={Link} to={item.to} fw={600}>
                {item.title}
              </Anchor>
              <Text size="sm" c="dimmed" lineClamp={2}>
                {item.detail}
              </Text>
            </li>
          ))}
        </Stack>
      )}
      <Anchor component={Link} to={props.more.to} size="sm" mt="md" ta="center">
        {props.more.label}
      </Anchor>
    </Card>
  );
}

/** The three newest live listings (featured ones are pinned first, as on the job board). */
function NewestJobs() {
  const trpc = useTRPC();
  const newest = useQuery(trpc.jobs.search.queryOptions({ sort: 'newest', limit: 3 }));
  return (
    <HomeListCard
      id="jobs"
      title="Newest jobs"
      loadingLabel="Loading jobs"
      state={newest}
      items={(newest.data?.items ?? []).map((job) => ({
        key: job.id,
        to: `/jobs/${job.id}`,
        title: job.title,
        detail: `${job.employerName} · ${locationLabel(job)}`,
      }))}
      empty={{
        icon: <IconBriefcase aria-hidden />,
        title: 'No open positions right now',
        errorTitle: 'Jobs are unavailable',
        description: 'Positions posted by employers appear here once they are approved.',
      }}
      more={{ to: '/jobs', label: 'All jobs' }}
    />
  );
}

/** The three newest published spotlights. */
function LatestSpotlights() {
  const trpc = useTRPC();
  const latest = useQuery(trpc.spotlights.latest.queryOptions());
  return (
    <HomeListCard
      id="spotlights"
      title="Latest spotlights"
      loadingLabel="Loading spotlights"
      state={latest}
      items={(latest.data ?? []).map((s) => ({
        key: s.slug,
        to: `/spotlights/${s.slug}`,
        title: s.title,
        detail: s.standfirst,
      }))}
      empty={{
        icon: <IconSparkles aria-hidden />,
        title: 'No spotlights yet',
        errorTitle: 'Spotlights are unavailable',
        description: 'Stories about members and their labs appear here.',
      }}
      more={{ to: '/spotlights', label: 'All spotlights' }}
    />
  );
}

export function HomePage() {
  usePageTitle();
  return (
    <>
      <Hero />
      <Container size="lg" py="xl">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg">
          <LatestSpotlights />
          <NewestJobs />
          <UpcomingEvents />
        </SimpleGrid>
      </Container>
    </>
  );
}
