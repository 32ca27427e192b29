import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Image,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  type EmployerDashboard,
  employerProfileInput,
  JOB_STATUS_LABELS,
  type JobStatusName,
} from '@societas/contracts';
import { IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { FormFrame } from '../../components/FormFrame';
import { ImageField } from '../../components/ImageField';
import { Page } from '../../components/Page';
import { PageLoader, QueryError } from '../../components/QueryState';
import { useAppForm } from '../../lib/form';
import { formatDate, formatMoney, formatNumber } from '../../lib/format';
import { useTRPC, useTRPCClient } from '../../lib/trpc';

const STATUS_COLOR: Record<JobStatusName, string> = {
  draft: 'gray',
  pending_payment: 'orange',
  pending_review: 'blue',
  published: 'teal',
  rejected: 'red',
  expired: 'gray',
  closed: 'dark',
  filled: 'grape',
};

export function JobStatusBadge({ status }: { status: JobStatusName }) {
  return (
    <Badge color={STATUS_COLOR[status]} variant="light">
      {JOB_STATUS_LABELS[status]}
    </Badge>
  );
}

function ProfileForm({
  employer,
  onSaved,
}: {
  employer: EmployerDashboard['employer'];
  onSaved: () => void;
}) {
  const client = useTRPCClient();
  const appForm = useAppForm({
    initialValues: {
      name: employer?.name ?? '',
      logoUrl: employer?.logoUrl ?? '',
      billingEmail: employer?.billingEmail ?? '',
    },
    schema: employerProfileInput,
    submit: (input) => client.employer.saveProfile.mutate(input),
    onSuccess: () => {
      notifications.show({
        color: 'teal',
        title: 'Saved',
        message: 'Your organisation profile is saved.',
      });
      onSaved();
    },
  });
  const { form } = appForm;
  return (
    <Card withBorder padding="lg">
      <Stack>
        <Title order={2} size="h3">
          {employer ? 'Organisation profile' : 'Create your employer profile'}
        </Title>
        {!employer && (
          <Text c="dimmed" size="sm">
            Listings show your organisation’s name and logo. Receipts go to the billing contact.
          </Text>
        )}
        <FormFrame form={appForm} submitLabel={employer ? 'Save profile' : 'Create employer profile'}>
          <TextInput label="Organisation name" required {...form.getInputProps('name')} />
          <ImageField
            form={form}
            field="logoUrl"
            purpose="employer_logo"
            uploadLabel="Upload a logo"
            uploadDescription="JPEG, PNG or WebP, up to 2 MB; shown at most 512 pixels wide (optional)"
            urlLabel="Logo URL"
            urlDescription="Filled in by an upload, or an http(s) address of your logo image (optional)"
            previewAlt="Your logo as listings show it"
          />
          <TextInput
            label="Billing contact email"
            type="email"
            required
            {...form.getInputProps('billingEmail')}
          />
        </FormFrame>
      </Stack>
    </Card>
  );
}

export function EmployerPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const dash = useQuery(trpc.employer.dashboard.queryOptions());
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.employer.dashboard.queryKey() });

  if (dash.isPending) return <PageLoader label="Loading your listings" />;
  if (dash.isError)
    return (
      <Page title="Employer dashboard">
        <QueryError error={dash.error} onRetry={() => void dash.refetch()} />
      </Page>
    );
  const { employer, listings, receipts } = dash.data;
  if (!employer) {
    return (
      <Page title="Post a job" description="Reach researchers across the society’s 65+ countries.">
        <ProfileForm employer={null} onSaved={refresh} />
      </Page>
    );
  }
  return (
    <Page
      title="Employer dashboard"
      description={employer.name}
      actions={
        <Button component={Link} to="/employer/listings/new" leftSection={<IconPlus size={16} aria-hidden />}>
          New listing
        </Button>
      }
    >
      <Stack gap="xl">
        <section aria-labelledby="listings-heading">
          <Title order={2} size="h3" id="listings-heading" mb="sm">
            Listings
          </Title>
          {listings.length === 0 ? (
            <Alert variant="light" title="No listings yet">
              Create your first listing, preview it, and pay to send it for review.
            </Alert>
          ) : (
            <Table.ScrollContainer minWidth={700}>
              <Table striped highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Title</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Product</Table.Th>
                    <Table.Th ta="right">Views</Table.Th>
                    <Table.Th ta="right">Apply clicks</Table.Th>
                    <Table.Th>Expires</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {listings.map((l) => (
                    <Table.Tr key={l.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/employer/listings/${l.id}`}>
                          {l.title}
                        </Anchor>
                        {l.status === 'rejected' && l.rejectionReason && (
                          <Text size="xs" c="red">
                            {l.rejectionReason}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <JobStatusBadge status={l.status} />
                      </Table.Td>
                      <Table.Td>{l.product === 'featured' ? 'Featured' : 'Standard'}</Table.Td>
                      <Table.Td ta="right">{formatNumber(l.views)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(l.applyClicks)}</Table.Td>
                      <Table.Td>{formatDate(l.expiresAt) || '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </section>
        <section aria-labelledby="receipts-heading">
          <Title order={2} size="h3" id="receipts-heading" mb="sm">
            Receipts
          </Title>
          {receipts.length === 0 ? (
            <Text c="dimmed">No payments yet.</Text>
          ) : (
            <Table.ScrollContainer minWidth={600}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Receipt</Table.Th>
                    <Table.Th>Date</Table.Th>
                    <Table.Th>Description</Table.Th>
                    <Table.Th ta="right">Amount</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {receipts.map((r) => (
                    <Table.Tr key={r.paymentId}>
                      <Table.Td>{r.receiptNumber}</Table.Td>
                      <Table.Td>{formatDate(r.paidAt)}</Table.Td>
                      <Table.Td>{r.description}</Table.Td>
                      <Table.Td ta="right">
                        {formatMoney(r.amountMinor, r.currency)}
                        {r.refundedMinor > 0 && (
                          <Text size="xs" c="dimmed">
                            refunded {formatMoney(r.refundedMinor, r.currency)}
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </section>
        <ProfileForm employer={employer} onSaved={refresh} />
      </Stack>
    </Page>
  );
}
