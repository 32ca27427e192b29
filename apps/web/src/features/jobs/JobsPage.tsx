import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Collapse,
  Grid,
  Group,
  Radio,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  countryName,
  JOB_SEARCH_TEXT_MAX,
  type JobFacets,
  type JobSearchQuery,
  type JobSummary,
  jobSearchQuery,
  saveAlertInput,
  searchFromParams,
  searchToParams,
} from '@societas/contracts';
import { IconRss, IconSearch, IconStar } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ModalForm } from '../../components/FormFrame';
import { Page } from '../../components/Page';
import { PageLoader, QueryError } from '../../components/QueryState';
import { useAppForm } from '../../lib/form';
import { formatDate, formatNumber } from '../../lib/format';
import { useSession } from '../../lib/session';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import {
  careerStageLabel,
  locationLabel,
  positionLabel,
  salaryLabel,
  sectorLabel,
  workplaceLabel,
} from './jobFormat';

type ListKey = 'positionType' | 'sector' | 'country' | 'workplace' | 'careerStage';

const FACET_GROUPS: { key: ListKey; title: string; label: (v: string) => string }[] = [
  { key: 'positionType', title: 'Position type', label: positionLabel },
  { key: 'country', title: 'Country', label: (v) => countryName(v) },
  { key: 'sector', title: 'Sector', label: sectorLabel },
  { key: 'workplace', title: 'Remote, hybrid or on-site', label: workplaceLabel },
  { key: 'careerStage', title: 'Career stage', label: careerStageLabel },
];

function FacetGroup({
  title,
  buckets,
  selected,
  label,
  onToggle,
}: {
  title: string;
  buckets: { value: string; count: number }[];
  selected: string[];
  label: (v: string) => string;
  onToggle: (value: string, checked: boolean) => void;
}) {
  const [expanded, setExpanded] = useState(false);
  // Ticked values stay listed even when nothing else matches them.
  const all = [
    ...buckets,
    ...selected.filter((v) => !buckets.some((b) => b.value === v)).map((v) => ({ value: v, count: 0 })),
  ];
  const shown = expanded ? all : all.slice(0, 8);
  if (all.length === 0) return null;
  return (
    <fieldset className="facet-group" style={{ border: 0, padding: 0, margin: 0 }}>
      <Text component="legend" fw={600} size="sm" mb={6}>
        {title}
      </Text>
      <Stack gap={6}>
        {shown.map((b) => (
          <Checkbox
            key={b.value}
            size="sm"
            checked={selected.includes(b.value)}
            onChange={(e) => onToggle(b.value, e.currentTarget.checked)}
            label={
              <Group gap={6} wrap="nowrap">
                <span>{label(b.value)}</span>
                <Text span size="xs" c="dimmed">
                  ({formatNumber(b.count)})
                </Text>
              </Group>
            }
          />
        ))}
        {all.length > 8 && (
          <Anchor component="button" type="button" size="sm" onClick={() => setExpanded((v) => !v)}>
            {expanded ? 'Show fewer' : `Show all ${all.length}`}
          </Anchor>
        )}
      </Stack>
    </fieldset>
  );
}

function Facets({
  facets,
  query,
  update,
}: {
  facets: JobFacets;
  query: JobSearchQuery;
  update: (next: Partial<JobSearchQuery>) => void;
}) {
  return (
    <Stack gap="lg" component="aside" aria-label="Filters">
      {FACET_GROUPS.map((g) => (
        <FacetGroup
          key={g.key}
          title={g.title}
          buckets={facets[g.key]}
          selected={query[g.key] as string[]}
          label={g.label}
          onToggle={(value, checked) => {
            const current = query[g.key] as string[];
            update({ [g.key]: checked ? [...current, value] : current.filter((v) => v !== value) });
          }}
        />
      ))}
      <Radio.Group
        label="Posted"
        value={query.postedWithinDays ? String(query.postedWithinDays) : 'any'}
        onChange={(v) => update({ postedWithinDays: v === 'any' ? null : Number(v) })}
      >
        <Stack gap={6} mt={6}>
          <Radio value="any" label="Any time" size="sm" />
          {facets.postedWithinDays.map((b) => (
            <Radio
              key={b.value}
              value={b.value}
              size="sm"
              label={`${b.value === '1' ? 'Last 24 hours' : `Last ${b.value} days`} (${formatNumber(b.count)})`}
            />
          ))}
        </Stack>
      </Radio.Group>
      <Checkbox
        label={`Salary stated (${formatNumber(facets.salaryStated)})`}
        checked={query.salaryStated}
        onChange={(e) => update({ salaryStated: e.currentTarget.checked })}
      />
    </Stack>
  );
}

