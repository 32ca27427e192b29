import { Button, Card, EmptyState, Group } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link } from 'react-router';
import { Page } from '../../components/Page';

/** Shown to a signed-in person who opens a page their role does not allow. */
export function ForbiddenPage() {
  return (
    <Page title="Not allowed" size="sm">
      <Card withBorder padding="xl">
        <EmptyState
          variant="light"
          color="orange"
          icon={<IconLock aria-hidden />}
          title="You do not have access to this page"
          description="This page is for the society's administrators. If you think you should have access, contact an administrator."
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
