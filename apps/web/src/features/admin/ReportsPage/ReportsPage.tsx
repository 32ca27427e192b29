import { Page } from '../../../components/Page';
import { Charts } from './Charts';
import { Filters, useFilters } from './Filters';
import { Lists } from './Lists';
import { Tiles } from './Tiles';

export function ReportsPage() {
  const { filters, set } = useFilters();
  return (
    <Page
      title="Reports"
      description="The numbers the board asks for: members, renewals, revenue and the job board, from the membership ledger and payments."
      size="xl"
    >
      <Filters filters={filters} set={set} />
      <Tiles filters={filters} />
      <Charts filters={filters} />
      <Lists filters={filters} />
    </Page>
  );
}
