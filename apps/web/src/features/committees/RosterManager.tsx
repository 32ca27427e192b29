import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  COMMITTEE_ROLE_LABELS,
  COMMITTEE_ROLES,
  type CommitteeDetail,
  type CommitteeRole,
  type MemberOption,
  type RosterEntry,
} from '@societas/contracts';
import {
  IconAlertTriangle,
  IconCopy,
  IconDots,
  IconDownload,
  IconPencil,
  IconPlayerStop,
  IconTrash,
  IconUserPlus,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormAlert, QueryError } from '../../components/QueryState';
import { formatErrorMessage } from '../../lib/errors';
import { useAppForm } from '../../lib/form';
import { formatCalendarDay } from '../../lib/format';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import { addMonthsIso, roleLabel, termRange, todayIso } from './labels';

const ROLE_OPTIONS = COMMITTEE_ROLES.map((r) => ({ value: r, label: COMMITTEE_ROLE_LABELS[r] }));
const TERM_FIELDS = ['userId', 'role', 'startsOn', 'endsOn', 'notes'];

const STATUS_BADGE: Record<RosterEntry['status'], { label: string; color: string }> = {
  current: { label: 'Current', color: 'teal' },
  upcoming: { label: 'Upcoming', color: 'blue' },
  past: { label: 'Ended', color: 'gray' },
};

function MembershipBadge({ membership }: { membership: MemberOption['membership'] }) {
  if (membership === 'active')
    return (
      <Badge color="teal" variant="light">
        Active member
      </Badge>
    );
  return (
    <Badge
      color={membership === 'lapsed' ? 'orange' : 'gray'}
      variant="light"
      leftSection={<IconAlertTriangle size={12} aria-hidden />}
    >
      {membership === 'lapsed' ? 'Membership lapsed' : 'Not a member'}
    </Badge>
  );
}

type TermValues = {
  userId: string | null;
  role: CommitteeRole;
  startsOn: string;
  endsOn: string;
  notes: string;
};

function useInvalidateCommittee() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.committees.pathKey() });
}

