import { Anchor, Badge, Card, Group, Image, Stack, Text } from '@mantine/core';
import type { SpotlightCard as Card_ } from '@societas/contracts';
import { Link } from 'react-router';
import { formatDate } from '../../lib/format';

export function SpotlightCard({ spotlight, compact = false }: { spotlight: Card_; compact?: boolean }) {
  return (
    <Card withBorder padding="lg" component="article" aria-labelledby={`spotlight-${spotlight.slug}`}>
      {spotlight.photoUrl && (
        <Card.Section mb="sm">
          <Image src={spotlight.photoUrl} alt="" h={compact ? 140 : 180} fit="cover" />
        </Card.Section>
      )}
      <Stack gap={6}>
        <Anchor
          component={Link}
          to={`/spotlights/${spotlight.slug}`}
          fw={700}
          id={`spotlight-${spotlight.slug}`}
        >
          {spotlight.title}
        </Anchor>
        <Text size="xs" c="dimmed">
          {[spotlight.memberName, formatDate(spotlight.publishAt)].filter(Boolean).join(' · ')}
        </Text>
        {!compact && (
          <Text size="sm" lineClamp={3}>
            {spotlight.standfirst}
          </Text>
        )}
        {spotlight.tags.length > 0 && (
          <Group gap={4}>
            {spotlight.tags.map((t) => (
              <Badge
                key={t}
                size="sm"
                variant="light"
                component={Link}
                to={`/spotlights?tag=${encodeURIComponent(t)}`}
                style={{ cursor: 'pointer' }}
              >
                {t}
              </Badge>
            ))}
          </Group>
        )}
      </Stack>
    </Card>
  );
}
