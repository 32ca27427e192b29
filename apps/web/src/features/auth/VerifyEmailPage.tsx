import { t } from '@lingui/core/macro';
import { Trans } from '@lingui/react/macro';
import { Alert, Button, Stack, Text, ThemeIcon } from '@mantine/core';
import { resendVerificationInput } from '@societas/contracts';
import { IconCircleCheck, IconMailForward } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { FormFrame } from '../../components/FormFrame';
import { safeNextPath } from '../../lib/errors';
import { useAppForm } from '../../lib/form';
import { useSession } from '../../lib/session';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import { AuthCard } from './AuthCard';
import { DevMailboxHint } from './DevMailboxHint';
import { EmailInput } from './fields';

/** Words for the error codes the verification endpoint puts in `?error=`. */
export function verifyErrorMessage(code: string): string {
  switch (code.toLowerCase()) {
    case 'token_expired':
      return t`This verification link has expired.`;
    case 'invalid_token':
      return t`This verification link is not valid. It may have been used already or copied incompletely.`;
    case 'missing_token':
      return t`This verification link is incomplete. Open the link from the email again.`;
    case 'user_not_found':
      return t`We could not find the account for this link.`;
    default:
      return t`We could not verify your email with this link.`;
  }
}

function ResendForm() {
  const client = useTRPCClient();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const appForm = useAppForm({
    mode: 'uncontrolled',
    initialValues: { email: '' },
    schema: resendVerificationInput,
    submit: (input) => client.auth.resendVerification.mutate(input),
    onSuccess: (_, values) => setSentTo(values.email.trim().toLowerCase()),
  });

  if (sentTo) {
    return (
      <Stack gap="sm">
        <Alert color="teal" variant="light" icon={<IconMailForward aria-hidden />} role="status">
          <Trans>
            If <strong>{sentTo}</strong> belongs to an account that still needs verifying, a new link is on
            its way.
          </Trans>
        </Alert>
        <DevMailboxHint />
      </Stack>
    );
  }

  return (
    <FormFrame
      form={appForm}
      errorTitle={t`Could not send a new link`}
      submitLabel={t`Send a new link`}
      fullWidth
      gap="sm"
    >
      <EmailInput
        form={appForm.form}
        description={t`We will send a new verification link to this address.`}
      />
    </FormFrame>
  );
}

export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const error = params.get('error');
  // Where the person signed up from (carried through the link), else their account page.
  const next = safeNextPath(params.get('next'), '/account');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const session = useSession();

  // Verification may have signed the person in; make sure the header shows it.
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.auth.session.queryKey() });
  }, [queryClient, trpc]);

  if (error) {
    return (
      <AuthCard title={t`Email not verified`}>
        <Alert color="red" variant="light" role="alert" title={t`The link did not work`}>
          {verifyErrorMessage(error)}
        </Alert>
        <ResendForm />
        <Button component={Link} to="/sign-in" variant="default">
          <Trans>Go to sign in</Trans>
        </Button>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t`Email verified`}>
      <Stack gap="md" align="flex-start" role="status">
        <ThemeIcon size={48} radius="xl" variant="light" color="teal" aria-hidden>
          <IconCircleCheck />
        </ThemeIcon>
        <Text>
          <Trans>Thank you. Your email address is confirmed and your account is ready.</Trans>
        </Text>
      </Stack>
      {session.user ? (
        <Button component={Link} to={next}>
          {next === '/account' ? t`Complete your profile` : t`Continue where you were`}
        </Button>
      ) : (
        <Button component={Link} to={`/sign-in?next=${encodeURIComponent(next)}`}>
          <Trans>Sign in</Trans>
        </Button>
      )}
    </AuthCard>
  );
}
