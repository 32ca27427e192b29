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
import { Link } from 'react-router';
import { SITE } from '../../config';
import { useSession } from '../../lib/session';
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
  return (
    <Box className="hero" py={{ base: 40, sm: 72 }}>
      <Container size="lg">
        <Stack gap="md" maw={720}>
          <Text tt="uppercase" fw={700} size="sm" c="indigo">
            {SITE.tagline}
          </Text>
          <Title order={1} fz={{ base: 32, sm: 44 }} lh={1.15}>
            {user ? `Welcome back, ${user.name}` : `Welcome to ${SITE.name}`}
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

/** The three newest live listings (featured ones are pinned first, as on the job board). */
function NewestJobs() {
  const trpc = useTRPC();
  const newest = useQuery(trpc.jobs.search.queryOptions({ sort: 'newest', limit: 3 }));
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="home-jobs">
      <Title order={2} size="h4" id="home-jobs" mb="md">
        Newest jobs
      </Title>
      {newest.isPending ? (
        <Stack gap="sm" aria-busy="true" aria-label="Loading jobs">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={44} />
          ))}
        </Stack>
      ) : newest.isError || newest.data.items.length === 0 ? (
        <EmptyState
          size="sm"
          variant="light"
          icon={<IconBriefcase aria-hidden />}
          title={newest.isError ? 'Jobs are unavailable' : 'No open positions right now'}
          description="Positions posted by employers appear here once they are approved."
          style={{ flex: 1 }}
        />
      ) : (
        <Stack gap="md" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {newest.data.items.map((job) => (
            <li key={job.id}>
              <Anchor component={Link} to={`/jobs/${job.id}`} fw={600}>
                {job.title}
              </Anchor>
              <Text size="sm" c="dimmed" lineClamp={2}>
                {job.employerName} · {locationLabel(job)}
              </Text>
            </li>
          ))}
        </Stack>
      )}
      <Anchor component={Link} to="/jobs" size="sm" mt="md" ta="center">
        All jobs
      </Anchor>
    </Card>
  );
}

/** The three newest published spotlights. */
function LatestSpotlights() {
  const trpc = useTRPC();
  const latest = useQuery(trpc.spotlights.latest.queryOptions());
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="home-spotlights">
      <Title order={2} size="h4" id="home-spotlights" mb="md">
        Latest spotlights
      </Title>
      {latest.isPending ? (
        <Stack gap="sm" aria-busy="true" aria-label="Loading spotlights">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={44} />
          ))}
        </Stack>
      ) : latest.isError || latest.data.length === 0 ? (
        <EmptyState
          size="sm"
          variant="light"
          icon={<IconSparkles aria-hidden />}
          title={latest.isError ? 'Spotlights are unavailable' : 'No spotlights yet'}
          description="Stories about members and their labs appear here."
          style={{ flex: 1 }}
        />
      ) : (
        <Stack gap="md" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {latest.data.map((s) => (
            <li key={s.slug}>
              <Anchor component={Link} to={`/spotlights/${s.slug}`} fw={600}>
                {s.title}
              </Anchor>
              <Text size="sm" c="dimmed" lineClamp={2}>
                {s.standfirst}
              </Text>
            </li>
          ))}
        </Stack>
      )}
      <Anchor component={Link} to="/spotlights" size="sm" mt="md" ta="center">
        All spotlights
      </Anchor>
    </Card>
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
