import { Anchor, Badge, Card, Group, Skeleton, Stack, Text } from '@mantine/core';
import { CAREER_STAGE_LABELS, countryName } from '@societas/contracts';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { Page } from '../../components/Page';
import { QueryError } from '../../components/QueryState';
import { hasAppCode } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { ServiceHistory } from '../committees/ServiceHistory';

/** A member's page: the directory fields this viewer may see, and their committee service. */
export function MemberPage() {
  const { userId = '' } = useParams();
  const trpc = useTRPC();
  const card = useQuery(trpc.directory.member.queryOptions({ userId }));
  if (card.isPending)
    return (
      <Page title="Member">
        <Skeleton height={120} aria-label="Loading the member" />
      </Page>
    );
  if (card.isError) {
    return (
      <Page title={hasAppCode(card.error, 'NOT_FOUND') ? 'Member not found' : 'Member'}>
        <QueryError
          error={card.error}
          title="We could not load this member"
          onRetry={() => void card.refetch()}
        />
      </Page>
    );
  }
  const m = card.data;
  const rows: Array<[string, string | null]> = [
    ['Institution', m.institution],
    ['Country of work', m.countryCode ? countryName(m.countryCode) : null],
    ['Career stage', m.careerStage ? CAREER_STAGE_LABELS[m.careerStage] : null],
    ['ORCID iD', m.orcid],
  ];
  const shown = rows.filter(([, v]) => v);
  return (
    <Page title={m.name} size="md">
      <Card withBorder padding="lg">
        <Stack gap="xs">
          {shown.length === 0 && m.researchAreas === null ? (
            <Text c="dimmed" size="sm">
              {m.listed
                ? 'This member shares no other details with you.'
                : 'This member is not listed in the directory.'}
            </Text>
          ) : (
            shown.map(([label, value]) => (
              <Group key={label} gap="xs">
                <Text size="sm" c="dimmed" w={140}>
                  {label}
                </Text>
                {label === 'ORCID iD' ? (
                  <Anchor
                    href={`https://orcid.org/${value}`}
                    target="_blank"
                    rel="noopener noreferrer"
                    size="sm"
                  >
                    {value}
                  </Anchor>
                ) : (
                  <Text size="sm">{value}</Text>
                )}
              </Group>
            ))
          )}
          {m.researchAreas && m.researchAreas.length > 0 && (
            <Group gap={6}>
              {m.researchAreas.map((a) => (
                <Badge key={a} variant="light" tt="none">
                  {a}
                </Badge>
              ))}
            </Group>
          )}
        </Stack>
      </Card>
      <ServiceHistory userId={m.userId} />
      <Anchor component={Link} to="/directory" size="sm">
        ← Member directory
      </Anchor>
    </Page>
  );
}
