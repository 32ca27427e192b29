import { Button, Card, EmptyState, Group } from '@mantine/core';
import { IconMapSearch } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { Page } from '../../components/Page';

export function NotFoundPage() {
  const location = useLocation();
  return (
    <Page title="Page not found" size="sm">
      <Card withBorder padding="xl">
        <EmptyState
          variant="light"
          color="gray"
          icon={<IconMapSearch aria-hidden />}
          title="404: nothing here"
          description={`There is no page at ${location.pathname}. It may have moved, or the link may be mistyped.`}
        >
          <Group justify="center" mt="md">
            <Button component={Link} to="/">
              Go to the home page
            </Button>
          </Group>
        </EmptyState>
      </Card>
    </Page>
  );
}
