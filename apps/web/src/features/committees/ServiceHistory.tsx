import { Anchor, Card, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { QueryError } from '../../components/QueryState';
import { useTRPC } from '../../lib/trpc';
import { roleLabel, termRange, todayIso } from './labels';

/** A member's committee service, newest first (archived committees included). */
export function ServiceHistory({ userId, own = false }: { userId: string; own?: boolean }) {
  const trpc = useTRPC();
  const history = useQuery(trpc.committees.serviceHistory.queryOptions({ userId }));
  const today = todayIso();
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="service-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="service-heading">
          {own ? 'Your committee service' : 'Committee service'}
        </Title>
        {history.isPending ? (
          <Skeleton height={60} aria-label="Loading committee service" />
        ) : history.isError ? (
          <QueryError
            error={history.error}
            title="We could not load the service history"
            onRetry={() => void history.refetch()}
          />
        ) : history.data.terms.length === 0 ? (
          <Text c="dimmed" size="sm">
            {own ? 'You have not served on a committee yet.' : 'No committee service recorded.'}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table verticalSpacing="xs" aria-label="Committee service">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Committee</Table.Th>
                  <Table.Th scope="col">Role</Table.Th>
                  <Table.Th scope="col">Term</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {history.data.terms.map((t) => (
                  <Table.Tr key={t.termId}>
                    <Table.Td>
                      <Anchor component={Link} to={`/committees/${t.committeeSlug}`}>
                        {t.committeeName}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{roleLabel(t.role)}</Table.Td>
                    <Table.Td>
                      {termRange(t.startsOn, t.endsOn)}
                      {t.startsOn <= today && (t.endsOn === null || t.endsOn > today) ? ' (current)' : ''}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}
