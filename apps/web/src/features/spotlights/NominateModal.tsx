import { Select, Textarea } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ModalForm } from '../../components/FormFrame';
import { useAppForm } from '../../lib/form';
import { useTRPC, useTRPCClient } from '../../lib/trpc';

export function NominateModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const client = useTRPCClient();
  const appForm = useAppForm({
    initialValues: { memberUserId: null as string | null, reason: '' },
    validate: {
      memberUserId: (v) => (v ? null : 'Choose a member'),
      reason: (v) => (v.trim().length >= 20 ? null : 'Tell us a little more (at least 20 characters)'),
    },
    submit: (values) =>
      client.spotlights.nominate.mutate({ memberUserId: values.memberUserId!, reason: values.reason }),
    onSuccess: () => {
      notifications.show({
        color: 'teal',
        title: 'Thank you',
        message: 'Your nomination reached the editors.',
      });
      appForm.form.reset();
      onClose();
    },
  });
  const { form } = appForm;
  const nominees = useQuery({
    ...trpc.spotlights.nominees.queryOptions({ q: debounced }),
    enabled: debounced.length >= 2,
  });
  return (
    <ModalForm
      opened={opened}
      onClose={onClose}
      title="Nominate a member for a spotlight"
      size="lg"
      form={appForm}
      errorTitle="Could not send the nomination"
      submitLabel="Send nomination"
    >
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
    </ModalForm>
  );
}
