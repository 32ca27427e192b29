import type { z } from 'zod';

type Issue = Parameters<NonNullable<z.core.$ZodErrorMap>>[0];

const count = (n: number | bigint, one: string, many: string) => `${n} ${Number(n) === 1 ? one : many}`;

const FORMATS: Record<string, string> = {
  email: 'Enter a valid email address',
  url: 'Enter a web address starting with https://',
  uuid: 'This is not a valid id',
  date: 'Use a date like 2027-01-31',
  datetime: 'Use a date and time like 2027-01-31T09:00',
  time: 'Use a time like 09:00',
};

/**
 * Validation messages written for the person filling the form ("At most 200 characters"), in place
 * of zod's developer wording ("Too big: expected string to have <=200 characters"). A message a
 * schema gives itself always wins; this covers every check that gives none. Returning undefined
 * leaves zod's own English text (codes a person never meets, such as unknown keys).
 */
export function humanMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'too_big': {
      const max = issue.maximum as number;
      switch (issue.origin) {
        case 'string':
          return `At most ${count(max, 'character', 'characters')}`;
        case 'array':
        case 'set':
          return `At most ${count(max, 'item', 'items')}`;
        case 'number':
        case 'int':
        case 'bigint':
          return issue.inclusive === false ? `Must be less than ${max}` : `At most ${max}`;
        case 'date':
          return `On or before ${new Date(max).toISOString().slice(0, 10)}`;
        default:
          return 'Too large';
      }
    }
    case 'too_small': {
      const min = issue.minimum as number;
      switch (issue.origin) {
        case 'string':
          return Number(min) <= 1 ? 'Required' : `At least ${count(min, 'character', 'characters')}`;
        case 'array':
        case 'set':
          return Number(min) <= 1 ? 'Choose at least one' : `At least ${count(min, 'item', 'items')}`;
        case 'number':
        case 'int':
        case 'bigint':
          if (Number(min) === 0) return 'Cannot be negative';
          return issue.inclusive === false ? `Must be more than ${min}` : `At least ${min}`;
        case 'date':
          return `On or after ${new Date(min).toISOString().slice(0, 10)}`;
        default:
          return 'Too small';
      }
    }
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return 'Required';
      if (issue.expected === 'int') return 'Enter a whole number';
      if (issue.expected === 'number') return 'Enter a number';
      if (issue.expected === 'date') return 'Enter a date';
      if (issue.expected === 'boolean') return 'Choose yes or no';
      return 'Enter a valid value';
    case 'invalid_format':
      if (issue.format === 'regex') return 'This is not in the expected format';
      if (issue.format === 'starts_with') return `Must start with "${issue.prefix}"`;
      return FORMATS[issue.format] ?? 'This is not in the expected format';
    case 'invalid_value':
      return 'Choose one of the options';
    case 'not_multiple_of':
      return `Must be a multiple of ${issue.divisor}`;
    case 'invalid_union':
      return 'Enter a valid value';
    default:
      return undefined;
  }
}
