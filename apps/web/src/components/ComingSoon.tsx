import { Badge, Button, Card, EmptyState, Group, List } from '@mantine/core';
import { IconHourglassHigh } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Page } from './Page';

/** Placeholder page for a capability that is being built. */
export function ComingSoonPage({
  title,
  summary,
  features,
  icon,
}: {
  title: string;
  summary: string;
  features: string[];
  icon?: ReactNode;
}) {
  return (
    <Page
      title={title}
      actions={
        <Badge variant="light" size="lg">
          Coming soon
        </Badge>
      }
    >
      <Card withBorder padding="xl">
        <EmptyState
          variant="light"
          icon={icon ?? <IconHourglassHigh aria-hidden />}
          title={`${title} is coming soon`}
          description={summary}
        >
          <List spacing={4} size="sm" ta="left" maw={520} mx="auto" mt="md">
            {features.map((feature) => (
              <List.Item key={feature}>{feature}</List.Item>
            ))}
          </List>
          <Group justify="center" mt="lg">
            <Button component={Link} to="/" variant="light">
              Back to home
            </Button>
          </Group>
        </EmptyState>
      </Card>
    </Page>
  );
}
