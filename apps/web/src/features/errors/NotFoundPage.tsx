import { IconMapSearch } from '@tabler/icons-react';
import { useLocation } from 'react-router';
import { ErrorPage } from './ErrorPage';

export function NotFoundPage() {
  const location = useLocation();
  return (
    <ErrorPage
      pageTitle="Page not found"
      color="gray"
      icon={<IconMapSearch aria-hidden />}
      title="404: nothing here"
      description={`There is no page at ${location.pathname}. It may have moved, or the link may be mistyped.`}
    />
  );
}
