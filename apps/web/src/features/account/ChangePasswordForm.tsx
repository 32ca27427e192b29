import { Button, Card, Group, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { changePasswordInput } from '@societas/contracts';
import { FormAlert } from '../../components/QueryState';
import { useAppForm } from '../../lib/form';
import { useTRPCClient } from '../../lib/trpc';
import { NewPasswordInputs } from '../auth/fields';

export function ChangePasswordForm() {
  const client = useTRPCClient();
  const { form, formError, onSubmit, isPending } = useAppForm({
    mode: 'uncontrolled',
    initialValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
    schema: changePasswordInput,
    submit: (values) => client.auth.changePassword.mutate(values),
    onSuccess: () => {
      form.reset();
      notifications.show({
        color: 'teal',
        title: 'Password changed',
        message: 'Your other signed-in sessions have ended. This one stays signed in.',
      });
    },
  });

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="password-heading">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <div>
            <Title order={2} size="h3" id="password-heading">
              Change password
            </Title>
            <Text size="sm" c="dimmed">
              Changing your password signs you out everywhere else.
            </Text>
          </div>
          <FormAlert message={formError} title="Could not change your password" />
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            key={form.key('currentPassword')}
            {...form.getInputProps('currentPassword')}
          />
          <NewPasswordInputs form={form} field="newPassword" />
          <Group justify="flex-end">
            <Button type="submit" loading={isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