export function JobCard({ job }: { job: JobSummary }) {
  const salary = salaryLabel(job);
  return (
    <Card withBorder padding="md" radius="md" component="article">
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} size="h4">
            <Anchor component={Link} to={`/jobs/${job.id}`}>
              {job.title}
            </Anchor>
          </Title>
          {job.featured && (
            <Badge
              color="yellow"
              variant="light"
              style={{ flexShrink: 0 }}
              leftSection={<IconStar size={12} aria-hidden />}
            >
              Featured
            </Badge>
          )}
        </Group>
        <Text size="sm" fw={500}>
          {job.employerName}
        </Text>
        <Text size="sm" c="dimmed">
          {locationLabel(job)}
        </Text>
        <Group gap={6}>
          <Badge variant="outline">{positionLabel(job.positionType)}</Badge>
          <Badge variant="outline" color="gray">
            {sectorLabel(job.sector)}
          </Badge>
          {salary && (
            <Badge variant="light" color="teal">
              {salary}
            </Badge>
          )}
        </Group>
        <Text size="sm" lineClamp={2}>
          {job.snippet}
        </Text>
        <Text size="xs" c="dimmed">
          Posted {formatDate(job.publishedAt)}
          {job.closingOn ? ` · Apply by ${formatDate(job.closingOn)}` : ''}
        </Text>
      </Stack>
    </Card>
  );
}

function SaveSearchButton({ query }: { query: JobSearchQuery }) {
  const client = useTRPCClient();
  const session = useSession();
  const [opened, { open, close }] = useDisclosure(false);
  const appForm = useAppForm({
    initialValues: { name: '', frequency: 'weekly' as 'daily' | 'weekly' },
    schema: saveAlertInput,
    toInput: (values) => ({ ...values, query }),
    submit: (input) => client.jobs.saveAlert.mutate(input),
    onSuccess: (_, values) => {
      close();
      notifications.show({
        color: 'teal',
        title: 'Search saved',
        message: `We will email you ${values.frequency === 'daily' ? 'a daily' : 'a weekly'} digest of new matches.`,
      });
    },
  });
  const { form } = appForm;
  if (!session.user) {
    return (
      <Button
        component={Link}
        to={`/sign-in?next=${encodeURIComponent(`/jobs?${searchToParams(query)}`)}`}
        variant="default"
      >
        Sign in to save this search
      </Button>
    );
  }
  return (
    <>
      <Button
        variant="default"
        onClick={() => {
          form.setValues({ name: query.q || 'My job search' });
          open();
        }}
      >
        Save this search
      </Button>
      <ModalForm
        opened={opened}
        onClose={close}
        title="Save this search"
        form={appForm}
        errorTitle="Could not save the search"
        submitLabel="Save search"
        footer={
          <Anchor component={Link} to="/jobs/alerts" size="sm">
            Manage your saved searches
          </Anchor>
        }
      >
        <TextInput label="Name" required maxLength={120} {...form.getInputProps('name')} />
        <Radio.Group label="Email me new matches" {...form.getInputProps('frequency')}>
          <Group mt={6}>
            <Radio value="daily" label="Daily" />
            <Radio value="weekly" label="Weekly" />
          </Group>
        </Radio.Group>
      </ModalForm>
    </>
  );
}

