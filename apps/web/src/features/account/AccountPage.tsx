import { Anchor, Badge, Card, Group, Skeleton, Stack, Text } from '@mantine/core';
import type { Profile } from '@societas/contracts';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Page } from '../../components/Page';
import { QueryError } from '../../components/QueryState';
import { useTRPC } from '../../lib/trpc';
import { ServiceHistory } from '../committees/ServiceHistory';
import { ChangePasswordForm } from './ChangePasswordForm';
import { ProfileForm } from './ProfileForm';

function AccountSummary({ profile }: { profile: Profile }) {
  return (
    <Card withBorder padding="lg" component="section" aria-label="Account summary">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Stack gap={2}>
          <Text fw={600}>{profile.email}</Text>
          <Group gap="xs">
            {profile.emailVerified ? (
              <Badge color="teal" variant="light">
                Email verified
              </Badge>
            ) : (
              <Badge color="orange" variant="light">
                Email not verified
              </Badge>
            )}
            {profile.role === 'admin' && (
              <Badge color="grape" variant="light">
                Administrator
              </Badge>
            )}
          </Group>
        </Stack>
        <Text size="sm">
          {profile.memberNumber !== null ? (
            <>
              Member number <strong>{profile.memberNumber}</strong>
            </>
          ) : (
            <>
              Not a member yet.{' '}
              <Anchor component={Link} to="/membership">
                About membership
              </Anchor>
            </>
          )}
        </Text>
      </Group>
    </Card>
  );
}

function AccountSkeleton() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading your profile">
      <Skeleton height={72} />
      <Skeleton height={36} />
      <Skeleton height={36} />
      <Skeleton height={36} />
      <Skeleton height={160} />
    </Stack>
  );
}

export function AccountPage() {
  const trpc = useTRPC();
  const profile = useQuery(trpc.account.profile.queryOptions());

  return (
    <Page
      title="Your account"
      size="md"
      description="Keep your profile current and choose what the directory shows."
    >
      {profile.isPending ? (
        <AccountSkeleton />
      ) : profile.isError ? (
        <QueryError
          error={profile.error}
          title="We could not load your profile"
          onRetry={() => void profile.refetch()}
        />
      ) : (
        <>
          <AccountSummary profile={profile.data} />
          <ProfileForm profile={profile.data} />
          <ServiceHistory userId={profile.data.userId} own />
        </>
      )}
      <ChangePasswordForm />
    </Page>
  );
}
