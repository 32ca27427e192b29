import { useLingui } from '@lingui/react/macro';
import { IconLock } from '@tabler/icons-react';
import { ErrorPage } from './ErrorPage';

/** Shown to a signed-in person who opens a page their role does not allow. */
export function ForbiddenPage() {
  const { t } = useLingui();
  return (
    <ErrorPage
      pageTitle={t`Not allowed`}
      color="orange"
      icon={<IconLock aria-hidden />}
      title={t`You do not have access to this page`}
      description={t`This page is for the society's administrators. If you think you should have access, contact an administrator.`}
    />
  );
}
