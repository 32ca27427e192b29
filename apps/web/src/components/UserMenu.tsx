import { Trans } from '@lingui/react/macro';
import { Avatar, Box, Group, Menu, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconChevronDown, IconLogout, IconShieldLock, IconUserCircle } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { SessionUser } from '../lib/session';

/** The signed-in user's menu in the header (loaded on demand by Layout). */
export function UserMenu({
  user,
  onSignOut,
  signingOut,
}: {
  user: SessionUser;
  onSignOut: () => void;
  signingOut: boolean;
}) {
  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <UnstyledButton className="user-menu-target">
          <Group gap={8} wrap="nowrap">
            <Box aria-hidden>
              <Avatar name={user.name} color="indigo" size={30} />
            </Box>
            <Text size="sm" fw={500} visibleFrom="sm" maw={160} truncate>
              {user.name}
            </Text>
            <VisuallyHidden>
              <Trans>account menu</Trans>
            </VisuallyHidden>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label style={{ overflowWrap: 'anywhere' }}>{user.email}</Menu.Label>
        <Menu.Item component={Link} to="/account" leftSection={<IconUserCircle size={16} aria-hidden />}>
          <Trans>Account</Trans>
        </Menu.Item>
        <Menu.Item component={Link} to="/jobs/alerts">
          <Trans>Saved job searches</Trans>
        </Menu.Item>
        <Menu.Item component={Link} to="/employer">
          <Trans>Employer dashboard</Trans>
        </Menu.Item>
        {user.isAdmin && (
          <Menu.Item component={Link} to="/admin" leftSection={<IconShieldLock size={16} aria-hidden />}>
            <Trans>Admin</Trans>
          </Menu.Item>
        )}
        <Menu.Divider />
        <Menu.Item
          color="red"
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={onSignOut}
          disabled={signingOut}
        >
          <Trans>Sign out</Trans>
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
