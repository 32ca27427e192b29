import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Pagination,
  Select,
  Skeleton,
  Stack,
  Table,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  type AdminSpotlight,
  SPOTLIGHT_STATUS_LABELS,
  SPOTLIGHT_STATUSES,
  SPOTLIGHT_TRANSITIONS,
  type SpotlightStatus,
} from '@societas/contracts';
import { IconEye, IconPlus, IconTrash } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormFrame, ModalForm } from '../../components/FormFrame';
import { ImageField } from '../../components/ImageField';
import { Page } from '../../components/Page';
import { QueryError } from '../../components/QueryState';
import { formatErrorMessage } from '../../lib/errors';
import { useAppForm } from '../../lib/form';
import { formatDateTime, pageCount } from '../../lib/format';
import { useTRPC, useTRPCClient } from '../../lib/trpc';

const PAGE_SIZE = 15;
const STATUS_COLOR: Record<SpotlightStatus, string> = {
  nominated: 'orange',
  draft: 'gray',
  in_review: 'blue',
  scheduled: 'violet',
  published: 'teal',
  archived: 'dark',
};
const FIELDS = ['slug', 'title', 'standfirst', 'bodyMd', 'photoUrl', 'memberUserId', 'qa', 'tags'];

type Values = {
  slug: string;
  title: string;
  standfirst: string;
  bodyMd: string;
  photoUrl: string;
  memberUserId: string | null;
  qa: Array<{ question: string; answer: string }>;
  tags: string[];
};

function toValues(s: AdminSpotlight | null): Values {
  return {
    slug: s?.slug ?? '',
    title: s?.title ?? '',
    standfirst: s?.standfirst ?? '',
    bodyMd: s?.bodyMd ?? '',
    photoUrl: s?.photoUrl ?? '',
    memberUserId: s?.member?.userId ?? null,
    qa: s?.qa ?? [],
    tags: s?.tags ?? [],
  };
}

function StatusBadge({ status }: { status: SpotlightStatus }) {
  return (
    <Badge color={STATUS_COLOR[status]} variant="light">
      {SPOTLIGHT_STATUS_LABELS[status]}
    </Badge>
  );
}

const TRANSITION_LABELS: Record<string, string> = {
  draft: 'Move to draft',
  in_review: 'Send for review',
  scheduled: 'Schedule…',
  published: 'Publish now',
  archived: 'Archive',
};

/** After a status change: the lists and the detail reload, and a note says where the story is now. */
function useAnnounceTransition() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async (saved: Pick<AdminSpotlight, 'status' | 'title' | 'publishAt'>) => {
    await queryClient.invalidateQueries({ queryKey: trpc.spotlights.pathKey() });
    notifications.show({
      color: 'teal',
      title: SPOTLIGHT_STATUS_LABELS[saved.status],
      message:
        saved.status === 'scheduled'
          ? `Publishes ${formatDateTime(saved.publishAt)}`
          : `“${saved.title}” is now ${SPOTLIGHT_STATUS_LABELS[saved.status].toLowerCase()}.`,
    });
  };
}

/** Asks when to publish; the time is the admin's local time (a datetime-local input). */
function ScheduleDialog({
  spotlight,
  opened,
  onClose,
}: {
  spotlight: AdminSpotlight;
  opened: boolean;
  onClose: () => void;
}) {
  const client = useTRPCClient();
  const announce = useAnnounceTransition();
  const appForm = useAppForm({
    initialValues: { publishAt: '' },
    validate: {
      publishAt: (when) =>
        when && !Number.isNaN(new Date(when).getTime()) ? null : 'Choose a date and time',
    },
    toInput: (values) => ({
      id: spotlight.id,
      to: 'scheduled' as const,
      publishAt: new Date(values.publishAt),
    }),
    submit: (input) => client.spotlights.transition.mutate(input),
    onSuccess: async (saved) => {
      await announce(saved);
      onClose();
    },
  });
  return (
    <ModalForm
      opened={opened}
      onClose={onClose}
      title="Schedule publication"
      form={appForm}
      errorTitle="Could not schedule the spotlight"
      submitLabel="Schedule"
    >
      <TextInput
        type="datetime-local"
        label="Publish at (your local time)"
        required
        {...appForm.form.getInputProps('publishAt')}
      />
    </ModalForm>
  );
}

