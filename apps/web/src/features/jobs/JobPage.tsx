import {
  Alert,
  Anchor,
  Avatar,
  Badge,
  Button,
  Card,
  Container,
  CopyButton,
  Group,
  Stack,
  Text,
  Title,
  Typography,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { type JobPage as JobPageData, reportJobInput } from '@societas/contracts';
import { IconArrowLeft, IconFlag, IconLink, IconStar } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, useParams } from 'react-router';
import { PageLoader, QueryError } from '../../components/QueryState';
import { ReasonDialog } from '../../components/ReasonDialog';
import { hasAppCode, readError } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import { usePageTitle } from '../../lib/usePageTitle';
import { careerStageLabel, locationLabel, positionLabel, salaryLabel, sectorLabel } from './jobFormat';
import { useJobHead } from './jobHead';

/** The listing as job seekers see it; also the employer's preview (with `preview`). */
export function JobView({ job, preview = false }: { job: JobPageData; preview?: boolean }) {
  const trpc = useTRPC();
  const track = useMutation(trpc.jobs.track.mutationOptions());
  const salary = salaryLabel(job);
  const applyHref = job.applyUrl ?? (job.applyEmail ? `mailto:${job.applyEmail}` : null);
  // The server puts the JobPosting in the head of /jobs/:id for crawlers that run no JavaScript;
  // once the page runs, the one below replaces it (no duplicate, none stale after navigating).
  useEffect(() => {
    if (!preview)
      for (const el of document.head.querySelectorAll('script[type="application/ld+json"]')) el.remove();
  }, [preview]);
  return (
    <Stack gap="lg">
      {/* Search engines read the schema.org JobPosting; "<" is escaped so the text cannot end the script. */}
      {job.visible && !preview && (
        <script
          type="application/ld+json"
          // biome-ignore lint/security/noDangerouslySetInnerHtml: JSON with "<" escaped, built by the server
          dangerouslySetInnerHTML={{ __html: JSON.stringify(job.jsonLd).replace(/</g, '\\u003c') }}
        />
      )}
      <Group align="flex-start" wrap="nowrap" gap="md">
        {job.logoUrl && <Avatar src={job.logoUrl} alt="" size={56} radius="sm" />}
        <Stack gap={4}>
          <Title order={preview ? 2 : 1}>{job.title}</Title>
          <Text fw={500}>{job.employerName}</Text>
          <Text c="dimmed">{locationLabel(job)}</Text>
        </Stack>
      </Group>
      <Group gap={6}>
        {job.featured && (
          <Badge color="yellow" variant="light" leftSection={<IconStar size={12} aria-hidden />}>
            Featured
          </Badge>
        )}
        <Badge variant="outline">{positionLabel(job.positionType)}</Badge>
        <Badge variant="outline" color="gray">
          {sectorLabel(job.sector)}
        </Badge>
        {job.careerStage && (
          <Badge variant="outline" color="grape">
            {careerStageLabel(job.careerStage)}
          </Badge>
        )}
      </Group>
      <Card withBorder padding="md">
        <Stack gap={4}>
          {salary && (
            <Text>
              <strong>Salary:</strong> {salary}
            </Text>
          )}
          {job.closingOn && (
            <Text>
              <strong>Apply by:</strong> {formatDate(job.closingOn)}
            </Text>
          )}
          <Text size="sm" c="dimmed">
            {job.publishedAt ? `Posted ${formatDate(job.publishedAt)}` : 'Not published yet'}
            {job.expiresAt ? ` · Listed until ${formatDate(job.expiresAt)}` : ''}
          </Text>
          <Group mt="sm" gap="xs">
            {applyHref && (
              <Button
                component="a"
                href={applyHref}
                target="_blank"
                rel="noopener noreferrer nofollow"
                onClick={() => {
                  if (!preview) track.mutate({ id: job.id, kind: 'apply' });
                }}
              >
                {job.applyUrl ? 'Apply on the employer’s site' : `Apply by email (${job.applyEmail})`}
              </Button>
            )}
            <CopyButton value={job.shareUrl}>
              {({ copied, copy }) => (
                <Button variant="default" onClick={copy} leftSection={<IconLink size={16} aria-hidden />}>
                  {copied ? 'Link copied' : 'Copy link'}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Stack>
      </Card>
      <Typography>
        {/* Sanitised on the server (sanitize-html allow-list). */}
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: server-sanitised markdown */}
        <div dangerouslySetInnerHTML={{ __html: job.descriptionHtml }} />
      </Typography>
    </Stack>
  );
}

function ReportButton({ id }: { id: string }) {
  const client = useTRPCClient();
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button
        variant="subtle"
        color="red"
        size="xs"
        leftSection={<IconFlag size={14} aria-hidden />}
        onClick={open}
      >
        Report this listing
      </Button>
      <ReasonDialog
        opened={opened}
        onClose={close}
        title="Report this listing"
        label="What is wrong with this listing?"
        description="For example: misleading, discriminatory, a scam, or not a real position."
        schema={reportJobInput}
        toInput={(reason) => ({ id, reason })}
        submit={(input) => client.jobs.report.mutate(input)}
        onSent={() => {
          close();
          notifications.show({
            color: 'teal',
            title: 'Thank you',
            message: 'An administrator will look at this listing.',
          });
        }}
        errorTitle="Could not send the report"
        submitLabel="Send report"
      />
    </>
  );
}

export function JobPage() {
  const { id = '' } = useParams();
  const trpc = useTRPC();
  const job = useQuery({ ...trpc.jobs.get.queryOptions({ id }), retry: false });
  const track = useMutation(trpc.jobs.track.mutationOptions());
  usePageTitle(job.data?.title ?? 'Job');
  useJobHead(job.data);
  const viewed = useRef<string | null>(null);
  useEffect(() => {
    if (job.data?.visible && viewed.current !== job.data.id) {
      viewed.current = job.data.id;
      track.mutate({ id: job.data.id, kind: 'view' });
    }
  }, [job.data, track]);

  return (
    <Container size="md" py="xl">
      <Stack gap="lg">
        <Anchor component={Link} to="/jobs" size="sm">
          <Group gap={4}>
            <IconArrowLeft size={14} aria-hidden /> All jobs
          </Group>
        </Anchor>
        {job.isPending ? (
          <PageLoader label="Loading the listing" />
        ) : job.isError ? (
          hasAppCode(job.error, 'NOT_FOUND') ? (
            <Alert title="This listing is not available" color="gray" role="alert">
              {readError(job.error).message}{' '}
              <Anchor component={Link} to="/jobs">
                Search current jobs
              </Anchor>
            </Alert>
          ) : (
            <QueryError error={job.error} onRetry={() => void job.refetch()} />
          )
        ) : (
          <>
            {job.data.status === 'filled' && (
              <Alert color="blue" title="This position has been filled" role="status">
                The employer is no longer taking applications.{' '}
                <Anchor component={Link} to="/jobs">
                  Search current jobs
                </Anchor>
              </Alert>
            )}
            {!job.data.visible && job.data.status !== 'filled' && (
              <Alert color="yellow" title="Preview">
                This listing is not public (status: {job.data.status.replace('_', ' ')}). Only you and the
                administrators can see this page.
              </Alert>
            )}
            <JobView job={job.data} />
            {job.data.visible && (
              <Group>
                <ReportButton id={job.data.id} />
              </Group>
            )}
          </>
        )}
      </Stack>
    </Container>
  );
}
