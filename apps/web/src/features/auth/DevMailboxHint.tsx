import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Anchor } from '@mantine/core';
import { IconMail } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useDevMailboxAvailable } from '../../lib/devMailbox';

/** When no mail server is configured, point people at the dev mailbox so they can click their link. */
export function DevMailboxHint() {
  const available = useDevMailboxAvailable();
  const { t } = useLingui();
  if (!available) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconMail aria-hidden />}
      title={t`No mail server configured`}
    >
      <Trans>
        This portal is not sending real email yet. Open the{' '}
        <Anchor component={Link} to="/dev/mailbox" fw={600}>
          dev mailbox
        </Anchor>{' '}
        to read the message and click its link.
      </Trans>
    </Alert>
  );
}
