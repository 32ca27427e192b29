import { Checkbox, Group, NumberInput, Select, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type PlanWithPrices, type UpsertPlanInput, upsertPlanInput } from '@societas/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { ModalForm } from '../../../components/FormFrame';
import { useAppForm } from '../../../lib/form';
import { useTRPC, useTRPCClient } from '../../../lib/trpc';

// Career stages as stored (text); the save validates them against the profile's list.
export type PlanFormValues = Required<Omit<UpsertPlanInput, 'id' | 'careerStages'>> & {
  id?: string;
  careerStages: string[];
};

export function emptyPlan(sortOrder: number): PlanFormValues {
  return {
    code: '',
    name: '',
    description: '',
    requiresProof: false,
    isTrainee: false,
    nextPlanCode: null,
    isLifetime: false,
    sortOrder,
    active: true,
    minMembershipYears: 0,
    careerStages: [],
  };
}

/** Create a plan, or edit one (`initial.id` set). */
export function PlanDialog({
  initial,
  plans,
  onClose,
}: {
  initial: PlanFormValues;
  plans: PlanWithPrices[];
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const appForm = useAppForm({
    initialValues: initial,
    schema: upsertPlanInput,
    submit: (values) => client.membershipAdmin.savePlan.mutate(upsertPlanInput.parse(values)),
    onSuccess: async (_saved, values) => {
      await queryClient.invalidateQueries({ queryKey: trpc.membershipAdmin.plans.queryKey() });
      await queryClient.invalidateQueries({ queryKey: trpc.membership.plans.queryKey() });
      notifications.show({ color: 'teal', title: 'Plan saved', message: values.name.trim() });
      onClose();
    },
  });
  const { form } = appForm;
  const { values } = form;

  return (
    <ModalForm
      opened
      onClose={onClose}
      title={values.id ? `Edit plan: ${initial.name}` : 'New plan'}
      size="lg"
      form={appForm}
      errorTitle="Could not save the plan"
      submitLabel="Save plan"
    >
      <Group grow align="flex-start">
        <TextInput label="Name" required {...form.getInputProps('name')} />
        <TextInput
          label="Code"
          description="Lowercase, used in links and reports"
          required
          {...form.getInputProps('code')}
        />
      </Group>
      <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
      <Group grow align="flex-start">
        <Select
          label="Next plan"
          description="Offered on renewal once a trainee's training has ended"
          clearable
          data={plans.filter((p) => p.code !== values.code).map((p) => ({ value: p.code, label: p.name }))}
          {...form.getInputProps('nextPlanCode')}
        />
        <NumberInput
          label="Order on the page"
          min={0}
          max={10000}
          {...form.getInputProps('sortOrder')}
          onChange={(v) => form.setFieldValue('sortOrder', typeof v === 'number' ? v : 0)}
        />
      </Group>
      <NumberInput
        label="Years of membership required"
        description="Checked at checkout (Emeritus: 10). 0: anyone may choose this plan."
        min={0}
        max={100}
        maw={260}
        {...form.getInputProps('minMembershipYears')}
        onChange={(v) => form.setFieldValue('minMembershipYears', typeof v === 'number' ? v : 0)}
      />
      <Checkbox
        label="Requires proof of eligibility (an admin reviews it)"
        {...form.getInputProps('requiresProof', { type: 'checkbox' })}
      />
      <Checkbox
        label="Trainee plan (ends with the training; renewal then offers the next plan)"
        {...form.getInputProps('isTrainee', { type: 'checkbox' })}
      />
      <Checkbox
        label="Lifetime (paid once, no term)"
        disabled={Boolean(values.id)}
        description={values.id ? 'Fixed once a plan exists: its prices depend on it.' : undefined}
        {...form.getInputProps('isLifetime', { type: 'checkbox' })}
      />
      <Checkbox
        label="Offered (inactive plans are hidden from members; existing members keep them)"
        {...form.getInputProps('active', { type: 'checkbox' })}
      />
    </ModalForm>
  );
}
