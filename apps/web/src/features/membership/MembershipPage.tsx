import { IconIdBadge2 } from '@tabler/icons-react';
import { ComingSoonPage } from '../../components/ComingSoon';

export function MembershipPage() {
  return (
    <ComingSoonPage
      title="Membership"
      icon={<IconIdBadge2 aria-hidden />}
      summary="Join or renew online at the price that fits the country you work in and your career stage, and see your membership status at a glance."
      features={[
        'Prices by income band of your country of work and by career stage',
        'One-, two- or three-year terms, with optional automatic renewal',
        'Receipts, renewal reminders and a clear grace period',
      ]}
    />
  );
}
