import { Alert, Anchor, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconMapSearch } from '@tabler/icons-react';
import { Link } from 'react-router';
import { describeQueryError } from '../lib/errors';

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

/**
 * The error state of a query: the server's message, and for a fault on our side the reference to
 * quote and a retry button. A record that is not there (or an id in the address that cannot be
 * one) reads as "not found", with neither: retrying cannot help and there is nothing to report.
 */
export function QueryError({
  error,
  onRetry,
  title = 'We could not load this',
  notFoundTitle = 'Not found',
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
  notFoundTitle?: string;
}) {
  const described = describeQueryError(error);
  if (described.notFound) {
    return (
      <Alert
        color="gray"
        variant="light"
        title={notFoundTitle}
        icon={<IconMapSearch aria-hidden />}
        role="status"
      >
        <Stack gap="xs">
          <Text size="sm">{described.message}</Text>
          <Group>
            <Anchor component={Link} to="/" size="sm">
              Go to the home page
            </Anchor>
          </Group>
        </Stack>
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle aria-hidden />} role="alert">
      <Stack gap="xs">
        <Text size="sm">{described.message}</Text>
        {described.reference && (
          <Text size="xs" c="dimmed">
            Reference: {described.reference}
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
