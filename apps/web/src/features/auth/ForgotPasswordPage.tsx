import { Anchor, Button, Stack, Text, ThemeIcon } from '@mantine/core';
import { requestPasswordResetInput } from '@societas/contracts';
import { IconMailForward } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { FormFrame } from '../../components/FormFrame';
import { useAppForm } from '../../lib/form';
import { useTRPCClient } from '../../lib/trpc';
import { AuthCard } from './AuthCard';
import { DevMailboxHint } from './DevMailboxHint';
import { EmailInput } from './fields';

export function ForgotPasswordPage() {
  const client = useTRPCClient();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const appForm = useAppForm({
    mode: 'uncontrolled',
    initialValues: { email: '' },
    schema: requestPasswordResetInput,
    submit: (input) => client.auth.requestPasswordReset.mutate(input),
    onSuccess: (_, values) => setSentTo(values.email.trim().toLowerCase()),
  });

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
      <FormFrame form={appForm} errorTitle="Could not send the link" submitLabel="Send reset link" fullWidth>
        <EmailInput form={appForm.form} />
      </FormFrame>
    </AuthCard>
  );
}
