import { IconSparkles } from '@tabler/icons-react';
import { ComingSoonPage } from '../../components/ComingSoon';

export function SpotlightsPage() {
  return (
    <ComingSoonPage
      title="Spotlights"
      icon={<IconSparkles aria-hidden />}
      summary="Stories about members and their research: interviews, early-career profiles and lab features, published by the society."
      features={[
        'Member and lab profiles with photos and links',
        'Early-career researcher features',
        'Browse by research area',
      ]}
    />
  );
}
