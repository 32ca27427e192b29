import { Trans, useLingui } from '@lingui/react/macro';
import { Anchor, Button, PasswordInput, Stack, Text, TextInput, ThemeIcon } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { PASSWORD_MIN, signUpInput } from '@societas/contracts';
import { IconMailCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { FormFrame } from '../../components/FormFrame';
import { formatErrorMessage, safeNextPath } from '../../lib/errors';
import { useAppForm } from '../../lib/form';
import { useSession } from '../../lib/session';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import { AuthCard } from './AuthCard';
import { DevMailboxHint } from './DevMailboxHint';
import { EmailInput } from './fields';

function CheckYourEmail({ email, signIn }: { email: string; signIn: string }) {
  const trpc = useTRPC();
  const { t } = useLingui();
  const resend = useMutation(
    trpc.auth.resendVerification.mutationOptions({
      onSuccess: () =>
        notifications.show({
          color: 'teal',
          title: t`Link sent again`,
          message: t`If ${email} needs verifying, a new link is on its way.`,
        }),
      onError: (error) =>
        notifications.show({ color: 'red', title: t`Could not resend`, message: formatErrorMessage(error) }),
    }),
  );
  return (
    <AuthCard title={t`Check your email`}>
      <Stack gap="md" align="flex-start" role="status">
        <ThemeIcon size={48} radius="xl" variant="light" color="teal" aria-hidden>
          <IconMailCheck />
        </ThemeIcon>
        <Text>
          <Trans>
            We sent a verification link to <strong>{email}</strong>. Click it to activate your account, then
            sign in.
          </Trans>
        </Text>
        <Text size="sm" c="dimmed">
          <Trans>
            If you already had an account with this address, the email tells you how to sign in instead.
            Nothing arrived after a few minutes? Check your spam folder or send the link again.
          </Trans>
        </Text>
      </Stack>
      <DevMailboxHint />
      <Stack gap="xs">
        <Button variant="default" loading={resend.isPending} onClick={() => resend.mutate({ email })}>
          <Trans>Send the link again</Trans>
        </Button>
        <Button component={Link} to={signIn}>
          <Trans>Go to sign in</Trans>
        </Button>
      </Stack>
    </AuthCard>
  );
}

export function SignUpPage() {
  const client = useTRPCClient();
  // The page the person came from ("Sign in to save this search"): kept through sign-up, the
  // verification link and sign-in, back to that page.
  const [params] = useSearchParams();
  const next = params.get('next') ? safeNextPath(params.get('next')) : null;
  const signInPath = next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in';
  const session = useSession();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { t } = useLingui();
  const min = PASSWORD_MIN;
  const appForm = useAppForm({
    mode: 'uncontrolled',
    initialValues: { name: '', email: '', password: '' },
    schema: signUpInput,
    toInput: (values) => ({ ...values, next }),
    submit: (input) => client.auth.signUp.mutate(input),
    onSuccess: (_, values) => setSentTo(values.email.trim().toLowerCase()),
  });
  const { form } = appForm;

  if (session.user) return <Navigate to={next ?? '/account'} replace />;
  if (sentTo) return <CheckYourEmail email={sentTo} signIn={signInPath} />;

  return (
    <AuthCard
      title={t`Create an account`}
      description={t`An account lets you join the society, keep your profile up to date and appear in the member directory.`}
      footer={
        <Trans>
          Already have an account?{' '}
          <Anchor component={Link} to={signInPath}>
            Sign in
          </Anchor>
        </Trans>
      }
    >
      <FormFrame
        form={appForm}
        errorTitle={t`Could not create the account`}
        submitLabel={t`Create account`}
        fullWidth
      >
        <TextInput
          label={t`Full name`}
          description={t`As you would like it to appear to other members`}
          autoComplete="name"
          required
          key={form.key('name')}
          {...form.getInputProps('name')}
        />
        <EmailInput form={form} />
        <PasswordInput
          label={t`Password`}
          description={t`At least ${min} characters. A passphrase of a few words works well.`}
          autoComplete="new-password"
          required
          key={form.key('password')}
          {...form.getInputProps('password')}
        />
      </FormFrame>
    </AuthCard>
  );
}
