import { describe, expect, it } from 'vitest';
import {
  applyServerErrors,
  describeQueryError,
  FORM_ERROR_KEY,
  formatErrorMessage,
  hasAppCode,
  mapFieldErrors,
  NETWORK_ERROR_MESSAGE,
  NOT_FOUND_MESSAGE,
  readError,
  safeNextPath,
  withFieldMapping,
} from './errors';

/** Shaped like a TRPCClientError from our API: message + AppErrorData in `data`. */
function apiError(message: string, data: Record<string, unknown>) {
  return Object.assign(new Error(message), { name: 'TRPCClientError', data });
}

function fakeForm() {
  const calls: Record<string, string>[] = [];
  return { calls, setErrors: (errors: Record<string, string>) => calls.push(errors) };
}

describe('readError', () => {
  it('reads message, code, field errors and request id from AppErrorData', () => {
    const error = apiError('Check the highlighted fields', {
      appCode: 'BAD_INPUT',
      httpStatus: 400,
      fieldErrors: { email: ['Enter a valid email address'], 'visibility.orcid': ['Invalid option'] },
      requestId: 'req-42',
    });
    expect(readError(error)).toEqual({
      message: 'Check the highlighted fields',
      appCode: 'BAD_INPUT',
      httpStatus: 400,
      fieldErrors: { email: ['Enter a valid email address'], 'visibility.orcid': ['Invalid option'] },
      requestId: 'req-42',
    });
  });

  it('turns a fetch failure without AppErrorData into a friendly network message', () => {
    const error = readError(new TypeError('Failed to fetch'));
    expect(error.message).toBe(NETWORK_ERROR_MESSAGE);
    expect(error.appCode).toBeUndefined();
    expect(error.fieldErrors).toEqual({});
  });

  it('ignores unknown app codes and malformed field errors', () => {
    const error = readError(
      apiError('Nope', { appCode: 'SOMETHING_ELSE', fieldErrors: { a: [1, 'ok'], b: 'x', c: null } }),
    );
    expect(error.appCode).toBeUndefined();
    expect(error.fieldErrors).toEqual({ a: ['ok'], b: ['x'] });
  });

  it('handles non-error values', () => {
    expect(readError(undefined).message).toBe(NETWORK_ERROR_MESSAGE);
    expect(readError(null).fieldErrors).toEqual({});
  });
});

describe('hasAppCode / formatErrorMessage', () => {
  it('matches only the exact code', () => {
    const error = apiError('Email or password is incorrect', { appCode: 'UNAUTHENTICATED', httpStatus: 401 });
    expect(hasAppCode(error, 'UNAUTHENTICATED')).toBe(true);
    expect(hasAppCode(error, 'FORBIDDEN')).toBe(false);
    expect(hasAppCode(new Error('x'), 'UNAUTHENTICATED')).toBe(false);
  });

  it('does not repeat a reference the server already put in the message', () => {
    const error = apiError('Something went wrong on our side. Reference: r-9', {
      appCode: 'INTERNAL',
      httpStatus: 500,
      requestId: 'r-9',
    });
    expect(readError(error).message).toBe('Something went wrong on our side.');
    expect(formatErrorMessage(error)).toBe('Something went wrong on our side. Reference: r-9');
  });

  it('appends the reference when there is a request id', () => {
    const error = apiError('Something broke', { appCode: 'INTERNAL', httpStatus: 500, requestId: 'abc123' });
    expect(formatErrorMessage(error)).toBe('Something broke Reference: abc123');
    expect(formatErrorMessage(apiError('Slow down', { appCode: 'RATE_LIMITED', httpStatus: 429 }))).toBe(
      'Slow down',
    );
  });
});