function Workflow({ spotlight }: { spotlight: AdminSpotlight }) {
  const trpc = useTRPC();
  const announce = useAnnounceTransition();
  const [confirm, setConfirm] = useState<'published' | 'archived' | null>(null);
  const [scheduling, setScheduling] = useState(false);
  const transition = useMutation(trpc.spotlights.transition.mutationOptions());
  const move = async (to: 'draft' | 'in_review' | 'published' | 'archived') => {
    try {
      await announce(await transition.mutateAsync({ id: spotlight.id, to, publishAt: null }));
    } catch (error) {
      notifications.show({
        color: 'red',
        title: 'Could not change the status',
        message: formatErrorMessage(error),
      });
    }
    setConfirm(null);
  };
  const allowed = SPOTLIGHT_TRANSITIONS[spotlight.status];
  return (
    <Group gap="xs">
      {allowed.map((to) => (
        <Button
          key={to}
          size="xs"
          variant={to === 'published' ? 'filled' : to === 'archived' ? 'light' : 'default'}
          color={to === 'archived' ? 'red' : undefined}
          loading={transition.isPending && transition.variables?.to === to}
          onClick={() => {
            if (to === 'published' || to === 'archived') setConfirm(to);
            else if (to === 'scheduled') setScheduling(true);
            else void move(to as 'draft' | 'in_review');
          }}
        >
          {TRANSITION_LABELS[to]}
        </Button>
      ))}
      <ConfirmDialog
        opened={confirm !== null}
        title={confirm === 'published' ? 'Publish now?' : 'Archive this spotlight?'}
        confirmLabel={confirm === 'published' ? 'Publish' : 'Archive'}
        color={confirm === 'published' ? 'teal' : 'red'}
        loading={transition.isPending}
        onCancel={() => setConfirm(null)}
        onConfirm={() => confirm && void move(confirm)}
      >
        {confirm === 'published'
          ? `“${spotlight.title}” becomes public at once and appears on the home page.`
          : `“${spotlight.title}” leaves the public list. You can move it back to draft later.`}
      </ConfirmDialog>
      <ScheduleDialog spotlight={spotlight} opened={scheduling} onClose={() => setScheduling(false)} />
    </Group>
  );
}

