import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Anchor, Group, PasswordInput, Stack } from '@mantine/core';
import { signInInput } from '@societas/contracts';
import { IconMailExclamation } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { FormFrame } from '../../components/FormFrame';
import { PageLoader } from '../../components/QueryState';
import { formatErrorMessage, hasAppCode, safeNextPath } from '../../lib/errors';
import { useAppForm } from '../../lib/form';
import { useSession } from '../../lib/session';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import { AuthCard } from './AuthCard';
import { DevMailboxHint } from './DevMailboxHint';
import { EmailInput } from './fields';

export function SignInPage() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const session = useSession();
  const [unverified, setUnverified] = useState<string | null>(null);
  const { t } = useLingui();
  const appForm = useAppForm({
    mode: 'uncontrolled',
    initialValues: { email: '', password: '' },
    schema: signInInput,
    submit: (input) => {
      setUnverified(null);
      return client.auth.signIn.mutate(input);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: trpc.auth.session.queryKey() });
      await navigate(next, { replace: true });
    },
    onError: (error) => {
      // An unverified address is not a mistake in the form: say what to do instead.
      if (hasAppCode(error, 'FORBIDDEN')) {
        setUnverified(formatErrorMessage(error));
        return true;
      }
      if (hasAppCode(error, 'UNAUTHENTICATED')) appForm.form.setFieldValue('password', '');
      return false;
    },
  });
  const { form } = appForm;

  if (session.isPending) return <PageLoader label={t`Checking your session`} />;
  if (session.user && !appForm.mutation.isSuccess) return <Navigate to={next} replace />;

  return (
    <AuthCard
      title={t`Sign in`}
      description={t`Welcome back. Sign in to manage your membership and profile.`}
      footer={
        <Trans>
          New here?{' '}
          <Anchor
            component={Link}
            to={params.get('next') ? `/sign-up?next=${encodeURIComponent(next)}` : '/sign-up'}
          >
            Create an account
          </Anchor>
        </Trans>
      }
    >
      {unverified && (
        <Stack gap="sm">
          <Alert
            color="orange"
            variant="light"
            title={t`Verify your email first`}
            icon={<IconMailExclamation aria-hidden />}
            role="alert"
          >
            {unverified}
          </Alert>
          <DevMailboxHint />
        </Stack>
      )}
      <FormFrame
        form={appForm}
        errorTitle={t`Could not sign you in`}
        submitLabel={t`Sign in`}
        actions={(submit) => (
          <Group justify="space-between" align="center">
            <Anchor component={Link} to="/forgot-password" size="sm">
              <Trans>Forgot your password?</Trans>
            </Anchor>
            {submit}
          </Group>
        )}
      >
        <EmailInput form={form} />
        <PasswordInput
          label={t`Password`}
          autoComplete="current-password"
          required
          key={form.key('password')}
          {...form.getInputProps('password')}
        />
      </FormFrame>
    </AuthCard>
  );
}
