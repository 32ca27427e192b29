import { IconAddressBook } from '@tabler/icons-react';
import { ComingSoonPage } from '../../components/ComingSoon';

export function DirectoryPage() {
  return (
    <ComingSoonPage
      title="Directory"
      icon={<IconAddressBook aria-hidden />}
      summary="Find fellow members by name, institution, country or research area. Each member decides which fields are shown, and to whom, from their account page."
      features={[
        'Search by name, institution, country and research area',
        'Per-field visibility: everyone, members only, or hidden',
        'Members can leave the directory entirely',
      ]}
    />
  );
}
