import { Trans } from '@lingui/react/macro';
import { Button, Card, EmptyState, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Page } from '../../components/Page';

/** A page that explains why there is nothing to show, with the way home. */
export function ErrorPage(props: {
  pageTitle: string;
  icon: ReactNode;
  color: string;
  title: string;
  description: string;
}) {
  return (
    <Page title={props.pageTitle} size="sm">
      <Card withBorder padding="xl">
        <EmptyState
          variant="light"
          color={props.color}
          icon={props.icon}
          title={props.title}
          description={props.description}
        >
          <Group justify="center" mt="md">
            <Button component={Link} to="/">
              <Trans>Go to the home page</Trans>
            </Button>
          </Group>
        </EmptyState>
      </Card>
    </Page>
  );
}