function Editor({
  spotlight,
  onCreated,
}: {
  spotlight: AdminSpotlight | null;
  onCreated: (id: string) => void;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const appForm = useAppForm<Values, { id: string; title: string }>({
    initialValues: toValues(spotlight),
    fields: FIELDS,
    submit: (values) => {
      const input = { ...values, photoUrl: values.photoUrl || null };
      return spotlight
        ? client.spotlights.update.mutate({ ...input, id: spotlight.id })
        : client.spotlights.create.mutate(input);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: trpc.spotlights.pathKey() });
      appForm.form.resetDirty();
      notifications.show({ color: 'teal', title: 'Saved', message: saved.title });
      if (!spotlight) onCreated(saved.id);
    },
  });
  const { form } = appForm;
  const nominees = useQuery({
    ...trpc.spotlights.nominees.queryOptions({ q: debounced }),
    enabled: debounced.length >= 2,
  });
  const memberOptions = [
    ...(spotlight?.member ? [{ value: spotlight.member.userId, label: spotlight.member.name }] : []),
    ...(nominees.data ?? [])
      .filter((n) => n.userId !== spotlight?.member?.userId)
      .map((n) => ({ value: n.userId, label: n.name })),
  ];

  return (
    <FormFrame
      form={appForm}
      errorTitle="Could not save the spotlight"
      submitLabel={spotlight ? 'Save changes' : 'Create draft'}
      gap="sm"
      actions={(submit) => <Group justify="flex-end">{submit}</Group>}
    >
      <TextInput label="Title" required {...form.getInputProps('title')} />
      <TextInput
        label="Address"
        description="/spotlights/<address>: lowercase letters, digits, hyphens. Old addresses keep working after a change."
        required
        {...form.getInputProps('slug')}
      />
      <Textarea
        label="Standfirst"
        description="One or two sentences under the title; also the link preview text"
        autosize
        minRows={2}
        {...form.getInputProps('standfirst')}
      />
      <ImageField
        form={form}
        field="photoUrl"
        purpose="spotlight_photo"
        uploadLabel="Upload a photo"
        uploadDescription="JPEG, PNG or WebP, up to 8 MB; resized to 1600 pixels at most, metadata removed"
        urlLabel="Photo URL"
        urlDescription="Filled in by an upload, or an https:// address of the photo"
        previewAlt="The photo as the story shows it"
        previewHeight={140}
      />
      <Select
        label="Featured member"
        description="They can preview the story before it is published"
        searchable
        clearable
        data={memberOptions}
        searchValue={search}
        onSearchChange={setSearch}
        filter={({ options }) => options}
        nothingFoundMessage={debounced.length < 2 ? 'Type 2 letters of a name' : 'No member matches'}
        {...form.getInputProps('memberUserId')}
      />
      <Textarea
        label="Story"
        description="Markdown. Headings, lists, links and images (https) are kept; scripts and styles are removed."
        autosize
        minRows={8}
        maxRows={24}
        {...form.getInputProps('bodyMd')}
      />
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          Questions and answers
        </Text>
        {form.values.qa.map((_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their position
          <Card key={i} withBorder padding="sm">
            <Group align="flex-start" wrap="nowrap">
              <Stack gap={6} style={{ flex: 1 }}>
                <TextInput label={`Question ${i + 1}`} {...form.getInputProps(`qa.${i}.question`)} />
                <Textarea
                  label={`Answer ${i + 1}`}
                  autosize
                  minRows={2}
                  {...form.getInputProps(`qa.${i}.answer`)}
                />
              </Stack>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove question ${i + 1}`}
                onClick={() => form.removeListItem('qa', i)}
                mt={24}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          </Card>
        ))}
        <Group>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => form.insertListItem('qa', { question: '', answer: '' })}
          >
            Add a question
          </Button>
        </Group>
      </Stack>
      <TagsInput
        label="Tags"
        description="Press Enter after each tag"
        maxTags={10}
        {...form.getInputProps('tags')}
      />
    </FormFrame>
  );
}

function Detail({ id }: { id: string }) {
  const trpc = useTRPC();
  const spotlight = useQuery(trpc.spotlights.adminGet.queryOptions({ id }));
  if (spotlight.isPending) return <Skeleton height={400} aria-label="Loading the spotlight" />;
  if (spotlight.isError)
    return (
      <QueryError
        error={spotlight.error}
        title="We could not load this spotlight"
        onRetry={() => void spotlight.refetch()}
      />
    );
  const s = spotlight.data;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2} size="h3">
            {s.title}
          </Title>
          <Group gap="xs">
            <StatusBadge status={s.status} />
            {s.publishAt && (
              <Text size="sm" c="dimmed">
                {s.status === 'scheduled' ? 'Publishes' : 'Published'} {formatDateTime(s.publishAt)}
              </Text>
            )}
          </Group>
        </Stack>
        {s.status !== 'nominated' && (
          <Button
            component={Link}
            to={`/spotlights/${s.slug}`}
            variant="subtle"
            size="xs"
            leftSection={<IconEye size={14} aria-hidden />}
          >
            {s.status === 'published' ? 'View' : 'Preview'}
          </Button>
        )}
      </Group>
      {s.nominationReason && (
        <Alert color="orange" title={`Nominated by ${s.nominatedByName ?? 'a member'}`}>
          {s.nominationReason}
        </Alert>
      )}
      <Workflow spotlight={s} />
      <Editor key={`${s.id}-${s.status}`} spotlight={s} onCreated={() => undefined} />
    </Stack>
  );
}

export function SpotlightsAdminPage() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') as SpotlightStatus | null) ?? null;
  const selected = params.get('id');
  const creating = params.get('new') === '1';
  const [page, setPage] = useState(1);
  const list = useQuery({
    ...trpc.spotlights.adminList.queryOptions({ status, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setParams(next);
  };

  return (
    <Page
      title="Manage spotlights"
      description="Turn nominations into stories: draft, send for review, then schedule or publish."
      actions={
        <Button
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => update({ new: '1', id: null })}
        >
          New spotlight
        </Button>
      }
    >
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="sm">
            <Select
              label="Status"
              data={[
                { value: '', label: 'All' },
                ...SPOTLIGHT_STATUSES.map((s) => ({ value: s, label: SPOTLIGHT_STATUS_LABELS[s] })),
              ]}
              value={status ?? ''}
              allowDeselect={false}
              onChange={(v) => {
                setPage(1);
                update({ status: v || null });
              }}
            />
            {list.isPending ? (
              <Skeleton height={300} aria-label="Loading spotlights" />
            ) : list.isError ? (
              <QueryError
                error={list.error}
                title="We could not load the spotlights"
                onRetry={() => void list.refetch()}
              />
            ) : list.data.items.length === 0 ? (
              <Text c="dimmed">Nothing here.</Text>
            ) : (
              <Table verticalSpacing="xs" highlightOnHover aria-label="Spotlights">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Spotlight</Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.items.map((row) => (
                    <Table.Tr
                      key={row.id}
                      bg={row.id === selected ? 'var(--mantine-primary-color-light)' : undefined}
                    >
                      <Table.Td>
                        <UnstyledButton
                          onClick={() => update({ id: row.id, new: null })}
                          aria-current={row.id === selected ? 'true' : undefined}
                        >
                          <Text size="sm" fw={500}>
                            {row.title}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {[row.memberName, row.nominatedByName && `nominated by ${row.nominatedByName}`]
                              .filter(Boolean)
                              .join(' · ')}
                          </Text>
                        </UnstyledButton>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge status={row.status} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {list.data && list.data.total > PAGE_SIZE && (
              <Pagination
                total={pageCount(list.data.total, PAGE_SIZE)}
                value={page}
                onChange={setPage}
                getControlProps={(control) => ({ 'aria-label': `${control} page` })}
              />
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder padding="lg">
            {creating ? (
              <Stack gap="md">
                <Title order={2} size="h3">
                  New spotlight
                </Title>
                <Editor spotlight={null} onCreated={(id) => update({ id, new: null })} />
              </Stack>
            ) : selected ? (
              <Detail key={selected} id={selected} />
            ) : (
              <Text c="dimmed">
                Choose a spotlight on the left, or start a{' '}
                <Anchor component="button" type="button" onClick={() => update({ new: '1' })}>
                  new one
                </Anchor>
                .
              </Text>
            )}
          </Card>
        </Grid.Col>
      </Grid>
    </Page>
  );
}
