import { i18n } from '@lingui/core';
import { I18nProvider, useLingui } from '@lingui/react';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Fragment, lazy, type ReactNode, useEffect, useMemo } from 'react';
import { createBrowserRouter } from 'react-router';
// The DOM RouterProvider supports `navigate(to, { flushSync: true })` (used when signing out).
import { RouterProvider } from 'react-router/dom';
import { Layout } from './components/Layout';
import { NotFoundPage } from './features/errors/NotFoundPage';
import { RouteErrorPage } from './features/errors/RouteErrorPage';
import { HomePage } from './features/home/HomePage';
import { RequireRole } from './lib/session';
import { useSociety } from './lib/society';
import { TRPCProvider, type TrpcClient } from './lib/trpc';
import { societyTheme } from './theme';

// Every page but home loads on demand (Layout's Suspense shows a loader meanwhile): the first load
// carries the shell and the home page only, within the 200 kB budget of ADR 017.
const CommitteesPage = lazy(() =>
  import('./features/committees/CommitteesPage').then((m) => ({ default: m.CommitteesPage })),
);
const DirectoryPage = lazy(() =>
  import('./features/directory/DirectoryPage').then((m) => ({ default: m.DirectoryPage })),
);
const JobPage = lazy(() => import('./features/jobs/JobPage').then((m) => ({ default: m.JobPage })));
const JobsPage = lazy(() => import('./features/jobs/JobsPage').then((m) => ({ default: m.JobsPage })));
const MembershipPage = lazy(() =>
  import('./features/membership/MembershipPage').then((m) => ({ default: m.MembershipPage })),
);
const SpotlightsPage = lazy(() =>
  import('./features/spotlights/SpotlightsPage').then((m) => ({ default: m.SpotlightsPage })),
);
const AccountPage = lazy(() =>
  import('./features/account/AccountPage').then((m) => ({ default: m.AccountPage })),
);
const AdminPage = lazy(() => import('./features/admin/AdminPage').then((m) => ({ default: m.AdminPage })));
const ForgotPasswordPage = lazy(() =>
  import('./features/auth/ForgotPasswordPage').then((m) => ({ default: m.ForgotPasswordPage })),
);
const ResetPasswordPage = lazy(() =>
  import('./features/auth/ResetPasswordPage').then((m) => ({ default: m.ResetPasswordPage })),
);
const SignInPage = lazy(() => import('./features/auth/SignInPage').then((m) => ({ default: m.SignInPage })));
const SignUpPage = lazy(() => import('./features/auth/SignUpPage').then((m) => ({ default: m.SignUpPage })));
const VerifyEmailPage = lazy(() =>
  import('./features/auth/VerifyEmailPage').then((m) => ({ default: m.VerifyEmailPage })),
);
const EmployerPage = lazy(() =>
  import('./features/employer/EmployerPage').then((m) => ({ default: m.EmployerPage })),
);
const ListingEditorPage = lazy(() =>
  import('./features/employer/ListingEditorPage').then((m) => ({ default: m.ListingEditorPage })),
);
const EmployerCheckoutReturnPage = lazy(() =>
  import('./features/employer/CheckoutReturnPage').then((m) => ({ default: m.CheckoutReturnPage })),
);
const JobModerationPage = lazy(() =>
  import('./features/admin/JobModerationPage').then((m) => ({ default: m.JobModerationPage })),
);
const SocietySettingsPage = lazy(() =>
  import('./features/settings/SocietySettingsPage').then((m) => ({ default: m.SocietySettingsPage })),
);
const JobAlertsPage = lazy(() =>
  import('./features/jobs/JobAlertsPage').then((m) => ({ default: m.JobAlertsPage })),
);
const UnsubscribeAlertPage = lazy(() =>
  import('./features/jobs/JobAlertsPage').then((m) => ({ default: m.UnsubscribeAlertPage })),
);
const CommitteePage = lazy(() =>
  import('./features/committees/CommitteePage').then((m) => ({ default: m.CommitteePage })),
);
const MemberPage = lazy(() =>
  import('./features/directory/MemberPage').then((m) => ({ default: m.MemberPage })),
);
const SpotlightPage = lazy(() =>
  import('./features/spotlights/SpotlightPage').then((m) => ({ default: m.SpotlightPage })),
);
const SpotlightsAdminPage = lazy(() =>
  import('./features/spotlights/SpotlightsAdminPage').then((m) => ({ default: m.SpotlightsAdminPage })),
);
const JoinPage = lazy(() => import('./features/membership/JoinPage').then((m) => ({ default: m.JoinPage })));
const CheckoutReturnPage = lazy(() =>
  import('./features/membership/CheckoutReturnPage').then((m) => ({ default: m.CheckoutReturnPage })),
);
const ReceiptPage = lazy(() =>
  import('./features/membership/ReceiptPage').then((m) => ({ default: m.ReceiptPage })),
);
const CardPage = lazy(() => import('./features/membership/CardPage').then((m) => ({ default: m.CardPage })));
const NoRenewPage = lazy(() =>
  import('./features/membership/NoRenewPage').then((m) => ({ default: m.NoRenewPage })),
);
const MembershipAdminPage = lazy(() =>
  import('./features/admin/MembershipAdminPage').then((m) => ({ default: m.MembershipAdminPage })),
);
const MemberBillingPage = lazy(() =>
  import('./features/admin/MemberBillingPage').then((m) => ({ default: m.MemberBillingPage })),
);
const ReportsPage = lazy(() =>
  import('./features/admin/ReportsPage').then((m) => ({ default: m.ReportsPage })),
);
const DevMailboxPage = lazy(() =>
  import('./features/mail/DevMailboxPage').then((m) => ({ default: m.DevMailboxPage })),
);

