import { Alert, Anchor, Box, Button, Group, Skeleton, Stack, Text } from '@mantine/core';
import type { MembershipCard } from '@societas/contracts';
import { IconPrinter } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Page } from '../../components/Page';
import { QueryError } from '../../components/QueryState';
import { useTRPC } from '../../lib/trpc';
import { formatDay } from './membershipText';

function MemberCardView({ card }: { card: MembershipCard }) {
  const valid = card.isLifetime ? 'Lifetime' : formatDay(card.validUntil);
  const current = card.status !== 'lapsed' && card.status !== 'none';
  return (
    <Box className="member-card printable" component="article" aria-label={`${card.society} member card`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Text fw={800} size="lg" className="member-card-society">
          {card.society}
        </Text>
        <Text size="xs" tt="uppercase" fw={700} className="member-card-kind">
          Member
        </Text>
      </Group>
      <Stack gap={2} mt="lg">
        <Text fz={26} fw={700} lh={1.2}>
          {card.name}
        </Text>
        <Text size="sm">{card.planName ? `${card.planName} member` : 'Member'}</Text>
      </Stack>
      <Group justify="space-between" mt="lg" align="flex-end" wrap="nowrap" gap="xs">
        <Stack gap={0}>
          <Text size="xs" tt="uppercase" className="member-card-label">
            Member number
          </Text>
          <Text fw={700} ff="monospace" size="lg">
            {card.memberNumber ?? '—'}
          </Text>
        </Stack>
        <Stack gap={0} align="flex-end">
          <Text size="xs" tt="uppercase" className="member-card-label">
            {current ? 'Valid until' : 'Expired'}
          </Text>
          <Text fw={700} size="lg" style={{ whiteSpace: 'nowrap' }}>
            {valid}
          </Text>
        </Stack>
      </Group>
    </Box>
  );
}

export function CardPage() {
  const trpc = useTRPC();
  const card = useQuery(trpc.membership.card.queryOptions());
  const hasCard = card.data && card.data.status !== 'none';
  return (
    <Page
      title="Member card"
      size="sm"
      actions={
        hasCard && (
          <Button
            className="no-print"
            variant="default"
            leftSection={<IconPrinter size={16} aria-hidden />}
            onClick={() => window.print()}
          >
            Print
          </Button>
        )
      }
    >
      {card.isPending ? (
        <Skeleton height={220} maw={420} aria-label="Loading your card" />
      ) : card.isError ? (
        <QueryError
          error={card.error}
          title="We could not load your card"
          onRetry={() => void card.refetch()}
        />
      ) : !hasCard ? (
        <Alert color="indigo" variant="light" title="No member card yet">
          Your card appears here once you join.{' '}
          <Anchor component={Link} to="/membership/join">
            Join now
          </Anchor>
        </Alert>
      ) : (
        <>
          <MemberCardView card={card.data} />
          {(card.data.status === 'grace' || card.data.status === 'lapsed') && (
            <Alert
              color={card.data.status === 'grace' ? 'orange' : 'red'}
              variant="light"
              className="no-print"
            >
              {card.data.status === 'grace'
                ? 'Your membership has ended and is in its grace period.'
                : 'Your membership has lapsed.'}{' '}
              <Anchor component={Link} to="/membership/join">
                Renew
              </Anchor>
            </Alert>
          )}
        </>
      )}
      <Anchor component={Link} to="/membership" size="sm" className="no-print">
        Back to membership
      </Anchor>
    </Page>
  );
}
