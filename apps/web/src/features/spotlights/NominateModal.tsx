import { Button, Group, Modal, Select, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FormAlert } from '../../components/QueryState';
import { applyServerErrors } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';

export function NominateModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<{ memberUserId: string | null; reason: string }>({
    initialValues: { memberUserId: null, reason: '' },
    validate: {
      memberUserId: (v) => (v ? null : 'Choose a member'),
      reason: (v) => (v.trim().length >= 20 ? null : 'Tell us a little more (at least 20 characters)'),
    },
  });
  const nominees = useQuery({
    ...trpc.spotlights.nominees.queryOptions({ q: debounced }),
    enabled: debounced.length >= 2,
  });
  const nominate = useMutation(trpc.spotlights.nominate.mutationOptions());
  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      await nominate.mutateAsync({ memberUserId: values.memberUserId!, reason: values.reason });
      notifications.show({
        color: 'teal',
        title: 'Thank you',
        message: 'Your nomination reached the editors.',
      });
      form.reset();
      onClose();
    } catch (error) {
      setFormError(applyServerErrors(form, error, ['memberUserId', 'reason']));
    }
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Nominate a member for a spotlight" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <FormAlert message={formError} title="Could not send the nomination" />
          <Select
            label="Member"
            description="Type at least 2 letters of their name"
            searchable
            clearable
            required
            data={(nominees.data ?? []).map((n) => ({ value: n.userId, label: n.name }))}
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options }) => options}
            nothingFoundMessage={
              debounced.length < 2 ? 'Keep typing…' : nominees.isFetching ? 'Searching…' : 'No member matches'
            }
            {...form.getInputProps('memberUserId')}
          />
          <Textarea
            label="Why should we feature them?"
            required
            autosize
            minRows={4}
            maxLength={2000}
            {...form.getInputProps('reason')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={nominate.isPending}>
              Send nomination
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
