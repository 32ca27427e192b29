import { t } from '@lingui/core/macro';
import { Trans } from '@lingui/react/macro';
import { Button, Card, Container, EmptyState, Group, Text, Title } from '@mantine/core';
import { IconBug } from '@tabler/icons-react';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { formatErrorMessage } from '../../lib/errors';
import { useSociety } from '../../lib/society';
import { usePageTitle } from '../../lib/usePageTitle';

/** A zod error's message is its issues as JSON: true, but not for people. */
function isValidationError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ZodError' || error.name === '$ZodError') return true;
  return /^\s*\[\s*\{/.test(error.message);
}

/** One short line under the apology: a status, or a message that reads as a sentence. */
export function routeErrorDetail(error: unknown): string | undefined {
  if (isRouteErrorResponse(error)) return `${error.status} ${error.statusText}`;
  if (isValidationError(error)) {
    return t`Part of this address is not in the form the page expects. Check the link, or start again from the home page.`;
  }
  if (error instanceof Error) return formatErrorMessage(error);
  return undefined;
}

/** Last-resort page when rendering a route throws. Uses plain links: the router may be broken. */
export function RouteErrorPage() {
  const error = useRouteError();
  usePageTitle(t`Something went wrong`);
  const society = useSociety();
  const detail = routeErrorDetail(error);
  return (
    <Container size="sm" py="xl" component="main">
      <Title order={1} mb="lg">
        {society.name}
      </Title>
      <Card withBorder padding="xl">
        <EmptyState
          variant="light"
          color="red"
          icon={<IconBug aria-hidden />}
          title={t`Something went wrong`}
          description={t`The page failed to load. Reloading usually helps; if it keeps happening, let the society's administrators know.`}
        >
          {detail && (
            <Text size="xs" c="dimmed" mt="sm" ta="center">
              {detail}
            </Text>
          )}
          <Group justify="center" mt="md">
            <Button onClick={() => window.location.reload()}>
              <Trans>Reload</Trans>
            </Button>
            <Button component="a" href="/" variant="default">
              <Trans>Home</Trans>
            </Button>
          </Group>
        </EmptyState>
      </Card>
    </Container>
  );
}