/** Add a term (with member typeahead) or edit one. */
function TermModal({
  committee,
  entry,
  onClose,
}: {
  committee: CommitteeDetail;
  entry: RosterEntry | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const invalidate = useInvalidateCommittee();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [chosen, setChosen] = useState<MemberOption | null>(null);
  const start = todayIso();
  const { form, formError, onSubmit, isPending } = useAppForm<
    TermValues,
    Pick<RosterEntry, 'name' | 'role' | 'startsOn' | 'endsOn'>
  >({
    initialValues: entry
      ? {
          userId: entry.userId,
          role: entry.role,
          startsOn: entry.startsOn,
          endsOn: entry.endsOn ?? '',
          notes: entry.notes ?? '',
        }
      : {
          userId: null,
          role: 'member',
          startsOn: start,
          endsOn: committee.termLengthMonths ? addMonthsIso(start, committee.termLengthMonths) : '',
          notes: '',
        },
    validate: {
      userId: (v) => (v ? null : 'Choose a member'),
      startsOn: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'Enter a start date'),
      endsOn: (v, values) => (v && v <= values.startsOn ? 'The end date must be after the start date' : null),
    },
    // The term-limit refusal comes back keyed to startsOn or endsOn, and shows at that field.
    fields: TERM_FIELDS,
    submit: (values) => {
      const fields = {
        committeeId: committee.id,
        role: values.role,
        startsOn: values.startsOn,
        endsOn: values.endsOn || null,
        notes: values.notes || null,
      };
      return entry
        ? client.committees.updateTerm.mutate({ ...fields, termId: entry.termId })
        : client.committees.addTerm.mutate({ ...fields, userId: values.userId! });
    },
    onSuccess: async (saved) => {
      await invalidate();
      notifications.show({
        color: 'teal',
        title: entry ? 'Term saved' : 'Added to the roster',
        message: `${saved.name}: ${roleLabel(saved.role)}, ${termRange(saved.startsOn, saved.endsOn)}`,
      });
      onClose();
    },
  });
  const options = useQuery({
    ...trpc.committees.searchMembers.queryOptions({ committeeId: committee.id, q: debounced }),
    enabled: !entry && debounced.length >= 2,
  });

  const setLength = (years: number) => {
    if (form.values.startsOn) form.setFieldValue('endsOn', addMonthsIso(form.values.startsOn, years * 12));
  };
  const membership = entry?.membership ?? chosen?.membership;
  const data = (options.data ?? []).map((o) => ({
    value: o.userId,
    label: `${o.name} · ${o.email}${o.membership === 'active' ? '' : o.membership === 'lapsed' ? ' (lapsed)' : ' (not a member)'}`,
  }));

  return (
    <Modal
      opened
      onClose={onClose}
      title={entry ? `Edit ${entry.name}'s term` : 'Add to the roster'}
      size="lg"
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <FormAlert message={formError} title="Could not save the term" />
          {!entry && (
            <Select
              label="Member"
              description="Type at least 2 letters of a name or email"
              placeholder="Search members"
              searchable
              clearable
              data={data}
              searchValue={search}
              onSearchChange={setSearch}
              filter={({ options: o }) => o}
              nothingFoundMessage={
                debounced.length < 2
                  ? 'Keep typing…'
                  : options.isFetching
                    ? 'Searching…'
                    : 'No member matches'
              }
              required
              {...form.getInputProps('userId')}
              onChange={(value) => {
                form.setFieldValue('userId', value);
                setChosen(options.data?.find((o) => o.userId === value) ?? null);
              }}
            />
          )}
          {membership && membership !== 'active' && (
            <Alert
              color="orange"
              icon={<IconAlertTriangle aria-hidden />}
              title={membership === 'lapsed' ? 'Membership lapsed' : 'Not a member'}
            >
              {membership === 'lapsed'
                ? "This person's membership has lapsed. You can still add them, but they may need to renew before serving."
                : 'This person has never held a membership.'}
            </Alert>
          )}
          <Select
            label="Role"
            data={ROLE_OPTIONS}
            allowDeselect={false}
            required
            {...form.getInputProps('role')}
          />
          <Group grow align="flex-start">
            <TextInput type="date" label="Starts on" required {...form.getInputProps('startsOn')} />
            <TextInput
              type="date"
              label="Ends on"
              description="Leave empty for an open-ended term"
              {...form.getInputProps('endsOn')}
            />
          </Group>
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              Term length:
            </Text>
            {[1, 2, 3].map((y) => (
              <Button key={y} size="compact-xs" variant="light" onClick={() => setLength(y)}>
                {y} {y === 1 ? 'year' : 'years'}
              </Button>
            ))}
          </Group>
          <Textarea
            label="Notes"
            description="Shown on the public page, e.g. “President-elect”"
            maxLength={200}
            {...form.getInputProps('notes')}
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={isPending}>
              {entry ? 'Save term' : 'Add to roster'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function EndTermModal({
  committee,
  entry,
  onClose,
}: {
  committee: CommitteeDetail;
  entry: RosterEntry;
  onClose: () => void;
}) {
  const client = useTRPCClient();
  const invalidate = useInvalidateCommittee();
  const today = todayIso();
  const { form, formError, onSubmit, isPending } = useAppForm({
    initialValues: { endsOn: today > entry.startsOn ? today : addMonthsIso(entry.startsOn, 1) },
    submit: ({ endsOn }) =>
      client.committees.endTerm.mutate({ committeeId: committee.id, termId: entry.termId, endsOn }),
    onSuccess: async (_ended, { endsOn }) => {
      await invalidate();
      notifications.show({
        color: 'teal',
        title: 'Term ended',
        message: `${entry.name}'s term ends on ${formatCalendarDay(endsOn)}.`,
      });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`End ${entry.name}'s term early`}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <FormAlert message={formError} title="Could not end the term" />
          <Text size="sm">
            {roleLabel(entry.role)}, {termRange(entry.startsOn, entry.endsOn)}. The term ends at the start of
            the day you choose; choose today to end it now.
          </Text>
          <TextInput
            type="date"
            label="Last day is the day before"
            required
            {...form.getInputProps('endsOn')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-autofocus>
              Cancel
            </Button>
            <Button color="orange" type="submit" loading={isPending}>
              End term
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

type Dialog =
  | { kind: 'add' }
  | { kind: 'edit'; entry: RosterEntry }
  | { kind: 'end'; entry: RosterEntry }
  | { kind: 'remove'; entry: RosterEntry }
  | null;

export function RosterManager({ committee }: { committee: CommitteeDetail }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const invalidate = useInvalidateCommittee();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [exporting, setExporting] = useState(false);
  const [emails, setEmails] = useState<string | null>(null);
  const roster = useQuery(trpc.committees.roster.queryOptions({ committeeId: committee.id }));
  const remove = useMutation(
    trpc.committees.removeTerm.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        setDialog(null);
        notifications.show({
          color: 'teal',
          title: 'Entry removed',
          message: 'The entry is gone from the roster; the history keeps a record.',
        });
      },
      onError: (error) =>
        notifications.show({
          color: 'red',
          title: 'Could not remove the entry',
          message: formatErrorMessage(error),
        }),
    }),
  );

  if (roster.isPending) return <Skeleton height={200} aria-label="Loading the roster" />;
  if (roster.isError)
    return (
      <QueryError
        error={roster.error}
        title="We could not load the roster"
        onRetry={() => void roster.refetch()}
      />
    );

  const active = roster.data.filter((e) => e.status !== 'past');
  const lapsed = active.filter((e) => e.membership !== 'active');
  const readOnly = committee.archived;

  const exportCsv = async () => {
    setExporting(true);
    try {
      const file = await client.committees.exportCsv.query({ committeeId: committee.id });
      download(file.filename, file.csv);
    } catch (error) {
      notifications.show({
        color: 'red',
        title: 'Could not export the roster',
        message: formatErrorMessage(error),
      });
    } finally {
      setExporting(false);
    }
  };
  const copyEmails = async () => {
    const list = [...new Set(active.map((e) => e.email))].join(', ');
    try {
      await navigator.clipboard.writeText(list);
      notifications.show({
        color: 'teal',
        title: 'Emails copied',
        message: `${active.length} current and upcoming members.`,
      });
    } catch {
      setEmails(list); // No clipboard access (e.g. plain http): show them to copy by hand.
    }
  };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Everything you change here is recorded in the history tab.
        </Text>
        <Group gap="xs">
          <Button
            variant="default"
            leftSection={<IconCopy size={16} aria-hidden />}
            onClick={() => void copyEmails()}
            disabled={active.length === 0}
          >
            Copy all emails
          </Button>
          <Button
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}
            onClick={() => void exportCsv()}
            loading={exporting}
          >
            Export CSV
          </Button>
          <Button
            leftSection={<IconUserPlus size={16} aria-hidden />}
            onClick={() => setDialog({ kind: 'add' })}
            disabled={readOnly}
          >
            Add member
          </Button>
        </Group>
      </Group>
      {readOnly && <Alert color="gray">This committee is archived; its roster is read-only.</Alert>}
      {lapsed.length > 0 && (
        <Alert color="orange" icon={<IconAlertTriangle aria-hidden />} title="Membership check">
          {lapsed.map((e) => e.name).join(', ')} {lapsed.length === 1 ? 'does' : 'do'} not have an active
          membership.
        </Alert>
      )}
      {roster.data.length === 0 ? (
        <Text c="dimmed">The roster is empty. Add the first member.</Text>
      ) : (
        <Table.ScrollContainer minWidth={860}>
          <Table verticalSpacing="xs" striped aria-label="Roster">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Role</Table.Th>
                <Table.Th scope="col">Term</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Membership</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {roster.data.map((e) => (
                <Table.Tr key={e.termId}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {e.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {e.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {roleLabel(e.role)}
                    {e.notes && (
                      <Text size="xs" c="dimmed">
                        {e.notes}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{termRange(e.startsOn, e.endsOn)}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_BADGE[e.status].color} variant="light">
                      {STATUS_BADGE[e.status].label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <MembershipBadge membership={e.membership} />
                  </Table.Td>
                  <Table.Td>
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`Actions for ${e.name}`}
                          disabled={readOnly}
                        >
                          <IconDots size={18} aria-hidden />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item
                          leftSection={<IconPencil size={16} aria-hidden />}
                          onClick={() => setDialog({ kind: 'edit', entry: e })}
                        >
                          Edit term
                        </Menu.Item>
                        {e.status !== 'past' && (
                          <Menu.Item
                            leftSection={<IconPlayerStop size={16} aria-hidden />}
                            onClick={() => setDialog({ kind: 'end', entry: e })}
                          >
                            End term early
                          </Menu.Item>
                        )}
                        <Menu.Divider />
                        <Menu.Item
                          color="red"
                          leftSection={<IconTrash size={16} aria-hidden />}
                          onClick={() => setDialog({ kind: 'remove', entry: e })}
                        >
                          Remove entry made in error
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {(dialog?.kind === 'add' || dialog?.kind === 'edit') && (
        <TermModal
          committee={committee}
          entry={dialog.kind === 'edit' ? dialog.entry : null}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'end' && (
        <EndTermModal committee={committee} entry={dialog.entry} onClose={() => setDialog(null)} />
      )}
      <ConfirmDialog
        opened={dialog?.kind === 'remove'}
        title="Remove this entry?"
        confirmLabel="Remove entry"
        loading={remove.isPending}
        onCancel={() => setDialog(null)}
        onConfirm={() =>
          dialog?.kind === 'remove' &&
          remove.mutate({ committeeId: committee.id, termId: dialog.entry.termId })
        }
      >
        {dialog?.kind === 'remove'
          ? `Remove ${dialog.entry.name} (${roleLabel(dialog.entry.role)}, ${termRange(dialog.entry.startsOn, dialog.entry.endsOn)}) from the roster? Use this only for an entry made in error; to record that someone stopped serving, end their term instead.`
          : ''}
      </ConfirmDialog>
      <Modal opened={emails !== null} onClose={() => setEmails(null)} title="Member emails">
        <Textarea
          label="Select and copy"
          value={emails ?? ''}
          readOnly
          autosize
          minRows={3}
          onFocus={(e) => e.currentTarget.select()}
        />
      </Modal>
    </Stack>
  );
}
