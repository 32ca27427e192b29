import { Button, Group, Modal, NumberInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  COMMITTEE_KIND_LABELS,
  COMMITTEE_KINDS,
  type CommitteeDetail,
  type CommitteeKind,
  committeeFieldsInput,
} from '@societas/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { FormAlert } from '../../components/QueryState';
import { useAppForm } from '../../lib/form';
import { useTRPC, useTRPCClient } from '../../lib/trpc';

type Values = {
  slug: string;
  name: string;
  kind: CommitteeKind;
  chargeMd: string;
  maxConsecutiveTerms: number | string;
  termLengthMonths: number | string;
  sortOrder: number;
};
const KIND_OPTIONS = COMMITTEE_KINDS.map((k) => ({ value: k, label: COMMITTEE_KIND_LABELS[k] }));

function slugify(name: string) {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/** Admin: create a committee, or edit one when `committee` is given. */
export function CommitteeFormModal({
  opened,
  onClose,
  committee,
}: {
  opened: boolean;
  onClose: () => void;
  committee?: CommitteeDetail;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { form, formError, onSubmit, isPending } = useAppForm({
    initialValues: {
      slug: committee?.slug ?? '',
      name: committee?.name ?? '',
      kind: committee?.kind ?? 'standing',
      chargeMd: committee?.chargeMd ?? '',
      maxConsecutiveTerms: committee?.maxConsecutiveTerms ?? '',
      termLengthMonths: committee?.termLengthMonths ?? '',
      sortOrder: committee?.sortOrder ?? 0,
    } as Values,
    schema: committeeFieldsInput,
    submit: (values) => {
      const input = {
        ...values,
        maxConsecutiveTerms: values.maxConsecutiveTerms === '' ? null : Number(values.maxConsecutiveTerms),
        termLengthMonths: values.termLengthMonths === '' ? null : Number(values.termLengthMonths),
      };
      return committee
        ? client.committees.update.mutate({ ...input, committeeId: committee.id })
        : client.committees.create.mutate(input);
    },
    onSuccess: async (saved, values) => {
      await queryClient.invalidateQueries({ queryKey: trpc.committees.pathKey() });
      notifications.show({
        color: 'teal',
        title: committee ? 'Committee saved' : 'Committee created',
        message: values.name,
      });
      onClose();
      if (!committee || saved.slug !== committee.slug) void navigate(`/committees/${saved.slug}`);
    },
  });

  return (
    <Modal opened={opened} onClose={onClose} title={committee ? 'Edit committee' : 'New committee'} size="lg">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <FormAlert message={formError} title="Could not save the committee" />
          <TextInput
            label="Name"
            required
            {...form.getInputProps('name')}
            onBlur={() => {
              if (!committee && !form.values.slug) form.setFieldValue('slug', slugify(form.values.name));
            }}
          />
          <TextInput
            label="Address"
            description="Part of the page's URL: /committees/<address>. Lowercase letters, digits and hyphens. If you change it, links to the old address still lead here."
            required
            {...form.getInputProps('slug')}
          />
          <Select label="Type" data={KIND_OPTIONS} allowDeselect={false} {...form.getInputProps('kind')} />
          <Textarea
            label="Charge"
            description="What the committee is for. Markdown: **bold**, lists, links."
            autosize
            minRows={4}
            maxRows={14}
            {...form.getInputProps('chargeMd')}
          />
          <Group grow align="flex-start">
            <NumberInput
              label="Term length (months)"
              description="Suggested length of a new term"
              min={1}
              max={120}
              allowDecimal={false}
              {...form.getInputProps('termLengthMonths')}
            />
            <NumberInput
              label="Consecutive term limit"
              description="Empty for no limit"
              min={1}
              max={10}
              allowDecimal={false}
              {...form.getInputProps('maxConsecutiveTerms')}
            />
          </Group>
          <NumberInput
            label="Sort order"
            description="Lower comes first within its type"
            min={0}
            max={10000}
            allowDecimal={false}
            {...form.getInputProps('sortOrder')}
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={isPending}>
              {committee ? 'Save committee' : 'Create committee'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
