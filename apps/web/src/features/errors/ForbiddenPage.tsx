import { IconLock } from '@tabler/icons-react';
import { ErrorPage } from './ErrorPage';

/** Shown to a signed-in person who opens a page their role does not allow. */
export function ForbiddenPage() {
  return (
    <ErrorPage
      pageTitle="Not allowed"
      color="orange"
      icon={<IconLock aria-hidden />}
      title="You do not have access to this page"
      description="This page is for the society's administrators. If you think you should have access, contact an administrator."
    />
  );
}