export function JobsPage() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const parsed = useMemo(() => searchFromParams(params), [params]);
  const query = useMemo(() => jobSearchQuery.parse(parsed), [parsed]);
  const sort = parsed.sort ?? 'relevance';
  const [text, setText] = useState(query.q);
  const desktop = useMediaQuery('(min-width: 62em)', true);
  const [filtersOpen, { toggle: toggleFilters }] = useDisclosure(false);
  const [lastQ, setLastQ] = useState(query.q);
  if (lastQ !== query.q) {
    // The URL changed (back button, a shared link): show its text in the box.
    setLastQ(query.q);
    setText(query.q);
  }

  const update = (next: Partial<JobSearchQuery> & { sort?: 'relevance' | 'newest' }) => {
    setParams(searchToParams({ ...query, sort, ...next }));
  };

  const results = useInfiniteQuery({
    ...trpc.jobs.search.infiniteQueryOptions(
      { ...query, sort, limit: 20 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
    placeholderData: keepPreviousData,
  });
  const first = results.data?.pages[0];
  const items = results.data?.pages.flatMap((p) => p.items) ?? [];
  const feedUrl = `/jobs/feed.xml${searchToParams(query).toString() ? `?${searchToParams(query)}` : ''}`;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    update({ q: text.trim() });
  };

  return (
    <Page
      title="Jobs"
      description="Positions in stem-cell research and related fields, from PhD studentships to faculty and industry roles."
      actions={
        <Group gap="xs">
          <Button component={Link} to="/employer" variant="light">
            Post a job
          </Button>
        </Group>
      }
    >
      <search aria-label="Search jobs">
        <form onSubmit={onSubmit}>
          <Group align="flex-end" gap="xs" wrap="wrap">
            <TextInput
              style={{ flex: 1, minWidth: 240 }}
              label="Search jobs"
              placeholder='Try "organoid postdoc" or "CRISPR -industry"'
              value={text}
              maxLength={JOB_SEARCH_TEXT_MAX}
              onChange={(e) => setText(e.currentTarget.value)}
              leftSection={<IconSearch size={16} aria-hidden />}
            />
            <Button type="submit">Search</Button>
          </Group>
        </form>
      </search>
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 3 }}>
          {first ? (
            desktop ? (
              <Facets facets={first.facets} query={query} update={update} />
            ) : (
              <>
                <Button variant="default" fullWidth onClick={toggleFilters} aria-expanded={filtersOpen}>
                  {filtersOpen ? 'Hide filters' : 'Show filters'}
                </Button>
                <Collapse expanded={filtersOpen} mt="md">
                  <Facets facets={first.facets} query={query} update={update} />
                </Collapse>
              </>
            )
          ) : null}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Stack gap="md">
            <Group justify="space-between" wrap="wrap">
              <Text aria-live="polite" fw={500}>
                {first ? `${formatNumber(first.total)} job${first.total === 1 ? '' : 's'}` : ' '}
              </Text>
              <Group gap="xs">
                <SegmentedControl
                  aria-label="Sort by"
                  size="xs"
                  value={sort}
                  onChange={(v) => update({ sort: v as 'relevance' | 'newest' })}
                  data={[
                    { value: 'relevance', label: 'Best match' },
                    { value: 'newest', label: 'Newest' },
                  ]}
                />
                <SaveSearchButton query={query} />
                <Button
                  component="a"
                  href={feedUrl}
                  variant="subtle"
                  size="xs"
                  leftSection={<IconRss size={14} aria-hidden />}
                >
                  Feed
                </Button>
              </Group>
            </Group>
            {results.isPending ? (
              <PageLoader label="Searching" />
            ) : results.isError ? (
              <QueryError error={results.error} onRetry={() => void results.refetch()} />
            ) : items.length === 0 ? (
              <Alert variant="light" title="No jobs match this search">
                Try fewer words or remove a filter.
                {params.toString() && (
                  <>
                    {' '}
                    <Anchor component={Link} to="/jobs">
                      Clear the search
                    </Anchor>
                  </>
                )}
              </Alert>
            ) : (
              <>
                {items.map((job) => (
                  <JobCard key={job.id} job={job} />
                ))}
                {results.hasNextPage && (
                  <Group justify="center">
                    <Button
                      variant="default"
                      onClick={() => void results.fetchNextPage()}
                      loading={results.isFetchingNextPage}
                    >
                      Show more jobs
                    </Button>
                  </Group>
                )}
              </>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Page>
  );
}
