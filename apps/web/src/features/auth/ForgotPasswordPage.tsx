import { Trans, useLingui } from '@lingui/react/macro';
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
  const { t } = useLingui();
  const appForm = useAppForm({
    mode: 'uncontrolled',
    initialValues: { email: '' },
    schema: requestPasswordResetInput,
    submit: (input) => client.auth.requestPasswordReset.mutate(input),
    onSuccess: (_, values) => setSentTo(values.email.trim().toLowerCase()),
  });

  if (sentTo) {
    return (
      <AuthCard title={t`Check your email`}>
        <Stack gap="md" align="flex-start" role="status">
          <ThemeIcon size={48} radius="xl" variant="light" color="teal" aria-hidden>
            <IconMailForward />
          </ThemeIcon>
          <Text>
            <Trans>
              If an account exists for <strong>{sentTo}</strong>, we have sent it a link to choose a new
              password. The link works once and expires after a short time.
            </Trans>
          </Text>
        </Stack>
        <DevMailboxHint />
        <Button component={Link} to="/sign-in" variant="default">
          <Trans>Back to sign in</Trans>
        </Button>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title={t`Reset your password`}
      description={t`Enter the email address of your account and we will send you a link to choose a new password.`}
      footer={
        <Trans>
          Remembered it?{' '}
          <Anchor component={Link} to="/sign-in">
            Sign in
          </Anchor>
        </Trans>
      }
    >
      <FormFrame
        form={appForm}
        errorTitle={t`Could not send the link`}
        submitLabel={t`Send reset link`}
        fullWidth
      >
        <EmailInput form={appForm.form} />
      </FormFrame>
    </AuthCard>
  );
}
