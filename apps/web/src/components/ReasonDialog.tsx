import { Text, Textarea } from '@mantine/core';
import type { ReactNode } from 'react';
import { useAppForm } from '../lib/form';
import type { Schema } from '../lib/formRules';
import { ModalForm } from './FormFrame';

interface ReasonDialogProps<Input, Output> {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** What the action does, above the field. */
  intro?: ReactNode;
  label: string;
  description?: string;
  /** False where the reason may be left empty (the schema decides either way). */
  required?: boolean;
  maxLength?: number;
  /** The procedure's shared schema; the reason's errors show at the field, the rest in the alert. */
  schema: Schema;
  /** The procedure's input with the typed reason (add the record's id, trim an optional reason). */
  toInput: (reason: string) => Input;
  submit: (input: Input) => Promise<Output>;
  /** After the reason was sent (close the dialog, notify, refresh). */
  onSent: (output: Output) => unknown;
  errorTitle: string;
  submitLabel: string;
  submitColor?: string;
}

/**
 * A dialog that asks why before it acts (reject, take down, dismiss reports, report a listing): what
 * happens, the reason, Cancel and the action. Focus starts in the reason. A sent reason is
 * cleared; Cancel keeps what was typed but drops its errors, so the dialog reopens without them.
 */
export function ReasonDialog<Input, Output>({
  opened,
  onClose,
  title,
  intro,
  label,
  description,
  required = true,
  maxLength = 2000,
  schema,
  toInput,
  submit,
  onSent,
  errorTitle,
  submitLabel,
  submitColor = 'red',
}: ReasonDialogProps<Input, Output>) {
  const appForm = useAppForm<{ reason: string }, Output, Input>({
    initialValues: { reason: '' },
    schema,
    toInput: (values) => toInput(values.reason),
    submit,
    onSuccess: async (output) => {
      appForm.form.reset();
      await onSent(output);
    },
  });
  return (
    <ModalForm
      opened={opened}
      onClose={onClose}
      title={title}
      form={appForm}
      errorTitle={errorTitle}
      submitLabel={submitLabel}
      submitColor={submitColor}
    >
      {typeof intro === 'string' ? <Text size="sm">{intro}</Text> : intro}
      <Textarea
        label={label}
        description={description}
        autosize
        minRows={3}
        required={required}
        maxLength={maxLength}
        data-autofocus
        {...appForm.form.getInputProps('reason')}
      />
    </ModalForm>
  );
}
