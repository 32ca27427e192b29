import { Button, Card, Container, EmptyState, Group, Text, Title } from '@mantine/core';
import { IconBug } from '@tabler/icons-react';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { SITE } from '../../config';
import { usePageTitle } from '../../lib/usePageTitle';

/** Last-resort page when rendering a route throws. Uses plain links: the router may be broken. */
export function RouteErrorPage() {
  const error = useRouteError();
  usePageTitle('Something went wrong');
  const detail = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : undefined;
  return (
    <Container size="sm" py="xl" component="main">
      <Title order={1} mb="lg">
        {SITE.name}
      </Title>
      <Card withBorder padding="xl">
        <EmptyState
          variant="light"
          color="red"
          icon={<IconBug aria-hidden />}
          title="Something went wrong"
          description="The page failed to load. Reloading usually helps; if it keeps happening, let the society's administrators know."
        >
          {detail && (
            <Text size="xs" c="dimmed" mt="sm" ta="center">
              {detail}
            </Text>
          )}
          <Group justify="center" mt="md">
            <Button onClick={() => window.location.reload()}>Reload</Button>
            <Button component="a" href="/" variant="default">
              Home
            </Button>
          </Group>
        </EmptyState>
      </Card>
    </Container>
  );
}
