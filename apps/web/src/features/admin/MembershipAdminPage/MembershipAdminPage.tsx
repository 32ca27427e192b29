import { Alert, Anchor, Button, Tabs } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { Page } from '../../../components/Page';
import { BandsTab } from './BandsTab';
import { PlansTab } from './PlansTab';
import { ProofsTab } from './ProofsTab';

const TABS = ['plans', 'bands', 'proofs'] as const;

export function MembershipAdminPage() {
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((t) => t === params.get('tab')) ?? 'plans';
  return (
    <Page
      title="Membership settings"
      description="Plans and prices, the country income bands, and proofs of eligibility waiting for review."
      actions={
        <Button component={Link} to="/admin" variant="default">
          Accounts
        </Button>
      }
    >
      <Alert variant="light" color="gray">
        Find a member under{' '}
        <Anchor component={Link} to="/admin">
          Accounts
        </Anchor>{' '}
        and choose <strong>Billing</strong> for their ledger, payments, refunds and complimentary terms.
      </Alert>
      <Tabs
        value={tab}
        onChange={(value) => {
          const next = new URLSearchParams(params);
          next.set('tab', value ?? 'plans');
          setParams(next, { replace: true });
        }}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="plans">Plans and prices</Tabs.Tab>
          <Tabs.Tab value="bands">Country bands</Tabs.Tab>
          <Tabs.Tab value="proofs">Proof review</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="plans" pt="md">
          <PlansTab />
        </Tabs.Panel>
        <Tabs.Panel value="bands" pt="md">
          <BandsTab />
        </Tabs.Panel>
        <Tabs.Panel value="proofs" pt="md">
          <ProofsTab />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}
