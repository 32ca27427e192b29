import { Alert, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { readError } from '../lib/errors';

/** A centred spinner with an accessible label, for whole-page loading. */
export function PageLoader({ label = 'Loading' }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader aria-hidden />
        <Text size="sm" c="dimmed">
          {label}…
        </Text>
      </Stack>
    </Center>
  );
}

/** The error state of a query: the server's message, the reference to quote, and a retry button. */
export function QueryError({
  error,
  onRetry,
  title = 'We could not load this',
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  const readable = readError(error);
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle aria-hidden />} role="alert">
      <Stack gap="xs">
        <Text size="sm">{readable.message}</Text>
        {readable.requestId && (
          <Text size="xs" c="dimmed">
            Reference: {readable.requestId}
          </Text>
        )}
        {onRetry && (
          <Group>
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              Try again
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

/** A form-level error (anything not shown next to a field). Announced to screen readers. */
export function FormAlert({
  message,
  title = 'Please check the form',
}: {
  message: string | null;
  title?: string;
}) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle aria-hidden />} role="alert">
      {message}
    </Alert>
  );
}
