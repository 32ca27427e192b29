import { Anchor, Button, Stack, Text, TextInput, ThemeIcon } from '@mantine/core';
import { useForm } from '@mantine/form';
import { requestPasswordResetInput } from '@societas/contracts';
import { IconMailForward } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useState } from 'react';
import { Link } from 'react-router';
import { FormAlert } from '../../components/QueryState';
import { applyServerErrors } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { AuthCard } from './AuthCard';
import { DevMailboxHint } from './DevMailboxHint';

const FIELDS = ['email'] as const;

export function ForgotPasswordPage() {
  const trpc = useTRPC();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '' },
    validate: zod4Resolver(requestPasswordResetInput),
  });
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());

  if (sentTo) {
    return (
      <AuthCard title="Check your email">
        <Stack gap="md" align="flex-start" role="status">
          <ThemeIcon size={48} radius="xl" variant="light" color="teal" aria-hidden>
            <IconMailForward />
          </ThemeIcon>
          <Text>
            If an account exists for <strong>{sentTo}</strong>, we have sent it a link to choose a new
            password. The link works once and expires after a short time.
          </Text>
        </Stack>
        <DevMailboxHint />
        <Button component={Link} to="/sign-in" variant="default">
          Back to sign in
        </Button>
      </AuthCard>
    );
  }

  const handleSubmit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      await request.mutateAsync(values);
      setSentTo(values.email.trim().toLowerCase());
    } catch (error) {
      setFormError(applyServerErrors(form, error, FIELDS));
    }
  });

  return (
    <AuthCard
      title="Reset your password"
      description="Enter the email address of your account and we will send you a link to choose a new password."
      footer={
        <>
          Remembered it?{' '}
          <Anchor component={Link} to="/sign-in">
            Sign in
          </Anchor>
        </>
      }
    >
      <FormAlert message={formError} title="Could not send the link" />
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="md">
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            required
            key={form.key('email')}
            {...form.getInputProps('email')}
          />
          <Button type="submit" loading={request.isPending} fullWidth>
            Send reset link
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
