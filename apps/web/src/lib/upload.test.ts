import { describe, expect, it } from 'vitest';
import { readError } from './errors';
import { UploadError } from './upload';

describe('UploadError', () => {
  it("reads like a tRPC error: the server's message and its file field message", () => {
    const message = 'This file is too large for a proof of enrolment: the limit is 10 MB.';
    const error = new UploadError(message, {
      appCode: 'BAD_INPUT',
      httpStatus: 400,
      fieldErrors: { file: [message] },
      requestId: 'req-1',
    });
    expect(readError(error)).toMatchObject({
      message,
      appCode: 'BAD_INPUT',
      fieldErrors: { file: [message] },
      requestId: 'req-1',
    });
  });
});
