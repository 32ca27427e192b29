import {
  Anchor,
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  Pagination,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import {
  CAREER_STAGE_LABELS,
  CAREER_STAGES,
  type CareerStage,
  COUNTRIES,
  countryName,
  DIRECTORY_COUNT_CAP,
} from '@societas/contracts';
import { IconLock, IconSearch, IconUserSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Page } from '../../components/Page';
import { QueryError } from '../../components/QueryState';
import { hasAppCode } from '../../lib/errors';
import { formatNumber, pageCount } from '../../lib/format';
import { useSession } from '../../lib/session';
import { useTRPC } from '../../lib/trpc';
import { DirectoryLocks } from './DirectoryLocks';

const PAGE_SIZE = 25;
const FILTERS = ['name', 'institution', 'countryCode', 'researchArea', 'careerStage'] as const;
type Filter = (typeof FILTERS)[number];
const COUNTRY_OPTIONS = COUNTRIES.map((c) => ({ value: c.code, label: c.name })).sort((a, b) =>
  a.label.localeCompare(b.label),
);
const STAGE_OPTIONS = CAREER_STAGES.map((s) => ({ value: s, label: CAREER_STAGE_LABELS[s] }));

function SearchForm({
  initial,
  onSearch,
}: {
  initial: Record<Filter, string>;
  onSearch: (v: Record<Filter, string>) => void;
}) {
  const [values, setValues] = useState(initial);
  const set = (key: Filter) => (value: string | null) => setValues((v) => ({ ...v, [key]: value ?? '' }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(values);
  };
  const clear = () => {
    const empty = { name: '', institution: '', countryCode: '', researchArea: '', careerStage: '' };
    setValues(empty);
    onSearch(empty);
  };
  return (
    <Card
      withBorder
      padding="lg"
      component="form"
      role="search"
      aria-label="Search the directory"
      onSubmit={submit}
    >
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
          <TextInput
            label="Name"
            value={values.name}
            onChange={(e) => set('name')(e.currentTarget.value)}
            maxLength={100}
          />
          <TextInput
            label="Institution"
            value={values.institution}
            onChange={(e) => set('institution')(e.currentTarget.value)}
            maxLength={100}
          />
          <Select
            label="Country of work"
            data={COUNTRY_OPTIONS}
            searchable
            clearable
            value={values.countryCode || null}
            onChange={set('countryCode')}
            nothingFoundMessage="No country matches"
          />
          <TextInput
            label="Research area"
            value={values.researchArea}
            onChange={(e) => set('researchArea')(e.currentTarget.value)}
            maxLength={60}
          />
          <Select
            label="Career stage"
            data={STAGE_OPTIONS}
            clearable
            value={values.careerStage || null}
            onChange={set('careerStage')}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={clear}>
            Clear
          </Button>
          <Button type="submit" leftSection={<IconSearch size={16} aria-hidden />}>
            Search
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export function DirectoryPage() {
  const trpc = useTRPC();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<Filter, string>;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const results = useQuery({
    ...trpc.directory.search.queryOptions({
      name: filters.name || undefined,
      institution: filters.institution || undefined,
      countryCode: filters.countryCode || undefined,
      researchArea: filters.researchArea || undefined,
      careerStage: (filters.careerStage || undefined) as CareerStage | undefined,
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });

  const search = (values: Record<Filter, string>) => {
    const next = new URLSearchParams();
    for (const f of FILTERS) if (values[f].trim()) next.set(f, values[f].trim());
    setParams(next);
  };
  const goTo = (p: number) => {
    const next = new URLSearchParams(params);
    if (p === 1) next.delete('page');
    else next.set('page', String(p));
    setParams(next);
  };

  if (results.isError && hasAppCode(results.error, 'FORBIDDEN')) {
    return (
      <Page title="Member directory">
        <EmptyState
          icon={<IconLock aria-hidden />}
          title="For members with an active membership"
          description="The directory lets members find each other by name, institution, country, research area and career stage. Join or renew to search it."
        >
          <EmptyState.Actions>
            <Button component={Link} to="/membership">
              Membership options
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      </Page>
    );
  }

  return (
    <Page
      title="Member directory"
      description="Find other members. Each member chooses which details others see; some members are not listed."
    >
      <SearchForm key={params.toString()} initial={filters} onSearch={search} />
      {results.isPending ? (
        <Stack aria-busy="true" aria-label="Loading members">
          {[0, 1, 2, 3, 4].map((i) => (
            <Skeleton key={i} height={36} />
          ))}
        </Stack>
      ) : results.isError ? (
        <QueryError
          error={results.error}
          title="We could not search the directory"
          onRetry={() => void results.refetch()}
        />
      ) : results.data.items.length === 0 ? (
        <EmptyState
          icon={<IconUserSearch aria-hidden />}
          title="No members found"
          description="Try fewer or broader search terms."
        />
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed" role="status">
            {results.data.totalCapped
              ? `More than ${formatNumber(DIRECTORY_COUNT_CAP)} members match; narrow your search to see them all.`
              : `${formatNumber(results.data.total)} ${results.data.total === 1 ? 'member matches' : 'members match'}.`}
          </Text>
          <Table.ScrollContainer minWidth={760}>
            <Table striped verticalSpacing="xs" aria-label="Members" aria-busy={results.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Name</Table.Th>
                  <Table.Th scope="col">Institution</Table.Th>
                  <Table.Th scope="col">Country</Table.Th>
                  <Table.Th scope="col">Career stage</Table.Th>
                  <Table.Th scope="col">Research areas</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {results.data.items.map((m) => (
                  <Table.Tr key={m.userId}>
                    <Table.Td>
                      <Anchor component={Link} to={`/members/${encodeURIComponent(m.userId)}`}>
                        {m.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      {m.institution ?? (
                        <Text span c="dimmed" size="sm">
                          Not shown
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {m.countryCode ? (
                        countryName(m.countryCode)
                      ) : (
                        <Text span c="dimmed" size="sm">
                          Not shown
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {m.careerStage ? (
                        CAREER_STAGE_LABELS[m.careerStage]
                      ) : (
                        <Text span c="dimmed" size="sm">
                          Not shown
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {m.researchAreas === null ? (
                        <Text span c="dimmed" size="sm">
                          Not shown
                        </Text>
                      ) : (
                        <Group gap={4}>
                          {m.researchAreas.slice(0, 4).map((a) => (
                            <Badge key={a} variant="light" size="sm" tt="none">
                              {a}
                            </Badge>
                          ))}
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {results.data.total > PAGE_SIZE && (
            <Pagination
              total={pageCount(results.data.total, PAGE_SIZE)}
              value={page}
              onChange={goTo}
              getControlProps={(control) => ({ 'aria-label': `${control} page` })}
            />
          )}
        </Stack>
      )}
      {user?.isAdmin && <DirectoryLocks />}
    </Page>
  );
}
