import { Card, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Page } from '../../components/Page';

/** The narrow card that frames every sign-in style page. */
export function AuthCard({
  title,
  description,
  children,
  footer,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <Page title={title} size={460}>
      <Card withBorder padding="xl" shadow="xs">
        <Stack gap="md">
          {description && <Text c="dimmed">{description}</Text>}
          {children}
        </Stack>
      </Card>
      {footer && (
        <Text ta="center" size="sm">
          {footer}
        </Text>
      )}
    </Page>
  );
}
