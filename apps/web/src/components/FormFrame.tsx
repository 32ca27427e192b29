import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import type { AppFormState } from '../lib/form';
import { FormAlert } from './QueryState';

interface FrameProps {
  /** The form from useAppForm. */
  form: AppFormState;
  /** The alert's title when the form cannot be sent. */
  errorTitle: string;
  submitLabel: ReactNode;
  submitColor?: string;
  children: ReactNode;
}

/**
 * The body every page form shares: the form-level alert, the fields, and the submit button
 * (full width unless `actions` puts it in a row of its own, e.g. beside a link).
 */
export function FormFrame({
  form,
  errorTitle,
  submitLabel,
  submitColor,
  children,
  actions,
  fullWidth = false,
  gap = 'md',
}: FrameProps & {
  /** Wraps the submit button, e.g. `(submit) => <Group>{link}{submit}</Group>`. */
  actions?: (submit: ReactNode) => ReactNode;
  fullWidth?: boolean;
  gap?: 'sm' | 'md';
}) {
  const submit = (
    <Button type="submit" color={submitColor} loading={form.isPending} fullWidth={fullWidth}>
      {submitLabel}
    </Button>
  );
  return (
    <form onSubmit={form.onSubmit} noValidate>
      <Stack gap={gap}>
        <FormAlert message={form.formError} title={errorTitle} />
        {children}
        {actions ? actions(submit) : fullWidth ? submit : <Group>{submit}</Group>}
      </Stack>
    </form>
  );
}

/**
 * A form in a dialog: the alert, the fields, then Cancel and the submit button. Focus starts on
 * the first field (or the one marked `data-autofocus`).
 */
export function ModalForm({
  opened,
  onClose,
  title,
  form,
  errorTitle,
  submitLabel,
  submitColor,
  children,
  footer,
  size,
}: FrameProps & {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** Below the buttons, e.g. a link to where the saved thing is managed. */
  footer?: ReactNode;
  size?: string;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} size={size} centered>
      <form onSubmit={form.onSubmit} noValidate>
        <Stack gap="sm">
          <FormAlert message={form.formError} title={errorTitle} />
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={form.isPending}>
              Cancel
            </Button>
            <Button type="submit" color={submitColor} loading={form.isPending}>
              {submitLabel}
            </Button>
          </Group>
          {footer}
        </Stack>
      </form>
    </Modal>
  );
}
