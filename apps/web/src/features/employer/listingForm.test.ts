import { saveListingInput } from '@societas/contracts';
import { describe, expect, it } from 'vitest';
import { EMPTY_LISTING, listingFormValues, listingInput } from './listingForm';

const complete = {
  ...EMPTY_LISTING,
  title: 'Postdoc in organoids',
  descriptionMd: 'We grow kidney organoids and study their maturation in the lab every day.',
  countryCode: 'DE',
  applyUrl: 'https://example.org/apply',
};

describe('listingInput', () => {
  it('sends empty salary inputs as no salary, so a listing without one passes the schema', () => {
    const input = listingInput(null, { fields: complete });
    expect(input.fields.salaryMin).toBeNull();
    expect(input.fields.salaryMax).toBeNull();
    expect(saveListingInput.safeParse(input).success).toBe(true);
  });

  it('sends typed salaries as numbers, and a stray minus as a number the schema refuses', () => {
    expect(
      listingInput(null, { fields: { ...complete, salaryMin: '52000', salaryMax: 60000 } }).fields,
    ).toMatchObject({ salaryMin: 52000, salaryMax: 60000 });
    const partial = listingInput(null, { fields: { ...complete, salaryMin: '-', salaryCurrency: 'EUR' } });
    const issues = saveListingInput
      .safeParse(partial)
      .error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues).toEqual([['fields.salaryMin', 'Enter the amount as a number']]);
  });
});

describe('listingFormValues', () => {
  it('shows missing saved values as empty inputs, and no career stage as none', () => {
    const values = listingFormValues({ ...complete, city: null, closingOn: null, careerStage: null });
    expect(values.fields).toMatchObject({
      city: '',
      closingOn: '',
      careerStage: null,
      title: complete.title,
    });
    expect(values.fields.salaryCurrency).toBe('');
  });
});
