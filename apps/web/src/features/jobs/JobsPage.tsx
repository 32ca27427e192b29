import { IconBriefcase } from '@tabler/icons-react';
import { ComingSoonPage } from '../../components/ComingSoon';

export function JobsPage() {
  return (
    <ComingSoonPage
      title="Jobs"
      icon={<IconBriefcase aria-hidden />}
      summary="Browse and search positions in the field, from PhD studentships to faculty and industry roles; employers will post and manage their own listings."
      features={[
        'Full-text search with filters for country, career stage and job type',
        'Email alerts for new listings that match a saved search',
        'Listings posted and renewed by employers',
      ]}
    />
  );
}
