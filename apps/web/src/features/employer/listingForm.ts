import type { JobFieldsInput } from '@societas/contracts';

/** The listing form's values: the salary inputs hold what was typed (a number, '' or a partial entry). */
export type ListingFormValues = {
  fields: Omit<JobFieldsInput, 'salaryMin' | 'salaryMax'> & {
    salaryMin: number | string | null;
    salaryMax: number | string | null;
  };
};

export const EMPTY_LISTING: ListingFormValues['fields'] = {
  title: '',
  descriptionMd: '',
  positionType: 'postdoc',
  sector: 'academia',
  countryCode: '',
  city: '',
  workplace: 'on_site',
  careerStage: null,
  salaryMin: '',
  salaryMax: '',
  salaryCurrency: '',
  closingOn: '',
  applyUrl: '',
  applyEmail: '',
};

/** The paths of the rendered fields, where the schema's and the server's errors show. */
export const LISTING_FIELD_PATHS = Object.keys(EMPTY_LISTING).map((k) => `fields.${k}`);

/** An empty salary is none; anything else is checked as a number (a stray "-" is refused, not 0). */
function salaryAmount(value: number | string | null | undefined): number | null {
  return value === '' || value === null || value === undefined ? null : Number(value);
}

/** The form's values for a saved listing: a missing value is an empty input (no career stage: null). */
export function listingFormValues(saved: Record<string, unknown>): ListingFormValues {
  const filled = Object.entries(saved).map(([k, v]) => [k, v ?? (k === 'careerStage' ? null : '')]);
  return { fields: { ...EMPTY_LISTING, ...Object.fromEntries(filled) } as ListingFormValues['fields'] };
}

/** What the form sends to `employer.saveListing` (a new listing has no id yet). */
export function listingInput(id: string | null, values: ListingFormValues) {
  const f = values.fields;
  return { id, fields: { ...f, salaryMin: salaryAmount(f.salaryMin), salaryMax: salaryAmount(f.salaryMax) } };
}
