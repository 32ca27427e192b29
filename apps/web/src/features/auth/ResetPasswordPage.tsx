import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Button, Stack, Text, ThemeIcon } from '@mantine/core';
import { resetPasswordInput } from '@societas/contracts';
import { IconCircleCheck, IconLinkOff } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { FormFrame } from '../../components/FormFrame';
import { PageLoader } from '../../components/QueryState';
import { getAppErrorData } from '../../lib/errors';
import { useAppForm } from '../../lib/form';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import { AuthCard } from './AuthCard';
import { NewPasswordInputs } from './fields';

const FIELDS = ['password', 'confirmPassword'] as const;

function BadLink({ title, message }: { title: string; message: string }) {
  return (
    <AuthCard title={title}>
      <Alert color="red" variant="light" icon={<IconLinkOff aria-hidden />} role="alert">
        {message}
      </Alert>
      <Button component={Link} to="/forgot-password">
        <Trans>Request a new link</Trans>
      </Button>
    </AuthCard>
  );
}

/** A refusal of the token itself (no field named): the link is spent, not the password wrong. */
function isSpentLink(error: unknown): boolean {
  const data = getAppErrorData(error);
  return data?.appCode === 'BAD_INPUT' && Object.keys(data.fieldErrors ?? {}).length === 0;
}

export function ResetPasswordPage() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const linkError = params.get('error');
  const [spent, setSpent] = useState(false);
  const { t } = useLingui();
  // Asked first, so a used or garbage link says so before a new password is typed twice.
  const status = useQuery({
    ...trpc.auth.resetTokenStatus.queryOptions({ token }),
    enabled: token !== '' && !linkError,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
  const appForm = useAppForm({
    mode: 'uncontrolled',
    // The token travels with the form values so the shared schema validates the whole input.
    initialValues: { token, password: '', confirmPassword: '' },
    schema: resetPasswordInput,
    fields: FIELDS,
    submit: (input) => client.auth.resetPassword.mutate({ ...input, token }),
    onError: (error) => {
      // The link expired while the form was open: the same state as opening a spent link.
      if (!isSpentLink(error)) return false;
      setSpent(true);
      return true;
    },
  });

  if (!token || linkError) {
    return (
      <BadLink
        title={t`This reset link does not work`}
        message={
          linkError
            ? t`The link is invalid or has expired. Reset links work once and only for a short time.`
            : t`The link is missing its token. Open the link from the email again, or request a new one.`
        }
      />
    );
  }

  if (appForm.mutation.isSuccess) {
    return (
      <AuthCard title={t`Password changed`}>
        <Stack gap="md" align="flex-start" role="status">
          <ThemeIcon size={48} radius="xl" variant="light" color="teal" aria-hidden>
            <IconCircleCheck />
          </ThemeIcon>
          <Text>
            <Trans>
              Your new password is set. For your security, any other signed-in sessions have ended.
            </Trans>
          </Text>
        </Stack>
        <Button component={Link} to="/sign-in">
          <Trans>Sign in</Trans>
        </Button>
      </AuthCard>
    );
  }

  if (status.isPending) return <PageLoader label={t`Checking your reset link`} />;
  // If the check itself fails (offline, rate limit), the form stays: the reset gives the answer.
  // A token the check refuses as input (too long to be one of ours) is a broken link, not a failure.
  const malformed = getAppErrorData(status.error)?.appCode === 'BAD_INPUT';
  if (spent || malformed || status.data?.usable === false) {
    return (
      <BadLink
        title={t`This link has expired or was already used`}
        message={t`Reset links work once and only for a short time. Ask for a new one and use the newest email.`}
      />
    );
  }

  return (
    <AuthCard title={t`Choose a new password`} description={t`Pick a password you do not use anywhere else.`}>
      <FormFrame
        form={appForm}
        errorTitle={t`Could not change the password`}
        submitLabel={t`Set new password`}
        fullWidth
      >
        <NewPasswordInputs form={appForm.form} field="password" />
      </FormFrame>
    </AuthCard>
  );
}
