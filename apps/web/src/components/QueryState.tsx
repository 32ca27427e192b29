import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Anchor, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconMapSearch } from '@tabler/icons-react';
import { Link } from 'react-router';
import { describeQueryError } from '../lib/errors';

/** A centred spinner with an accessible label, for whole-page loading. */
export function PageLoader({ label }: { label?: string }) {
  const { t } = useLingui();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader aria-hidden />
        <Text size="sm" c="dimmed">
          {label ?? t`Loading`}…
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
  title,
  notFoundTitle,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
  notFoundTitle?: string;
}) {
  const { t } = useLingui();
  const described = describeQueryError(error);
  const reference = described.reference;
  if (described.notFound) {
    return (
      <Alert
        color="gray"
        variant="light"
        title={notFoundTitle ?? t`Not found`}
        icon={<IconMapSearch aria-hidden />}
        role="status"
      >
        <Stack gap="xs">
          <Text size="sm">{described.message}</Text>
          <Group>
            <Anchor component={Link} to="/" size="sm">
              <Trans>Go to the home page</Trans>
            </Anchor>
          </Group>
        </Stack>
      </Alert>
    );
  }
  return (
    <Alert
      color="red"
      variant="light"
      title={title ?? t`We could not load this`}
      icon={<IconAlertTriangle aria-hidden />}
      role="alert"
    >
      <Stack gap="xs">
        <Text size="sm">{described.message}</Text>
        {reference && (
          <Text size="xs" c="dimmed">
            <Trans>Reference: {reference}</Trans>
          </Text>
        )}
        {onRetry && (
          <Group>
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              <Trans>Try again</Trans>
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

/** A form-level error (anything not shown next to a field). Announced to screen readers. */
export function FormAlert({ message, title }: { message: string | null; title?: string }) {
  const { t } = useLingui();
  if (!message) return null;
  return (
    <Alert
      color="red"
      variant="light"
      title={title ?? t`Please check the form`}
      icon={<IconAlertTriangle aria-hidden />}
      role="alert"
    >
      {message}
    </Alert>
  );
}
