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
import { useTRPC } from '../../lib/trpc';
import { usePageTitle } from '../../lib/usePageTitle';

interface ContentSlot {
  id: string;
  title: string;
  icon: ReactNode;
  empty: string;
  link?: { to: string; label: string };
}

const SLOTS: ContentSlot[] = [
  {
    id: 'jobs',
    title: 'Newest jobs',
    icon: <IconBriefcase aria-hidden />,
    empty: 'The newest positions posted by employers will appear here once the job board opens.',
    link: { to: '/jobs', label: 'About the job board' },
  },
  {
    id: 'events',
    title: 'Upcoming events',
    icon: <IconCalendarEvent aria-hidden />,
    empty: 'Meetings, webinars and deadlines will be listed here when the events calendar is ready.',
  },
];

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

function SlotCard({ slot }: { slot: ContentSlot }) {
  const headingId = `home-${slot.id}`;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h4" id={headingId} mb="md">
        {slot.title}
      </Title>
      <EmptyState
        size="sm"
        variant="light"
        icon={slot.icon}
        title="Coming soon"
        description={slot.empty}
        style={{ flex: 1 }}
      />
      {slot.link && (
        <Anchor component={Link} to={slot.link.to} size="sm" mt="md" ta="center">
          {slot.link.label}
        </Anchor>
      )}
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
          {SLOTS.map((slot) => (
            <SlotCard key={slot.id} slot={slot} />
          ))}
        </SimpleGrid>
      </Container>
    </>
  );
}
