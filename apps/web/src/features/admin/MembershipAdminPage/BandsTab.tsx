import {
  Badge,
  CloseButton,
  EmptyState,
  Group,
  NativeSelect,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { INCOME_BAND_LABELS, INCOME_BANDS, type IncomeBand } from '@societas/contracts';
import { IconSearch } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { QueryError } from '../../../components/QueryState';
import { formatErrorMessage } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { type BandChange, BandChangeDialog } from './BandChangeDialog';

export function BandsTab() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const bands = useQuery(trpc.membershipAdmin.countryBands.queryOptions());
  const [search, setSearch] = useState('');
  const [bandFilter, setBandFilter] = useState('all');
  // A band change re-prices every member working in the country: it waits here until confirmed.
  const [pending, setPending] = useState<BandChange | null>(null);
  const setBand = useMutation(
    trpc.membershipAdmin.setCountryBand.mutationOptions({
      onSuccess: async (saved) => {
        setPending(null);
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
                        setPending({
                          countryCode: c.countryCode,
                          name: c.name,
                          from: c.band,
                          to: e.currentTarget.value as IncomeBand,
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
      {pending && (
        <BandChangeDialog
          change={pending}
          saving={setBand.isPending}
          onClose={() => setPending(null)}
          onConfirm={() => setBand.mutate({ countryCode: pending.countryCode, band: pending.to })}
        />
      )}
    </Stack>
  );
}
