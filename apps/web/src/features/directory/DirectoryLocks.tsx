import { Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  DIRECTORY_FIELDS,
  type DirectoryField,
  VISIBILITIES,
  VISIBILITY_LABELS,
  type Visibility,
} from '@societas/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatErrorMessage } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { DIRECTORY_FIELD_LABELS } from '../account/ProfileForm';

const OPTIONS = [
  { value: '', label: "Member's choice" },
  ...VISIBILITIES.map((v) => ({ value: v, label: `Locked: ${VISIBILITY_LABELS[v]}` })),
];

/** Admin: fix a field's visibility for every member. */
export function DirectoryLocks() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const locks = useQuery(trpc.directory.locks.queryOptions());
  const setLock = useMutation(
    trpc.directory.setLock.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.directory.pathKey() });
        notifications.show({ color: 'teal', title: 'Saved', message: 'Directory field rules updated.' });
      },
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Could not save', message: formatErrorMessage(error) }),
    }),
  );
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="locks-heading">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="locks-heading">
            Field rules (administrators)
          </Title>
          <Text size="sm" c="dimmed">
            Lock a field to show or hide it for every member, whatever they chose.
          </Text>
        </div>
        <Group gap="md" align="flex-end">
          {DIRECTORY_FIELDS.map((field: DirectoryField) => (
            <Select
              key={field}
              label={DIRECTORY_FIELD_LABELS[field]}
              data={OPTIONS}
              w={200}
              allowDeselect={false}
              disabled={locks.isPending || setLock.isPending}
              value={locks.data?.find((l) => l.field === field)?.visibility ?? ''}
              onChange={(v) => setLock.mutate({ field, visibility: (v || null) as Visibility | null })}
            />
          ))}
        </Group>
      </Stack>
    </Card>
  );
}
