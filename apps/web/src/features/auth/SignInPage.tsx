import { Alert, Anchor, Button, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { signInInput } from '@societas/contracts';
import { IconMailExclamation } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { FormAlert, PageLoader } from '../../components/QueryState';
import { applyServerErrors, formatErrorMessage, hasAppCode, safeNextPath } from '../../lib/errors';
import { useSession } from '../../lib/session';
import { useTRPC } from '../../lib/trpc';
import { AuthCard } from './AuthCard';
import { DevMailboxHint } from './DevMailboxHint';

const FIELDS = ['email', 'password'] as const;

export function SignInPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const session = useSession();
  const [formError, setFormError] = useState<string | null>(null);
  const [unverified, setUnverified] = useState<string | null>(null);

  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '', password: '' },
    validate: zod4Resolver(signInInput),
  });

  const signIn = useMutation(trpc.auth.signIn.mutationOptions());

  if (session.isPending) return <PageLoader label="Checking your session" />;
  if (session.user && !signIn.isSuccess) return <Navigate to={next} replace />;

  const handleSubmit = form.onSubmit(async (values) => {
    setFormError(null);
    setUnverified(null);
    try {
      await signIn.mutateAsync(values);
      await queryClient.invalidateQueries({ queryKey: trpc.auth.session.queryKey() });
      await navigate(next, { replace: true });
    } catch (error) {
      if (hasAppCode(error, 'FORBIDDEN')) {
        setUnverified(formatErrorMessage(error));
        return;
      }
      setFormError(applyServerErrors(form, error, FIELDS));
      if (hasAppCode(error, 'UNAUTHENTICATED')) form.setFieldValue('password', '');
    }
  });

  return (
    <AuthCard
      title="Sign in"
      description="Welcome back. Sign in to manage your membership and profile."
      footer={
        <>
          New here?{' '}
          <Anchor
            component={Link}
            to={params.get('next') ? `/sign-up?next=${encodeURIComponent(next)}` : '/sign-up'}
          >
            Create an account
          </Anchor>
        </>
      }
    >
      {unverified && (
        <Stack gap="sm">
          <Alert
            color="orange"
            variant="light"
            title="Verify your email first"
            icon={<IconMailExclamation aria-hidden />}
            role="alert"
          >
            {unverified}
          </Alert>
          <DevMailboxHint />
        </Stack>
      )}
      <FormAlert message={formError} title="Could not sign you in" />
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
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            key={form.key('password')}
            {...form.getInputProps('password')}
          />
          <Group justify="space-between" align="center">
            <Anchor component={Link} to="/forgot-password" size="sm">
              Forgot your password?
            </Anchor>
            <Button type="submit" loading={signIn.isPending}>
              Sign in
            </Button>
          </Group>
        </Stack>
      </form>
    </AuthCard>
  );
}
