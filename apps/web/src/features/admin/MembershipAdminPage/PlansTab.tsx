import { Badge, Button, Card, EmptyState, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { QueryError } from '../../../components/QueryState';
import { useTRPC } from '../../../lib/trpc';
import { emptyPlan, PlanDialog, type PlanFormValues } from './PlanDialog';
import { PriceGrid } from './PriceGrid';

export function PlansTab() {
  const trpc = useTRPC();
  const plans = useQuery(trpc.membershipAdmin.plans.queryOptions());
  const [editing, setEditing] = useState<PlanFormValues | null>(null);
  if (plans.isPending) return <Skeleton height={300} aria-label="Loading plans" />;
  if (plans.isError) {
    return (
      <QueryError
        error={plans.error}
        title="We could not load the plans"
        onRetry={() => void plans.refetch()}
      />
    );
  }
  const nextOrder = Math.max(0, ...plans.data.map((p) => p.sortOrder)) + 10;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Plans by career stage, each with a price per income band and term.
        </Text>
        <Button onClick={() => setEditing(emptyPlan(nextOrder))}>New plan</Button>
      </Group>
      {plans.data.length === 0 && (
        <EmptyState variant="light" title="No plans yet" description="Create the first plan." />
      )}
      {plans.data.map((plan) => (
        <Card
          withBorder
          padding="lg"
          key={plan.id}
          component="section"
          aria-labelledby={`admin-plan-${plan.code}`}
        >
          <Stack gap="sm">
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Stack gap={2} style={{ flex: 1 }}>
                <Group gap="xs">
                  <Title order={3} size="h4" id={`admin-plan-${plan.code}`}>
                    {plan.name}
                  </Title>
                  <Badge variant="outline" color="gray">
                    {plan.code}
                  </Badge>
                  {!plan.active && <Badge color="gray">Not offered</Badge>}
                  {plan.requiresProof && (
                    <Badge color="indigo" variant="light">
                      Proof
                    </Badge>
                  )}
                  {plan.isTrainee && (
                    <Badge color="cyan" variant="light">
                      Trainee{plan.nextPlanCode ? ` → ${plan.nextPlanCode}` : ''}
                    </Badge>
                  )}
                  {plan.isLifetime && (
                    <Badge color="grape" variant="light">
                      Lifetime
                    </Badge>
                  )}
                </Group>
                {plan.description && (
                  <Text size="sm" c="dimmed">
                    {plan.description}
                  </Text>
                )}
              </Stack>
              <Button
                variant="default"
                size="xs"
                onClick={() => setEditing({ ...plan })}
                aria-label={`Edit plan ${plan.name}`}
              >
                Edit plan
              </Button>
            </Group>
            <PriceGrid plan={plan} />
          </Stack>
        </Card>
      ))}
      {editing && <PlanDialog initial={editing} plans={plans.data} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
