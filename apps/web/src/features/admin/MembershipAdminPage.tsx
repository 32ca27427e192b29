import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  CloseButton,
  EmptyState,
  Group,
  Modal,
  NativeSelect,
  NumberInput,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  currencyExponent,
  formatMoney,
  INCOME_BAND_LABELS,
  INCOME_BANDS,
  type IncomeBand,
  type PlanWithPrices,
  type Proof,
  type Term,
  type UpsertPlanInput,
  upsertPlanInput,
} from '@societas/contracts';
import { IconSearch } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Page } from '../../components/Page';
import { FormAlert, QueryError } from '../../components/QueryState';
import { formatErrorMessage, readError } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { formatDay, minorToInput, parseMoneyInput, termLabel } from '../membership/membershipText';
import { ConfirmModal } from '../membership/parts';

// ---------------------------------------------------------------------------------------------
// Plans

type PlanFormValues = Required<Omit<UpsertPlanInput, 'id'>> & { id?: string };

function emptyPlan(sortOrder: number): PlanFormValues {
  return {
    code: '',
    name: '',
    description: '',
    requiresProof: false,
    isTrainee: false,
    nextPlanCode: null,
    isLifetime: false,
    sortOrder,
    active: true,
  };
}

function PlanDialog({
  initial,
  plans,
  onClose,
}: {
  initial: PlanFormValues;
  plans: PlanWithPrices[];
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const save = useMutation(trpc.membershipAdmin.savePlan.mutationOptions());
  const set = <K extends keyof PlanFormValues>(key: K, value: PlanFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const parsed = upsertPlanInput.safeParse(values);
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        if (!next[key]) next[key] = issue.message;
      }
      setErrors(next);
      return;
    }
    setErrors({});
    try {
      await save.mutateAsync(parsed.data);
      await queryClient.invalidateQueries({ queryKey: trpc.membershipAdmin.plans.queryKey() });
      await queryClient.invalidateQueries({ queryKey: trpc.membership.plans.queryKey() });
      notifications.show({ color: 'teal', title: 'Plan saved', message: parsed.data.name });
      onClose();
    } catch (error) {
      const readable = readError(error);
      const fieldErrors: Record<string, string> = {};
      for (const [k, v] of Object.entries(readable.fieldErrors)) if (v[0]) fieldErrors[k] = v[0];
      setErrors(fieldErrors);
      setFormError(readable.message);
    }
  };

  return (
    <Modal opened onClose={onClose} title={values.id ? `Edit plan: ${initial.name}` : 'New plan'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <FormAlert message={formError} title="Could not save the plan" />
          <Group grow align="flex-start">
            <TextInput
              label="Name"
              required
              value={values.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              error={errors.name}
            />
            <TextInput
              label="Code"
              description="Lowercase, used in links and reports"
              required
              value={values.code}
              onChange={(e) => set('code', e.currentTarget.value)}
              error={errors.code}
            />
          </Group>
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={values.description}
            onChange={(e) => set('description', e.currentTarget.value)}
            error={errors.description}
          />
          <Group grow align="flex-start">
            <Select
              label="Next plan"
              description="Offered on renewal once a trainee's training has ended"
              clearable
              data={plans
                .filter((p) => p.code !== values.code)
                .map((p) => ({ value: p.code, label: p.name }))}
              value={values.nextPlanCode}
              onChange={(v) => set('nextPlanCode', v)}
              error={errors.nextPlanCode}
            />
            <NumberInput
              label="Order on the page"
              min={0}
              max={10000}
              value={values.sortOrder}
              onChange={(v) => set('sortOrder', typeof v === 'number' ? v : 0)}
              error={errors.sortOrder}
            />
          </Group>
          <Checkbox
            label="Requires proof of eligibility (an admin reviews it)"
            checked={values.requiresProof}
            onChange={(e) => set('requiresProof', e.currentTarget.checked)}
          />
          <Checkbox
            label="Trainee plan (ends with the training; renewal then offers the next plan)"
            checked={values.isTrainee}
            onChange={(e) => set('isTrainee', e.currentTarget.checked)}
          />
          <Checkbox
            label="Lifetime (paid once, no term)"
            checked={values.isLifetime}
            disabled={Boolean(values.id)}
            description={values.id ? 'Fixed once a plan exists: its prices depend on it.' : undefined}
            onChange={(e) => set('isLifetime', e.currentTarget.checked)}
          />
          <Checkbox
            label="Offered (inactive plans are hidden from members; existing members keep them)"
            checked={values.active}
            onChange={(e) => set('active', e.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save plan
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

interface PriceChange {
  band: IncomeBand;
  termYears: number;
  before: number | null;
  after: number | null;
}

function cellKey(band: string, termYears: number) {
  return `${band}:${termYears}`;
}

/** One plan's price grid: every band x term is an input; saving asks for confirmation first. */
function PriceGrid({ plan }: { plan: PlanWithPrices }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const currency = plan.prices[0]?.currency ?? 'USD';
  const exponent = currencyExponent(currency);
  const terms = plan.isLifetime ? [0] : [1, 2, 3];
  const stored = useMemo(() => {
    const map = new Map<string, number>();
    for (const p of plan.prices)
      if (p.currency === currency) map.set(cellKey(p.band, p.termYears), p.amountMinor);
    return map;
  }, [plan.prices, currency]);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const [saving, setSaving] = useState(false);
  const setPrice = useMutation(trpc.membershipAdmin.setPrice.mutationOptions());

  const cellText = (band: string, t: number) => {
    const k = cellKey(band, t);
    if (k in draft) return draft[k]!;
    const v = stored.get(k);
    return v === undefined ? '' : minorToInput(v, exponent);
  };
  const errorOf = (band: string, t: number) => {
    const text = cellText(band, t);
    return text.trim() === '' || parseMoneyInput(text, exponent) !== null ? null : 'Not an amount';
  };
  const changes: PriceChange[] = [];
  let invalid = false;
  for (const band of INCOME_BANDS) {
    for (const t of terms) {
      const k = cellKey(band, t);
      if (!(k in draft)) continue;
      const text = draft[k]!.trim();
      const after = text === '' ? null : parseMoneyInput(text, exponent);
      if (text !== '' && after === null) {
        invalid = true;
        continue;
      }
      const before = stored.get(k) ?? null;
      if (after !== before) changes.push({ band, termYears: t, before, after });
    }
  }

  const saveAll = async () => {
    setSaving(true);
    try {
      for (const c of changes) {
        await setPrice.mutateAsync({
          planId: plan.id,
          band: c.band,
          term: (c.termYears === 0 ? 'lifetime' : c.termYears) as Term,
          currency,
          amountMinor: c.after,
        });
      }
      setDraft({});
      notifications.show({
        color: 'teal',
        title: 'Prices saved',
        message: `${changes.length} price${changes.length === 1 ? '' : 's'} of ${plan.name} changed.`,
      });
    } catch (error) {
      notifications.show({
        color: 'red',
        title: 'Could not save all prices',
        message: formatErrorMessage(error),
      });
    } finally {
      await queryClient.invalidateQueries({ queryKey: trpc.membershipAdmin.plans.queryKey() });
      await queryClient.invalidateQueries({ queryKey: trpc.membership.plans.queryKey() });
      setSaving(false);
      setConfirming(false);
    }
  };

  const show = (v: number | null) => (v === null ? 'not offered' : formatMoney(v, currency));
  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={520}>
        <Table verticalSpacing={4} withTableBorder>
          <Table.Caption>
            {plan.name}: prices in {currency}. Leave a cell empty to stop offering that band and term.
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Country income</Table.Th>
              {terms.map((t) => (
                <Table.Th scope="col" key={t}>
                  {plan.isLifetime ? 'Once' : termLabel(t)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {INCOME_BANDS.map((band) => (
              <Table.Tr key={band}>
                <Table.Th scope="row" fw={400}>
                  {INCOME_BAND_LABELS[band]}
                </Table.Th>
                {terms.map((t) => (
                  <Table.Td key={t}>
                    <TextInput
                      size="xs"
                      aria-label={`${plan.name}, ${INCOME_BAND_LABELS[band]}, ${plan.isLifetime ? 'lifetime' : termLabel(t)}`}
                      value={cellText(band, t)}
                      onChange={(e) => {
                        const value = e.currentTarget.value;
                        setDraft((d) => ({ ...d, [cellKey(band, t)]: value }));
                      }}
                      error={errorOf(band, t)}
                      inputMode="decimal"
                      w={110}
                    />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group gap="sm">
        <Button size="xs" disabled={changes.length === 0 || invalid} onClick={() => setConfirming(true)}>
          Save prices{changes.length > 0 ? ` (${changes.length})` : ''}
        </Button>
        {Object.keys(draft).length > 0 && (
          <Button size="xs" variant="subtle" color="gray" onClick={() => setDraft({})}>
            Discard changes
          </Button>
        )}
      </Group>
      <ConfirmModal
        opened={confirming}
        title={`Change ${plan.name} prices?`}
        confirmLabel="Save prices"
        color="indigo"
        loading={saving}
        onClose={() => setConfirming(false)}
        onConfirm={() => void saveAll()}
      >
        <Text size="sm">New checkouts use these prices at once; payments already made are not affected.</Text>
        <Table fz="sm">
          <Table.Tbody>
            {changes.map((c) => (
              <Table.Tr key={cellKey(c.band, c.termYears)}>
                <Table.Td>
                  {INCOME_BAND_LABELS[c.band]}, {plan.isLifetime ? 'lifetime' : termLabel(c.termYears)}
                </Table.Td>
                <Table.Td>
                  {show(c.before)} → <strong>{show(c.after)}</strong>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ConfirmModal>
    </Stack>
  );
}

function PlansTab() {
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

// ---------------------------------------------------------------------------------------------
// Country bands

function BandsTab() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const bands = useQuery(trpc.membershipAdmin.countryBands.queryOptions());
  const [search, setSearch] = useState('');
  const [bandFilter, setBandFilter] = useState('all');
  const setBand = useMutation(
    trpc.membershipAdmin.setCountryBand.mutationOptions({
      onSuccess: async (saved) => {
        await queryClient.invalidateQueries({ queryKey: trpc.membershipAdmin.countryBands.queryKey() });
        notifications.show({
          color: 'teal',
          title: 'Band saved',
          message: `${saved.name}: ${INCOME_BAND_LABELS[saved.band]}. New prices apply to its members' next checkout.`,
        });
      },
      onError: (error) =>
        notifications.show({
          color: 'red',
          title: 'Could not save the band',
          message: formatErrorMessage(error),
        }),
    }),
  );
  if (bands.isPending) return <Skeleton height={300} aria-label="Loading countries" />;
  if (bands.isError) {
    return (
      <QueryError
        error={bands.error}
        title="We could not load the countries"
        onRetry={() => void bands.refetch()}
      />
    );
  }
  const q = search.trim().toLowerCase();
  const rows = bands.data.filter(
    (c) =>
      (bandFilter === 'all' || (bandFilter === 'edited' ? c.edited : c.band === bandFilter)) &&
      (!q || c.name.toLowerCase().includes(q) || c.countryCode.toLowerCase() === q),
  );
  const options = INCOME_BANDS.map((b) => ({ value: b, label: INCOME_BAND_LABELS[b] }));
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" maw={760}>
        The income band of a member's country of work picks their price. The shipped table is the World Bank
        classification; a change here applies to the next checkout of every member working in that country.
      </Text>
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label="Search countries"
          type="search"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          leftSection={<IconSearch size={16} aria-hidden />}
          rightSection={
            search ? <CloseButton aria-label="Clear search" size="sm" onClick={() => setSearch('')} /> : null
          }
          w={{ base: '100%', sm: 280 }}
        />
        <NativeSelect
          label="Show"
          value={bandFilter}
          onChange={(e) => setBandFilter(e.currentTarget.value)}
          data={[
            { value: 'all', label: 'All bands' },
            ...options,
            { value: 'edited', label: 'Changed from default' },
          ]}
        />
      </Group>
      {rows.length === 0 ? (
        <EmptyState variant="light" title="No country matches" description="Try another name or filter." />
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table striped verticalSpacing={4}>
            <Table.Caption>
              {rows.length} of {bands.data.length} countries
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Country</Table.Th>
                <Table.Th scope="col">Income band</Table.Th>
                <Table.Th scope="col" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((c) => (
                <Table.Tr key={c.countryCode}>
                  <Table.Td>
                    {c.name}{' '}
                    <Text span size="xs" c="dimmed">
                      {c.countryCode}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <NativeSelect
                      size="xs"
                      aria-label={`Income band of ${c.name}`}
                      data={options}
                      value={c.band}
                      disabled={setBand.isPending && setBand.variables?.countryCode === c.countryCode}
                      onChange={(e) =>
                        setBand.mutate({
                          countryCode: c.countryCode,
                          band: e.currentTarget.value as IncomeBand,
                        })
                      }
                      w={200}
                    />
                  </Table.Td>
                  <Table.Td>
                    {c.edited && (
                      <Badge size="sm" color="orange" variant="light">
                        Changed
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

// ---------------------------------------------------------------------------------------------
// Proof review

function ProofsTab() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<'pending' | 'approved' | 'rejected'>('pending');
  const proofs = useQuery(trpc.membershipAdmin.proofs.queryOptions({ status }));
  const [rejecting, setRejecting] = useState<Proof | null>(null);
  const [reason, setReason] = useState('');
  const review = useMutation(
    trpc.membershipAdmin.reviewProof.mutationOptions({
      onSuccess: async (proof) => {
        setRejecting(null);
        setReason('');
        await queryClient.invalidateQueries({ queryKey: trpc.membershipAdmin.proofs.queryKey() });
        notifications.show({
          color: proof.status === 'approved' ? 'teal' : 'orange',
          title: proof.status === 'approved' ? 'Proof approved' : 'Proof rejected',
          message: `${proof.userName}, ${proof.planName}`,
        });
      },
      onError: (error) =>
        notifications.show({
          color: 'red',
          title: 'Could not record the review',
          message: formatErrorMessage(error),
        }),
    }),
  );

  let body: React.ReactNode;
  if (proofs.isPending) body = <Skeleton height={160} aria-label="Loading proofs" />;
  else if (proofs.isError)
    body = (
      <QueryError
        error={proofs.error}
        title="We could not load the proofs"
        onRetry={() => void proofs.refetch()}
      />
    );
  else if (proofs.data.length === 0)
    body = (
      <EmptyState
        variant="light"
        title={status === 'pending' ? 'Nothing to review' : `No ${status} proofs`}
        description={status === 'pending' ? 'Proofs that members send appear here.' : undefined}
      />
    );
  else
    body = (
      <Table.ScrollContainer minWidth={720}>
        <Table striped verticalSpacing="sm">
          <Table.Caption>
            {proofs.data.length} {status} proof{proofs.data.length === 1 ? '' : 's'}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Member</Table.Th>
              <Table.Th scope="col">Plan</Table.Th>
              <Table.Th scope="col">Details</Table.Th>
              <Table.Th scope="col">Expected end</Table.Th>
              <Table.Th scope="col">Sent</Table.Th>
              {status === 'pending' && <Table.Th scope="col">Decision</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {proofs.data.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/admin/members/${p.userId}/billing`} fw={500}>
                    {p.userName}
                  </Anchor>
                  <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {p.userEmail}
                  </Text>
                </Table.Td>
                <Table.Td>{p.planName}</Table.Td>
                <Table.Td maw={320} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {p.details}
                </Table.Td>
                <Table.Td>{p.expectedEndOn ? formatDay(`${p.expectedEndOn}T00:00:00Z`) : '—'}</Table.Td>
                <Table.Td>{formatDay(p.createdAt)}</Table.Td>
                {status === 'pending' && (
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="compact-sm"
                        color="teal"
                        variant="light"
                        loading={
                          review.isPending && review.variables?.proofId === p.id && review.variables.approve
                        }
                        onClick={() => review.mutate({ proofId: p.id, approve: true })}
                        aria-label={`Approve proof of ${p.userName}`}
                      >
                        Approve
                      </Button>
                      <Button
                        size="compact-sm"
                        color="red"
                        variant="light"
                        onClick={() => setRejecting(p)}
                        aria-label={`Reject proof of ${p.userName}`}
                      >
                        Reject…
                      </Button>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed">
          Members on plans that need proof (students, trainees) send it from the join page. Approving records
          the expected end date that decides when renewal offers the next plan.
        </Text>
        <SegmentedControl
          aria-label="Proof status"
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          data={[
            { value: 'pending', label: 'Waiting' },
            { value: 'approved', label: 'Approved' },
            { value: 'rejected', label: 'Rejected' },
          ]}
        />
      </Group>
      {body}
      <ConfirmModal
        opened={rejecting !== null}
        title="Reject this proof?"
        confirmLabel="Reject proof"
        loading={review.isPending}
        onClose={() => setRejecting(null)}
        onConfirm={() =>
          rejecting &&
          review.mutate({ proofId: rejecting.id, approve: false, reason: reason.trim() || undefined })
        }
      >
        <Text size="sm">
          {rejecting?.userName} is asked to send more detail. Their membership is not changed.
        </Text>
        <Textarea
          label="Reason (shown in the member's ledger)"
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
      </ConfirmModal>
    </Stack>
  );
}

const TABS = ['plans', 'bands', 'proofs'] as const;

export function MembershipAdminPage() {
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((t) => t === params.get('tab')) ?? 'plans';
  return (
    <Page
      title="Membership settings"
      description="Plans and prices, the country income bands, and proofs of eligibility waiting for review."
      actions={
        <Button component={Link} to="/admin" variant="default">
          Accounts
        </Button>
      }
    >
      <Alert variant="light" color="gray">
        Find a member under{' '}
        <Anchor component={Link} to="/admin">
          Accounts
        </Anchor>{' '}
        and choose <strong>Billing</strong> for their ledger, payments, refunds and complimentary terms.
      </Alert>
      <Tabs
        value={tab}
        onChange={(value) => {
          const next = new URLSearchParams(params);
          next.set('tab', value ?? 'plans');
          setParams(next, { replace: true });
        }}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="plans">Plans and prices</Tabs.Tab>
          <Tabs.Tab value="bands">Country bands</Tabs.Tab>
          <Tabs.Tab value="proofs">Proof review</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="plans" pt="md">
          <PlansTab />
        </Tabs.Panel>
        <Tabs.Panel value="bands" pt="md">
          <BandsTab />
        </Tabs.Panel>
        <Tabs.Panel value="proofs" pt="md">
          <ProofsTab />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}
