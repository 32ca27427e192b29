import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import {
  Anchor,
  AppShell,
  Box,
  Burger,
  Button,
  Container,
  Divider,
  Group,
  NavLink,
  ScrollArea,
  Stack,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconMail } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef } from 'react';
import {
  Link,
  Outlet,
  NavLink as RouterNavLink,
  ScrollRestoration,
  useLocation,
  useNavigate,
} from 'react-router';
import { useDevMailboxAvailable } from '../lib/devMailbox';
import { formatErrorMessage } from '../lib/errors';
import { type SessionUser, useSession } from '../lib/session';
import { useSociety } from '../lib/society';
import { useTRPC } from '../lib/trpc';
import { LanguageSelect } from './LanguageSelect';
import { PageLoader } from './QueryState';

// The account menu (Mantine Menu, Popover and floating-ui) only for a signed-in user, on demand:
// it stays out of the first load (ADR 017).
const UserMenu = lazy(() => import('./UserMenu').then((m) => ({ default: m.UserMenu })));

interface NavItem {
  label: MessageDescriptor;
  to: string;
}

const NAV_ITEMS: NavItem[] = [
  { label: msg`Membership`, to: '/membership' },
  { label: msg`Committees`, to: '/committees' },
  { label: msg`Spotlights`, to: '/spotlights' },
  { label: msg`Jobs`, to: '/jobs' },
  { label: msg`Directory`, to: '/directory' },
];

const NAV_BREAKPOINT = 'md';

function useNavItems(user: SessionUser | null): NavItem[] {
  return user?.isAdmin ? [...NAV_ITEMS, { label: msg`Admin`, to: '/admin' }] : NAV_ITEMS;
}

function useSignOut() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { t } = useLingui();
  return useMutation(
    trpc.auth.signOut.mutationOptions({
      onSuccess: async () => {
        // Leave the page synchronously first: a guarded page still on screen would otherwise see
        // the empty session and send the person to the sign-in page.
        await navigate('/', { flushSync: true });
        // Drop everything cached for the old user and refetch what is on screen (the session).
        await queryClient.resetQueries();
        notifications.show({ color: 'teal', title: t`Signed out`, message: t`See you soon.` });
      },
      onError: (error) => {
        notifications.show({
          color: 'red',
          title: t`Could not sign out`,
          message: formatErrorMessage(error),
        });
      },
    }),
  );
}

function DesktopNav({ items }: { items: NavItem[] }) {
  const { t, i18n } = useLingui();
  return (
    <Group component="nav" aria-label={t`Main`} gap={4} visibleFrom={NAV_BREAKPOINT}>
      {items.map((item) => (
        <Button
          key={item.to}
          component={RouterNavLink}
          to={item.to}
          variant="subtle"
          color="gray"
          size="compact-md"
          fw={500}
          className="nav-link"
        >
          {i18n._(item.label)}
        </Button>
      ))}
    </Group>
  );
}

function SiteFooter() {
  const year = new Date().getFullYear();
  const { t, i18n } = useLingui();
  const society = useSociety();
  const name = society.name;
  return (
    <Box component="footer" className="site-footer" py="xl" mt="xl">
      <Container size="lg">
        <Group justify="space-between" align="flex-start" gap="lg">
          <Stack gap={4} maw={420}>
            <Text fw={700}>{society.name}</Text>
            <Text size="sm" c="dimmed">
              <Trans>The member portal for your scientific society.</Trans>
            </Text>
          </Stack>
          <Group component="nav" aria-label={t`Footer`} gap="md">
            {NAV_ITEMS.map((item) => (
              <Anchor key={item.to} component={Link} to={item.to} size="sm" c="dimmed">
                {i18n._(item.label)}
              </Anchor>
            ))}
          </Group>
        </Group>
        <Text size="xs" c="dimmed" mt="lg">
          <Trans>
            © {year} {name}. Runs on Societas, open-source software for scientific societies.
          </Trans>
        </Text>
      </Container>
    </Box>
  );
}

/** Moves focus to <main> after client-side navigation so screen readers announce the new page. */
function useFocusMainOnNavigate() {
  const { pathname } = useLocation();
  const previous = useRef(pathname);
  useEffect(() => {
    // Not on first load (the skip link must stay first in the tab order), and not when only the
    // query string changes (search boxes, pagination keep their focus).
    if (previous.current === pathname) return;
    previous.current = pathname;
    document.getElementById('main-content')?.focus({ preventScroll: true });
  }, [pathname]);
}

