import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  CloseButton,
  EmptyState,
  Group,
  List,
  Pagination,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { PaymentFlag } from '@societas/contracts';
import {
  IconAlertTriangle,
  IconMail,
  IconSearch,
  IconShieldCheck,
  IconUserCheck,
  IconUserSearch,
  IconUsers,
} from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Page } from '../../components/Page';
import { QueryError } from '../../components/QueryState';
import { formatDate, formatMoney, formatNumber, pageCount } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { AdminJobsLink } from './JobModerationPage';

const PAGE_SIZE = 20;

function StatCard({
  label,
  value,
  icon,
  color,
}: {
  label: string;
  value: number;
  icon: ReactNode;
  color: string;
}) {
  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2}>
          <Text size="sm" c="dimmed" fw={500}>
            {label}
          </Text>
          <Text fz={28} fw={700} lh={1.2}>
            {formatNumber(value)}
          </Text>
        </Stack>
        <ThemeIcon variant="light" color={color} size={40} radius="md" aria-hidden>
          {icon}
        </ThemeIcon>
      </Group>
    </Card>
  );
}

function Overview() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.admin.overview.queryOptions());
  return (
    <section aria-labelledby="overview-heading">
      <Title order={2} size="h3" id="overview-heading" mb="sm">
        Overview
      </Title>
      {overview.isError ? (
        <QueryError
          error={overview.error}
          title="We could not load the overview"
          onRetry={() => void overview.refetch()}
        />
      ) : (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
          {overview.isPending ? (
            [0, 1, 2, 3].map((i) => <Skeleton key={i} height={98} aria-label="Loading" />)
          ) : (
            <>
              <StatCard
                label="Accounts"
                value={overview.data.users}
                icon={<IconUsers size={22} />}
                color="indigo"
              />
              <StatCard
                label="Verified accounts"
                value={overview.data.verifiedUsers}
                icon={<IconUserCheck size={22} />}
                color="teal"
              />
              <StatCard
                label="Administrators"
                value={overview.data.admins}
                icon={<IconShieldCheck size={22} />}
                color="grape"
              />
              <StatCard
                label="Emails waiting to send"
                value={overview.data.pendingMail}
                icon={<IconMail size={22} />}
                color="orange"
              />
            </>
          )}
        </SimpleGrid>
      )}
      {overview.data && overview.data.paymentFlags.length > 0 && (
        <PaymentFlags flags={overview.data.paymentFlags} />
      )}
    </section>
  );
}