const forMembers = (page: ReactNode) => <RequireRole allow="member">{page}</RequireRole>;
const forAdmins = (page: ReactNode) => <RequireRole allow="admin">{page}</RequireRole>;

export const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'sign-in', element: <SignInPage /> },
      { path: 'sign-up', element: <SignUpPage /> },
      { path: 'forgot-password', element: <ForgotPasswordPage /> },
      { path: 'reset-password', element: <ResetPasswordPage /> },
      { path: 'verify-email', element: <VerifyEmailPage /> },
      {
        path: 'account',
        element: forMembers(<AccountPage />),
      },
      {
        path: 'admin',
        element: forAdmins(<AdminPage />),
      },
      { path: 'dev/mailbox', element: <DevMailboxPage /> },
      { path: 'membership', element: <MembershipPage /> },
      {
        path: 'membership/join',
        element: forMembers(<JoinPage />),
      },
      {
        path: 'membership/checkout/return',
        element: forMembers(<CheckoutReturnPage />),
      },
      {
        path: 'membership/receipts/:paymentId',
        element: forMembers(<ReceiptPage />),
      },
      {
        path: 'membership/card',
        element: forMembers(<CardPage />),
      },
      { path: 'membership/auto-renew/cancel', element: <NoRenewPage /> },
      {
        path: 'admin/membership',
        element: forAdmins(<MembershipAdminPage />),
      },
      {
        path: 'admin/reports',
        element: forAdmins(<ReportsPage />),
      },
      {
        path: 'admin/members/:userId/billing',
        element: forAdmins(<MemberBillingPage />),
      },
      { path: 'committees', element: <CommitteesPage /> },
      { path: 'committees/:slug', element: <CommitteePage /> },
      { path: 'spotlights', element: <SpotlightsPage /> },
      {
        path: 'spotlights/manage',
        element: forAdmins(<SpotlightsAdminPage />),
      },
      { path: 'spotlights/:slug', element: <SpotlightPage /> },
      { path: 'members/:userId', element: <MemberPage /> },
      { path: 'jobs', element: <JobsPage /> },
      { path: 'jobs/:id', element: <JobPage /> },
      {
        path: 'jobs/alerts',
        element: forMembers(<JobAlertsPage />),
      },
      { path: 'jobs/alerts/unsubscribe', element: <UnsubscribeAlertPage /> },
      {
        path: 'employer',
        element: forMembers(<EmployerPage />),
      },
      {
        path: 'employer/listings/:id',
        element: forMembers(<ListingEditorPage />),
      },
      {
        path: 'employer/checkout/return',
        element: forMembers(<EmployerCheckoutReturnPage />),
      },
      {
        path: 'admin/settings',
        element: forAdmins(<SocietySettingsPage />),
      },
      {
        path: 'admin/jobs',
        element: forAdmins(<JobModerationPage />),
      },
      {
        path: 'directory',
        element: forMembers(<DirectoryPage />),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

/**
 * Renders the pages anew when the language changes: dates and amounts are formatted during render
 * by plain functions (lib/format.ts), which no translation hook would otherwise re-run.
 */
function RerenderOnLocaleChange({ children }: { children: ReactNode }) {
  const { i18n: active } = useLingui();
  return <Fragment key={active.locale}>{children}</Fragment>;
}

/** The clients come from main.tsx, which starts the session query and the language before the first render. */
export function App({ queryClient, trpcClient }: { queryClient: QueryClient; trpcClient: TrpcClient }) {
  return (
    <I18nProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <BrandedMantine>
            <Notifications position="top-right" />
            <RerenderOnLocaleChange>
              <RouterProvider router={router} />
            </RerenderOnLocaleChange>
          </BrandedMantine>
        </TRPCProvider>
      </QueryClientProvider>
    </I18nProvider>
  );
}

/** Mantine in the society's brand colour, which follows its settings (a save recolours at once). */
function BrandedMantine({ children }: { children: ReactNode }) {
  const society = useSociety();
  const { brandColour } = society;
  const theme = useMemo(() => societyTheme(brandColour), [brandColour]);
  useSocietyFavicon('faviconUrl' in society ? society.faviconUrl : null);
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      {children}
    </MantineProvider>
  );
}

/** The browser tab shows the society's icon once its settings say one (index.html has the default). */
function useSocietyFavicon(url: string | null) {
  useEffect(() => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (!link) return;
    const original = { href: link.href, type: link.type };
    if (url) {
      link.href = url;
      link.type = 'image/png';
    }
    return () => {
      link.href = original.href;
      link.type = original.type;
    };
  }, [url]);
}