export function Layout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const session = useSession();
  const user = session.user;
  const items = useNavItems(user);
  const society = useSociety();
  const devMailbox = useDevMailboxAvailable();
  const signOut = useSignOut();
  const location = useLocation();
  const { t, i18n } = useLingui();
  const siteName = society.name;
  useFocusMainOnNavigate();

  // Close the mobile menu whenever the route changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation only
  useEffect(() => {
    close();
  }, [location.pathname, close]);

  const authButtons = session.isPending ? null : user ? (
    <Suspense fallback={null}>
      <UserMenu user={user} onSignOut={() => signOut.mutate()} signingOut={signOut.isPending} />
    </Suspense>
  ) : (
    <Group gap="xs" wrap="nowrap">
      <Button component={Link} to="/sign-in" variant="default" size="sm">
        <Trans>Sign in</Trans>
      </Button>
      <Button component={Link} to="/sign-up" size="sm" visibleFrom="xs">
        <Trans>Sign up</Trans>
      </Button>
    </Group>
  );

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 280, breakpoint: NAV_BREAKPOINT, collapsed: { desktop: true, mobile: !opened } }}
      padding={0}
    >
      <a href="#main-content" className="skip-link">
        <Trans>Skip to main content</Trans>
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom={NAV_BREAKPOINT}
              size="sm"
              aria-label={opened ? t`Close navigation` : t`Open navigation`}
              aria-expanded={opened}
              aria-controls="mobile-navigation"
            />
            <Anchor
              component={Link}
              to="/"
              underline="never"
              c="inherit"
              className="brand"
              title={t`${siteName} home`}
            >
              <Group gap={8} wrap="nowrap">
                {society.logoUrl ? (
                  <img className="brand-logo" src={society.logoUrl} alt="" width={32} height={32} />
                ) : (
                  <Box className="brand-mark" aria-hidden>
                    {society.name.charAt(0)}
                  </Box>
                )}
                <Text fw={800} size="lg">
                  {society.name}
                </Text>
              </Group>
            </Anchor>
          </Group>
          <DesktopNav items={items} />
          <Group gap="xs" wrap="nowrap">
            {devMailbox && (
              <Button
                component={RouterNavLink}
                to="/dev/mailbox"
                variant="light"
                color="orange"
                size="compact-sm"
                leftSection={<IconMail size={16} aria-hidden />}
                visibleFrom="sm"
              >
                <Trans>Dev mailbox</Trans>
              </Button>
            )}
            <LanguageSelect />
            {authButtons}
          </Group>
        </Group>
      </AppShell.Header>

      {/* Collapsed navbars are only moved off-screen: `inert` keeps them out of the tab order. */}
      <AppShell.Navbar p="md" id="mobile-navigation" aria-label={t`Main`} inert={!opened}>
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2}>
            <NavLink component={RouterNavLink} to="/" label={t`Home`} active={location.pathname === '/'} />
            {items.map((item) => (
              <NavLink
                key={item.to}
                component={RouterNavLink}
                to={item.to}
                label={i18n._(item.label)}
                active={location.pathname.startsWith(item.to)}
              />
            ))}
            {devMailbox && (
              <NavLink
                component={RouterNavLink}
                to="/dev/mailbox"
                label={t`Dev mailbox`}
                leftSection={<IconMail size={16} aria-hidden />}
                active={location.pathname.startsWith('/dev/mailbox')}
              />
            )}
          </Stack>
        </AppShell.Section>
        {!session.isPending && !user && (
          <AppShell.Section>
            <Divider my="sm" />
            <Stack gap="xs">
              <Button component={Link} to="/sign-up">
                <Trans>Sign up</Trans>
              </Button>
              <Button component={Link} to="/sign-in" variant="default">
                <Trans>Sign in</Trans>
              </Button>
            </Stack>
          </AppShell.Section>
        )}
      </AppShell.Navbar>

      {/* <main> and the footer are siblings so the footer is a contentinfo landmark. */}
      <Box className="shell-body">
        <AppShell.Main id="main-content" tabIndex={-1} className="main-content">
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </AppShell.Main>
        <SiteFooter />
      </Box>
      <ScrollRestoration />
    </AppShell>
  );
}
