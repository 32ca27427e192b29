import { Alert, Anchor, Button, PasswordInput, Stack, Text, ThemeIcon } from '@mantine/core';
import { useForm } from '@mantine/form';
import { PASSWORD_MIN, resetPasswordInput } from '@societas/contracts';
import { IconCircleCheck, IconLinkOff } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { applyServerErrors, hasAppCode } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { AuthCard } from './AuthCard';

const FIELDS = ['password', 'confirmPassword'] as const;

function BadLink({ message }: { message: string }) {
  return (
    <AuthCard title="This reset link does not work">
      <Alert color="red" variant="light" icon={<IconLinkOff aria-hidden />} role="alert">
        {message}
      </Alert>
      <Button component={Link} to="/forgot-password">
        Request a new link
      </Button>
    </AuthCard>
  );
}

export function ResetPasswordPage() {
  const trpc = useTRPC();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const linkError = params.get('error');
  const [formError, setFormError] = useState<{ message: string; badToken: boolean } | null>(null);

  const form = useForm({
    mode: 'uncontrolled',
    // The token travels with the form values so the shared schema validates the whole input.
    initialValues: { token, password: '', confirmPassword: '' },
    validate: zod4Resolver(resetPasswordInput),
  });
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());

  if (!token || linkError) {
    return (
      <BadLink
        message={
          linkError
            ? 'The link is invalid or has expired. Reset links work once and only for a short time.'
            : 'The link is missing its token. Open the link from the email again, or request a new one.'
        }
      />
    );
  }

  if (reset.isSuccess) {
    return (
      <AuthCard title="Password changed">
        <Stack gap="md" align="flex-start" role="status">
          <ThemeIcon size={48} radius="xl" variant="light" color="teal" aria-hidden>
            <IconCircleCheck />
          </ThemeIcon>
          <Text>Your new password is set. For your security, any other signed-in sessions have ended.</Text>
        </Stack>
        <Button component={Link} to="/sign-in">
          Sign in
        </Button>
      </AuthCard>
    );
  }

  const handleSubmit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      await reset.mutateAsync({ ...values, token });
    } catch (error) {
      const message = applyServerErrors(form, error, FIELDS);
      if (message) setFormError({ message, badToken: hasAppCode(error, 'BAD_INPUT') });
    }
  });

  return (
    <AuthCard title="Choose a new password" description="Pick a password you do not use anywhere else.">
      {formError && (
        <Alert color="red" variant="light" title="Could not change the password" role="alert">
          <Stack gap={4}>
            <Text size="sm">{formError.message}</Text>
            {formError.badToken && (
              <Anchor component={Link} to="/forgot-password" size="sm">
                Request a new reset link
              </Anchor>
            )}
          </Stack>
        </Alert>
      )}
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="md">
          <PasswordInput
            label="New password"
            description={`At least ${PASSWORD_MIN} characters.`}
            autoComplete="new-password"
            required
            key={form.key('password')}
            {...form.getInputProps('password')}
          />
          <PasswordInput
            label="Repeat the new password"
            autoComplete="new-password"
            required
            key={form.key('confirmPassword')}
            {...form.getInputProps('confirmPassword')}
          />
          <Button type="submit" loading={reset.isPending} fullWidth>
            Set new password
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
