import { compInput, resetPasswordInput, signInInput } from '@societas/contracts';
import { describe, expect, it } from 'vitest';
import { FORM_ERROR_KEY } from './errors';
import { schemaValidator } from './formRules';

describe('schemaValidator', () => {
  it('passes valid values with no errors', () => {
    const validate = schemaValidator(signInInput, ['email', 'password']);
    expect(validate({ email: 'ada@example.org', password: 'long enough' })).toEqual({});
  });

  it('puts each schema error on its field, in the shared wording', () => {
    const validate = schemaValidator(signInInput, ['email', 'password']);
    const errors = validate({ email: 'not an email', password: '' });
    expect(Object.keys(errors).sort()).toEqual(['email', 'password']);
    expect(errors.email).toMatch(/email/i);
  });

  it('checks what toInput makes of the values, and maps its errors back to the fields', () => {
    const values = { planCode: 'regular', term: '2', reason: 'x' };
    const toInput = (v: typeof values) => ({ ...v, userId: 'u1', term: Number(v.term) });
    const validate = schemaValidator(compInput, ['planCode', 'term', 'reason'], toInput);
    // "2" would fail the term schema as text; as a number it is a valid term.
    expect(validate(values)).toEqual({ reason: 'Give a reason' });
    expect(validate({ ...values, reason: 'honorary member' })).toEqual({});
  });

  it('never drops an error no rendered field shows: it goes to the form-level key', () => {
    // The token is not a field of the reset form; a missing one must still stop the submit.
    const validate = schemaValidator(resetPasswordInput, ['password', 'confirmPassword']);
    const errors = validate({
      token: '',
      password: 'a long new password',
      confirmPassword: 'a long new password',
    });
    expect(errors.password).toBeUndefined();
    expect(errors[FORM_ERROR_KEY]).toBeTruthy();
  });
});
