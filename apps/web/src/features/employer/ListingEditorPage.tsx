import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Radio,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  CAREER_STAGE_LABELS,
  CAREER_STAGES,
  COUNTRIES,
  type JobProduct,
  POSITION_TYPE_LABELS,
  POSITION_TYPES,
  SECTOR_LABELS,
  SECTORS,
  saveListingInput,
  WORKPLACE_LABELS,
  WORKPLACES,
} from '@societas/contracts';
import { IconArrowLeft } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { FormFrame } from '../../components/FormFrame';
import { Page } from '../../components/Page';
import { PageLoader, QueryError } from '../../components/QueryState';
import { formatErrorMessage } from '../../lib/errors';
import { useAppForm } from '../../lib/form';
import { formatDate, formatMoney } from '../../lib/format';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import { JobView } from '../jobs/JobPage';
import { JobStatusBadge } from './EmployerPage';
import {
  EMPTY_LISTING,
  LISTING_FIELD_PATHS,
  type ListingFormValues,
  listingFormValues,
  listingInput,
} from './listingForm';

const COUNTRY_OPTIONS = COUNTRIES.map((c) => ({ value: c.code, label: c.name })).sort((a, b) =>
  a.label.localeCompare(b.label),
);
function ConfirmButton({
  label,
  title,
  body,
  onConfirm,
  loading,
  color,
}: {
  label: string;
  title: string;
  body: string;
  onConfirm: () => void;
  loading: boolean;
  color?: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="default" color={color} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={title}>
        <Stack>
          <Text>{body}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              color={color}
              loading={loading}
              onClick={() => {
                onConfirm();
                setOpen(false);
              }}
            >
              {label}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function PayPanel({ jobId, renewal }: { jobId: string; renewal: boolean }) {
  const trpc = useTRPC();
  const quote = useQuery(trpc.employer.quote.queryOptions());
  const [product, setProduct] = useState<JobProduct>('standard');
  const checkout = useMutation(trpc.employer.startCheckout.mutationOptions());
  if (quote.isPending) return <PageLoader label="Loading prices" />;
  if (quote.isError) return <QueryError error={quote.error} />;
  return (
    <Card withBorder padding="lg">
      <Stack>
        <Title order={2} size="h3">
          {renewal ? 'Renew this listing' : 'Publish: choose a product'}
        </Title>
        {quote.data.memberPrice && (
          <Alert color="teal" variant="light">
            You are an active member of the society: member prices apply.
          </Alert>
        )}
        <Radio.Group value={product} onChange={(v) => setProduct(v as JobProduct)} label="Product">
          <Stack mt="xs" gap="xs">
            {quote.data.products.map((p) => (
              <Radio
                key={p.product}
                value={p.product}
                label={`${p.label} — ${p.days} days — ${formatMoney(p.amountMinor, quote.data.currency)}${
                  p.amountMinor < p.listAmountMinor
                    ? ` (instead of ${formatMoney(p.listAmountMinor, quote.data.currency)})`
                    : ''
                }`}
              />
            ))}
          </Stack>
        </Radio.Group>
        <Text size="sm" c="dimmed">
          {renewal
            ? 'A renewal adds the product’s days to the current run (or starts a new run if it has ended).'
            : 'After payment an administrator reviews the listing; it goes live when approved and runs for the product’s days from then.'}
        </Text>
        {checkout.error && (
          <Alert color="red" role="alert">
            {formatErrorMessage(checkout.error)}
          </Alert>
        )}
        <Group>
          <Button
            loading={checkout.isPending}
            onClick={() =>
              checkout.mutate(
                { jobId, product },
                {
                  onSuccess: (r) => {
                    window.location.assign(r.url);
                  },
                },
              )
            }
          >
            {renewal ? 'Pay and renew' : 'Pay and send for review'}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export function ListingEditorPage() {
  const { id } = useParams();
  const isNew = !id || id === 'new';
  const trpc = useTRPC();
  const client = useTRPCClient();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [tab, setTab] = useState<string | null>('edit');
  const listing = useQuery({
    ...trpc.employer.listing.queryOptions({ id: id ?? '' }),
    enabled: !isNew,
    retry: false,
  });
  const page = listing.data?.page;
  const status = page?.status ?? 'draft';
  const appForm = useAppForm({
    initialValues: { fields: EMPTY_LISTING } as ListingFormValues,
    schema: saveListingInput,
    fields: LISTING_FIELD_PATHS,
    toInput: (values) => listingInput(isNew ? null : id!, values),
    submit: (input) => client.employer.saveListing.mutate(input),
    onSuccess: (saved) => {
      refresh();
      notifications.show({
        color: 'teal',
        title: 'Saved',
        message:
          status === 'published' && saved.status === 'pending_review'
            ? 'Your changes go live once an administrator has reviewed them.'
            : status === 'published'
              ? 'Your changes are live.'
              : 'Your listing is saved. Check the preview.',
      });
      if (isNew) navigate(`/employer/listings/${saved.id}`, { replace: true });
      setTab('preview');
    },
  });
  const { form } = appForm;
  const close = useMutation(trpc.employer.close.mutationOptions());
  const filled = useMutation(trpc.employer.markFilled.mutationOptions());
  const deleteDraft = useMutation(trpc.employer.deleteDraft.mutationOptions());

  // biome-ignore lint/correctness/useExhaustiveDependencies: load the server's values once per listing
  useEffect(() => {
    if (listing.data) {
      const values = listingFormValues(listing.data.fields);
      form.setValues(values);
      form.resetDirty(values);
    }
  }, [listing.data?.page.id]);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.employer.listing.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.employer.dashboard.queryKey() });
  };

  if (!isNew && listing.isPending) return <PageLoader label="Loading the listing" />;
  if (!isNew && listing.isError)
    return (
      <Page title="Listing">
        <QueryError error={listing.error} />
      </Page>
    );
  const editable = ['draft', 'pending_payment', 'pending_review', 'published', 'rejected'].includes(status);

  return (
    <Page
      title={isNew ? 'New listing' : (page?.title ?? 'Listing')}
      actions={page ? <JobStatusBadge status={page.status} /> : undefined}
    >
      <Anchor component={Link} to="/employer" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden /> Employer dashboard
        </Group>
      </Anchor>
      {params.get('cancelled') && (
        <Alert color="yellow" title="Payment cancelled">
          Nothing was charged. You can pay whenever you are ready.
        </Alert>
      )}
      {status === 'rejected' && listing.data?.rejectionReason && (
        <Alert color="red" title="Changes requested by the reviewer">
          {listing.data.rejectionReason}
        </Alert>
      )}
      {status === 'pending_review' && (
        <Alert color="blue" title="In review">
          An administrator will review this listing shortly. You will get an email when it is approved.
        </Alert>
      )}
      {page?.expiresAt && (status === 'published' || status === 'expired') && (
        <Text>
          {status === 'published' ? 'Published until' : 'Expired on'}{' '}
          <strong>{formatDate(page.expiresAt)}</strong>
        </Text>
      )}
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List>
          <Tabs.Tab value="edit">Edit</Tabs.Tab>
          <Tabs.Tab value="preview" disabled={!page}>
            Preview
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="edit" pt="md">
          {!editable ? (
            <Alert color="gray">This listing can no longer be edited.</Alert>
          ) : (
            <FormFrame form={appForm} submitLabel={isNew ? 'Save draft and preview' : 'Save and preview'}>
              {status === 'published' && (
                <Alert color="yellow" variant="light">
                  Saving changes to a published listing sends it back to review; it is hidden until approved.
                </Alert>
              )}
              <TextInput label="Job title" required {...form.getInputProps('fields.title')} />
              <Textarea
                label="Description"
                description="Markdown: ## headings, **bold**, lists, links."
                autosize
                minRows={8}
                required
                {...form.getInputProps('fields.descriptionMd')}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Select
                  label="Position type"
                  data={POSITION_TYPES.map((v) => ({ value: v, label: POSITION_TYPE_LABELS[v] }))}
                  allowDeselect={false}
                  {...form.getInputProps('fields.positionType')}
                />
                <Select
                  label="Sector"
                  data={SECTORS.map((v) => ({ value: v, label: SECTOR_LABELS[v] }))}
                  allowDeselect={false}
                  {...form.getInputProps('fields.sector')}
                />
                <Select
                  label="Country"
                  searchable
                  required
                  data={COUNTRY_OPTIONS}
                  {...form.getInputProps('fields.countryCode')}
                />
                <TextInput label="City" {...form.getInputProps('fields.city')} />
                <Select
                  label="Career stage"
                  clearable
                  data={CAREER_STAGES.map((v) => ({ value: v, label: CAREER_STAGE_LABELS[v] }))}
                  {...form.getInputProps('fields.careerStage')}
                />
                <Stack gap={4}>
                  <Text size="sm" fw={500}>
                    Workplace
                  </Text>
                  <SegmentedControl
                    aria-label="Workplace"
                    data={WORKPLACES.map((v) => ({ value: v, label: WORKPLACE_LABELS[v] }))}
                    {...form.getInputProps('fields.workplace')}
                  />
                </Stack>
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                {/* No clamping: a typed minus is refused at the field, never silently made 0. */}
                <NumberInput
                  label="Salary from (a year)"
                  clampBehavior="none"
                  thousandSeparator
                  {...form.getInputProps('fields.salaryMin')}
                />
                <NumberInput
                  label="Salary to (a year)"
                  clampBehavior="none"
                  thousandSeparator
                  {...form.getInputProps('fields.salaryMax')}
                />
                <TextInput
                  label="Currency"
                  description="ISO code, such as EUR or USD"
                  placeholder="EUR"
                  maxLength={3}
                  {...form.getInputProps('fields.salaryCurrency')}
                />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput
                  label="Apply by (date)"
                  description="Today or later; the listing closes at the end of that day"
                  type="date"
                  {...form.getInputProps('fields.closingOn')}
                />
                <TextInput
                  label="Application link"
                  placeholder="https://…"
                  description="http(s) only"
                  {...form.getInputProps('fields.applyUrl')}
                />
                <TextInput
                  label="…or application email"
                  type="email"
                  {...form.getInputProps('fields.applyEmail')}
                />
              </SimpleGrid>
            </FormFrame>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="preview" pt="md">
          {page && (
            <Card withBorder padding="xl">
              <JobView job={page} preview />
            </Card>
          )}
        </Tabs.Panel>
      </Tabs>
      {page && (status === 'draft' || status === 'pending_payment') && (
        <PayPanel jobId={page.id} renewal={false} />
      )}
      {page && (status === 'published' || status === 'expired') && <PayPanel jobId={page.id} renewal />}
      {page && status === 'draft' && (
        <Group>
          <ConfirmButton
            label="Delete draft"
            title="Delete this draft?"
            body="The draft is deleted for good. Listings that were paid for or published cannot be deleted; close them instead."
            loading={deleteDraft.isPending}
            color="red"
            onConfirm={() =>
              deleteDraft.mutate(
                { id: page.id },
                {
                  onSuccess: () => {
                    void queryClient.invalidateQueries({ queryKey: trpc.employer.dashboard.queryKey() });
                    notifications.show({
                      color: 'teal',
                      title: 'Deleted',
                      message: 'The draft was deleted.',
                    });
                    navigate('/employer', { replace: true });
                  },
                  onError: (error) =>
                    notifications.show({
                      color: 'red',
                      title: 'Not deleted',
                      message: formatErrorMessage(error),
                    }),
                },
              )
            }
          />
        </Group>
      )}
      {page && ['published', 'expired', 'closed', 'pending_review'].includes(status) && (
        <Group>
          {['published', 'expired', 'pending_review'].includes(status) && (
            <ConfirmButton
              label="Close listing"
              title="Close this listing?"
              body={
                status === 'expired'
                  ? 'It can no longer be renewed. This cannot be undone.'
                  : 'It disappears from search at once. This cannot be undone.'
              }
              loading={close.isPending}
              color="red"
              onConfirm={() => close.mutate({ id: page.id }, { onSuccess: refresh })}
            />
          )}
          <ConfirmButton
            label="Mark as filled"
            title="Mark this position as filled?"
            body="The listing is taken off the board and shown as filled on your dashboard."
            loading={filled.isPending}
            onConfirm={() => filled.mutate({ id: page.id }, { onSuccess: refresh })}
          />
        </Group>
      )}
    </Page>
  );
}
