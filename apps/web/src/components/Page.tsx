import { Container, type ContainerProps, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { usePageTitle } from '../lib/usePageTitle';

/** A page body: sets the document title and renders the one <h1> of the page. */
export function Page({
  title,
  description,
  actions,
  children,
  size = 'lg',
  documentTitle,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
  size?: ContainerProps['size'];
  /** Overrides the browser tab title when it should differ from the heading. */
  documentTitle?: string;
}) {
  usePageTitle(documentTitle ?? title);
  return (
    <Container size={size} py="xl">
      <Stack gap="lg">
        <Stack gap={4}>
          <div
            style={{
              display: 'flex',
              gap: 16,
              alignItems: 'center',
              justifyContent: 'space-between',
              flexWrap: 'wrap',
            }}
          >
            <Title order={1}>{title}</Title>
            {actions}
          </div>
          {description && (
            <Text c="dimmed" maw={720}>
              {description}
            </Text>
          )}
        </Stack>
        {children}
      </Stack>
    </Container>
  );
}
