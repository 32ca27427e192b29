import { Page } from '../../components/Page';

export function MembershipAdminPage() {
  return <Page title="Membership administration" />;
}