/** Payments where Stripe charged another amount than our price: someone should look at each. */
function PaymentFlags({ flags }: { flags: PaymentFlag[] }) {
  return (
    <Alert color="red" title="Payments to check" mt="md" icon={<IconAlertTriangle size={18} aria-hidden />}>
      <Text size="sm" mb="xs">
        Stripe charged a different amount than the price the portal set (after any promotion code). The
        membership was granted; check the payment in Stripe and refund or ask for the difference.
      </Text>
      <List size="sm" spacing={4}>
        {flags.map((f) => (
          <List.Item key={f.paymentId}>
            {f.userId ? (
              <Anchor component={Link} to={`/admin/members/${f.userId}/billing`}>
                {f.memberName ?? 'Member'}
              </Anchor>
            ) : (
              'Unknown member'
            )}
            {`: receipt ${f.receiptNumber ?? '—'}, charged ${formatMoney(f.chargedMinor, f.currency)} instead of ${formatMoney(f.expectedMinor, f.currency)} (${formatDate(f.flaggedAt)})`}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

function UsersTable() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);

  const users = useQuery(
    trpc.admin.users.queryOptions(
      { page, pageSize: PAGE_SIZE, ...(debouncedSearch ? { search: debouncedSearch } : {}) },
      { placeholderData: keepPreviousData },
    ),
  );

  const setSearch = (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set('q', value);
    else next.delete('q');
    next.delete('page');
    setParams(next, { replace: true });
  };
  const setPage = (value: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(value));
    setParams(next);
  };

  let body: ReactNode;
  if (users.isPending) {
    body = (
      <Stack gap="xs" aria-busy="true" aria-label="Loading accounts">
        {[0, 1, 2, 3, 4].map((i) => (
          <Skeleton key={i} height={36} />
        ))}
      </Stack>
    );
  } else if (users.isError) {
    body = (
      <QueryError
        error={users.error}
        title="We could not load the accounts"
        onRetry={() => void users.refetch()}
      />
    );
  } else if (users.data.items.length === 0) {
    body = (
      <EmptyState
        variant="light"
        icon={<IconUserSearch aria-hidden />}
        title={debouncedSearch ? 'No accounts match your search' : 'No accounts yet'}
        description={
          debouncedSearch
            ? `Nothing matches “${debouncedSearch}”. Try part of a name or an email address.`
            : 'Accounts appear here as people sign up.'
        }
        py="xl"
      />
    );
  } else {
    const { items, total } = users.data;
    const pages = pageCount(total, PAGE_SIZE);
    body = (
      <Stack gap="sm">
        <Table.ScrollContainer minWidth={640}>
          <Table
            striped
            highlightOnHover
            verticalSpacing="sm"
            style={{ opacity: users.isPlaceholderData ? 0.6 : 1 }}
          >
            <Table.Caption>
              {total === 1 ? '1 account' : `${formatNumber(total)} accounts`}
              {debouncedSearch ? ` matching “${debouncedSearch}”` : ''}
              {pages > 1 ? ` · page ${Math.min(page, pages)} of ${pages}` : ''}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Email</Table.Th>
                <Table.Th scope="col">Role</Table.Th>
                <Table.Th scope="col">Email verified</Table.Th>
                <Table.Th scope="col">Joined</Table.Th>
                <Table.Th scope="col">Membership</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((user) => (
                <Table.Tr key={user.id}>
                  <Table.Td fw={500}>{user.name}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{user.email}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={user.role === 'admin' ? 'grape' : 'gray'}>
                      {user.role === 'admin' ? 'Admin' : 'User'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={user.emailVerified ? 'teal' : 'orange'}>
                      {user.emailVerified ? 'Verified' : 'Not verified'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatDate(user.createdAt)}</Table.Td>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/admin/members/${user.id}/billing`}
                      aria-label={`Billing of ${user.name}`}
                    >
                      Billing
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {pages > 1 && (
          <Group justify="center">
            <Pagination
              total={pages}
              value={Math.min(page, pages)}
              onChange={setPage}
              getControlProps={(control) =>
                control === 'previous'
                  ? { 'aria-label': 'Previous page' }
                  : control === 'next'
                    ? { 'aria-label': 'Next page' }
                    : {}
              }
            />
          </Group>
        )}
      </Stack>
    );
  }

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="users-heading">
      <Stack gap="md">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Title order={2} size="h3" id="users-heading">
            Accounts
          </Title>
          <TextInput
            label="Search accounts"
            placeholder="Name or email"
            type="search"
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            leftSection={<IconSearch size={16} aria-hidden />}
            rightSection={
              search ? (
                <CloseButton aria-label="Clear search" size="sm" onClick={() => setSearch('')} />
              ) : null
            }
            w={{ base: '100%', sm: 320 }}
          />
        </Group>
        {body}
      </Stack>
    </Card>
  );
}

export function AdminPage() {
  return (
    <Page
      title="Administration"
      description="Accounts and the state of the portal at a glance."
      actions={
        <Group gap="xs">
          <Button component={Link} to="/admin/reports">
            Reports
          </Button>
          <Button component={Link} to="/admin/membership" variant="default">
            Membership settings
          </Button>
          <Button component={Link} to="/admin/settings" variant="default">
            Society settings
          </Button>
          <AdminJobsLink />
        </Group>
      }
    >
      <Overview />
      <UsersTable />
    </Page>
  );
}
