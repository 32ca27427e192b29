import { describe, expect, it } from 'vitest';
import { jobFieldsInput } from './jobs.js';
import { z } from './zod.js';

const messageOf = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues[0]?.message;

describe('validation messages for people', () => {
  it('replaces zod’s developer wording for checks that give no message of their own', () => {
    expect(messageOf(z.string().max(200), 'x'.repeat(201))).toBe('At most 200 characters');
    expect(messageOf(z.string().min(3), 'ab')).toBe('At least 3 characters');
    expect(messageOf(z.string().min(1), '')).toBe('Required');
    expect(messageOf(z.number().max(10), 11)).toBe('At most 10');
    expect(messageOf(z.number().min(0), -1)).toBe('Cannot be negative');
    expect(messageOf(z.number().int(), 1.5)).toBe('Enter a whole number');
    expect(messageOf(z.array(z.string()).max(2), ['a', 'b', 'c'])).toBe('At most 2 items');
    expect(messageOf(z.email(), 'nope')).toBe('Enter a valid email address');
    expect(messageOf(z.enum(['a', 'b']), 'c')).toBe('Choose one of the options');
    expect(messageOf(z.object({ name: z.string() }), {})).toBe('Required');
    expect(messageOf(z.number(), 'seven')).toBe('Enter a number');
  });

  it('keeps a message the schema gives', () => {
    expect(messageOf(z.string().max(2, 'Two at most'), 'abc')).toBe('Two at most');
  });

  it('the job form: ISO 4217 currencies only, no negative salary, a closing date from today', () => {
    const base = {
      title: 'Postdoc in organoids',
      descriptionMd: 'x'.repeat(60),
      positionType: 'postdoc',
      sector: 'academia',
      countryCode: 'DE',
      workplace: 'on_site',
      careerStage: null,
      salaryCurrency: null,
      closingOn: null,
      applyUrl: 'https://example.org/apply',
      applyEmail: null,
    };
    const issues = (extra: object) =>
      jobFieldsInput.safeParse({ ...base, ...extra }).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues({ salaryMin: 1, salaryCurrency: 'XYZ' })).toEqual([
      ['salaryCurrency', 'Use an ISO 4217 currency code, such as EUR or USD'],
    ]);
    for (const code of ['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'CNY', 'INR', 'BRL', 'ZAR', 'AUD', 'CAD', 'SEK'])
      expect(issues({ salaryMin: 1, salaryCurrency: code })).toBeUndefined();
    expect(issues({ salaryMin: -1, salaryCurrency: 'EUR' })).toEqual([
      ['salaryMin', 'A salary cannot be negative'],
    ]);
    expect(issues({ closingOn: '2020-01-31' })).toEqual([
      ['closingOn', 'The closing date must be today or later'],
    ]);
    expect(issues({ closingOn: new Date().toISOString().slice(0, 10) })).toBeUndefined();
  });
});
