import {
  Anchor,
  Button,
  EmptyState,
  Group,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { FILE_CONTENT_LABELS, formatFileSize, type Proof, reviewProofInput } from '@societas/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { QueryError } from '../../../components/QueryState';
import { ReasonDialog } from '../../../components/ReasonDialog';
import { formatErrorMessage } from '../../../lib/errors';
import { formatCalendarDay, formatDate } from '../../../lib/format';
import { useTRPC, useTRPCClient } from '../../../lib/trpc';

type ReviewedProof = Pick<Proof, 'status' | 'userName' | 'planName'>;

function RejectProofDialog({
  proof,
  onClose,
  onRejected,
}: {
  proof: Proof;
  onClose: () => void;
  onRejected: (proof: ReviewedProof) => Promise<void>;
}) {
  const client = useTRPCClient();
  return (
    <ReasonDialog
      opened
      onClose={onClose}
      title="Reject this proof?"
      intro={`${proof.userName} is asked to send more detail. Their membership is not changed.`}
      label="Reason (shown in the member's ledger)"
      required={false}
      maxLength={500}
      schema={reviewProofInput}
      toInput={(reason) => ({ proofId: proof.id, approve: false, reason: reason.trim() || undefined })}
      submit={(input) => client.membershipAdmin.reviewProof.mutate(input)}
      onSent={onRejected}
      errorTitle="Could not record the review"
      submitLabel="Reject proof"
    />
  );
}

export function ProofsTab() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<'pending' | 'approved' | 'rejected'>('pending');
  const proofs = useQuery(trpc.membershipAdmin.proofs.queryOptions({ status }));
  const [rejecting, setRejecting] = useState<Proof | null>(null);
  const reviewed = async (proof: ReviewedProof) => {
    setRejecting(null);
    await queryClient.invalidateQueries({ queryKey: trpc.membershipAdmin.proofs.queryKey() });
    notifications.show({
      color: proof.status === 'approved' ? 'teal' : 'orange',
      title: proof.status === 'approved' ? 'Proof approved' : 'Proof rejected',
      message: `${proof.userName}, ${proof.planName}`,
    });
  };
  // Approving is one click; rejecting asks for a reason in <RejectProofDialog>.
  const review = useMutation(
    trpc.membershipAdmin.reviewProof.mutationOptions({
      onSuccess: reviewed,
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
                  {p.file && (
                    <Anchor
                      href={p.file.url}
                      target="_blank"
                      rel="noopener"
                      fw={500}
                      display="block"
                      aria-label={`Open the file ${p.userName} uploaded (${FILE_CONTENT_LABELS[p.file.contentType] ?? 'file'}, ${formatFileSize(p.file.sizeBytes)}; opens in a new tab)`}
                    >
                      Open uploaded file ({FILE_CONTENT_LABELS[p.file.contentType] ?? 'file'},{' '}
                      {formatFileSize(p.file.sizeBytes)})
                    </Anchor>
                  )}
                  {p.details}
                </Table.Td>
                <Table.Td>{p.expectedEndOn ? formatCalendarDay(p.expectedEndOn) : '—'}</Table.Td>
                <Table.Td>{formatDate(p.createdAt)}</Table.Td>
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
      {rejecting && (
        <RejectProofDialog proof={rejecting} onClose={() => setRejecting(null)} onRejected={reviewed} />
      )}
    </Stack>
  );
}
