import { Page } from '../../components/Page';

export function MemberBillingPage() {
  return <Page title="Membership administration" />;
}
