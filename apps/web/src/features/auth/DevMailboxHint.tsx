import { Alert, Anchor } from '@mantine/core';
import { IconMail } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useDevMailboxAvailable } from '../../lib/devMailbox';

/** When no mail server is configured, point people at the dev mailbox so they can click their link. */
export function DevMailboxHint() {
  const available = useDevMailboxAvailable();
  if (!available) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconMail aria-hidden />} title="No mail server configured">
      This portal is not sending real email yet. Open the{' '}
      <Anchor component={Link} to="/dev/mailbox" fw={600}>
        dev mailbox
      </Anchor>{' '}
      to read the message and click its link.
    </Alert>
  );
}
