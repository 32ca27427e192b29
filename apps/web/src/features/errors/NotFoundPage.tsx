import { useLingui } from '@lingui/react/macro';
import { IconMapSearch } from '@tabler/icons-react';
import { useLocation } from 'react-router';
import { ErrorPage } from './ErrorPage';

export function NotFoundPage() {
  const location = useLocation();
  const { t } = useLingui();
  const path = location.pathname;
  return (
    <ErrorPage
      pageTitle={t`Page not found`}
      color="gray"
      icon={<IconMapSearch aria-hidden />}
      title={t`404: nothing here`}
      description={t`There is no page at ${path}. It may have moved, or the link may be mistyped.`}
    />
  );
}