describe('mapFieldErrors', () => {
  const fields = ['name', 'researchAreas', 'visibility.orcid', 'visibility'];

  it('maps nested paths onto the longest rendered field and keeps the first message', () => {
    const result = mapFieldErrors(
      {
        'researchAreas.3': ['Keep each research area under 60 characters'],
        'visibility.orcid': ['Invalid option', 'second'],
        name: ['Enter your name'],
      },
      fields,
    );
    expect(result.errors).toEqual({
      researchAreas: 'Keep each research area under 60 characters',
      'visibility.orcid': 'Invalid option',
      name: 'Enter your name',
    });
    expect(result.unmatched).toEqual([]);
  });

  it('does not treat a mere prefix of a word as a parent path', () => {
    const result = mapFieldErrors({ names: ['Bad'] }, fields);
    expect(result.errors).toEqual({});
    expect(result.unmatched).toEqual(['Bad']);
  });

  it('passes keys through when no field list is given', () => {
    expect(mapFieldErrors({ email: ['x'] }).errors).toEqual({ email: 'x' });
  });
});

describe('applyServerErrors', () => {
  it('sets field errors on the form and returns null when all are shown by fields', () => {
    const form = fakeForm();
    const error = apiError('Invalid input', {
      appCode: 'BAD_INPUT',
      httpStatus: 400,
      fieldErrors: { email: ['Enter a valid email address'] },
    });
    expect(applyServerErrors(form, error, ['email', 'password'])).toBeNull();
    expect(form.calls).toEqual([{ email: 'Enter a valid email address' }]);
  });

  it("returns the message, without a reference, for a refusal of the person's own request", () => {
    const form = fakeForm();
    const error = apiError('Email or password is incorrect', {
      appCode: 'UNAUTHENTICATED',
      httpStatus: 401,
      requestId: 'r-1',
    });
    expect(applyServerErrors(form, error, ['email', 'password'])).toBe('Email or password is incorrect');
    expect(form.calls).toEqual([]);
  });

  it('returns unmatched field messages so they are not lost', () => {
    const form = fakeForm();
    const error = apiError('Invalid input', {
      appCode: 'BAD_INPUT',
      httpStatus: 400,
      fieldErrors: { email: ['Taken'], token: ['Expired link'] },
    });
    expect(applyServerErrors(form, error, ['email'])).toBe('Expired link');
    expect(form.calls).toEqual([{ email: 'Taken' }]);
  });
});

describe('describeQueryError', () => {
  it('reads a NOT_FOUND as not found, with the server message and no reference', () => {
    const error = apiError('This receipt was not found.', {
      appCode: 'NOT_FOUND',
      httpStatus: 404,
      requestId: 'r-2',
    });
    expect(describeQueryError(error)).toEqual({
      notFound: true,
      message: 'This receipt was not found.',
      reference: undefined,
    });
  });

  it('reads a malformed id (BAD_INPUT with field errors) as not found, not "check the highlighted fields"', () => {
    const error = apiError('Please check the highlighted fields.', {
      appCode: 'BAD_INPUT',
      httpStatus: 400,
      fieldErrors: { paymentId: ['Invalid UUID'] },
      requestId: 'r-3',
    });
    expect(describeQueryError(error)).toEqual({
      notFound: true,
      message: NOT_FOUND_MESSAGE,
      reference: undefined,
    });
  });

  it('keeps the reference for a fault on our side', () => {
    const error = apiError('Something went wrong on our side.', {
      appCode: 'INTERNAL',
      httpStatus: 500,
      requestId: 'r-4',
    });
    expect(describeQueryError(error)).toEqual({
      notFound: false,
      message: 'Something went wrong on our side.',
      reference: 'r-4',
    });
  });
});

describe('withFieldMapping', () => {
  it('moves array item errors onto the array field and surfaces unknown keys as a form error', () => {
    const validate = withFieldMapping<{ tags: string[] }>(
      () => ({ 'tags.1': 'Too long', other: 'Hidden problem', fine: null }),
      ['tags'],
    );
    expect(validate({ tags: ['a', 'b'] })).toEqual({ tags: 'Too long', [FORM_ERROR_KEY]: 'Hidden problem' });
  });
});

describe('safeNextPath', () => {
  it('allows same-site paths only', () => {
    expect(safeNextPath('/account?tab=1')).toBe('/account?tab=1');
    expect(safeNextPath('//evil.example/x')).toBe('/');
    expect(safeNextPath('https://evil.example')).toBe('/');
    expect(safeNextPath('/\\evil.example')).toBe('/');
    expect(safeNextPath('javascript:alert(1)')).toBe('/');
    expect(safeNextPath(null, '/home')).toBe('/home');
  });
});
