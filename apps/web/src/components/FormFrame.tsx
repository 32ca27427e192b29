import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import type { AppFormState } from '../lib/form';
import { FormAlert } from './QueryState';

interface FrameProps {
  /** The form from useAppForm. */
  form: AppFormState;
  /** The alert's title when the form cannot be sent (default: FormAlert's "Please check the form"). */
  errorTitle?: string;
  submitLabel: ReactNode;
  submitColor?: string;
  submitVariant?: string;
  children: ReactNode;
}

function SubmitButton({
  form,
  submitLabel,
  submitColor,
  submitVariant,
  fullWidth,
}: Omit<FrameProps, 'children'> & { fullWidth?: boolean }) {
  return (
    <Button
      type="submit"
      color={submitColor}
      variant={submitVariant}
      loading={form.isPending}
      fullWidth={fullWidth}
    >
      {submitLabel}
    </Button>
  );
}

/**
 * The body every page form shares: the form-level alert, the fields, and the submit button
 * (full width unless `actions` puts it in a row of its own, e.g. beside a link).
 */
export function FormFrame({
  children,
  actions,
  fullWidth = false,
  gap = 'md',
  ...frame
}: FrameProps & {
  /** Wraps the submit button, e.g. `(submit) => <Group>{link}{submit}</Group>`. */
  actions?: (submit: ReactNode) => ReactNode;
  fullWidth?: boolean;
  gap?: 'sm' | 'md';
}) {
  const submit = <SubmitButton {...frame} fullWidth={fullWidth} />;
  return (
    <form onSubmit={frame.form.onSubmit} noValidate>
      <Stack gap={gap}>
        <FormAlert message={frame.form.formError} title={frame.errorTitle} />
        {children}
        {actions ? actions(submit) : fullWidth ? submit : <Group>{submit}</Group>}
      </Stack>
    </form>
  );
}

/**
 * A form in a dialog: the alert, the fields, then Cancel and the submit button. Focus starts on
 * the first field (or the one marked `data-autofocus`). Closing drops the form's errors, so it
 * reopens without stale ones (what was typed stays until the form resets it).
 */
export function ModalForm({
  opened,
  onClose,
  title,
  children,
  footer,
  size,
  ...frame
}: FrameProps & {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** Below the buttons, e.g. a link to where the saved thing is managed. */
  footer?: ReactNode;
  size?: string;
}) {
  const close = () => {
    frame.form.clearErrors();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={title} size={size} centered>
      <form onSubmit={frame.form.onSubmit} noValidate>
        <Stack gap="sm">
          <FormAlert message={frame.form.formError} title={frame.errorTitle} />
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} disabled={frame.form.isPending}>
              Cancel
            </Button>
            <SubmitButton {...frame} />
          </Group>
          {footer}
        </Stack>
      </form>
    </Modal>
  );
}
