import { IconUsersGroup } from '@tabler/icons-react';
import { ComingSoonPage } from '../../components/ComingSoon';

export function CommitteesPage() {
  return (
    <ComingSoonPage
      title="Committees"
      icon={<IconUsersGroup aria-hidden />}
      summary="See who serves on each of the society's committees, and, if you chair one, keep its roster and terms up to date yourself."
      features={[
        'Every committee with its purpose, chair and members',
        'Roles and terms with start and end dates',
        'Roster editing for committee chairs',
      ]}
    />
  );
}
