import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small S3-compatible stand-in at the network boundary (path-style: /<bucket>/<key>), so the
 * real AWS SDK (its signing, presigner and error parsing) is exercised without a MinIO install.
 * It keeps objects in memory and answers PUT, GET, HEAD and DELETE. Requests must be signed
 * (an Authorization header, or a presigned query); a presigned GET is refused once
 * X-Amz-Date + X-Amz-Expires has passed, as S3 does. It does not verify signatures themselves.
 */
export async function startS3StandIn(bucket: string) {
  const objects = new Map<string, { body: Buffer; contentType: string }>();
  const requests: { method: string; key: string; presigned: boolean }[] = [];

  const xmlError = (res: ServerResponse, status: number, code: string, message: string) => {
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    );
  };

  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    // aws-chunked (streaming uploads): "<hex size>;chunk-signature=...\r\n<data>\r\n" ... "0;...".
    if (!String(req.headers['content-encoding'] ?? '').includes('aws-chunked')) return raw;
    const parts: Buffer[] = [];
    let at = 0;
    while (at < raw.length) {
      const lineEnd = raw.indexOf('\r\n', at);
      const size = Number.parseInt(raw.subarray(at, lineEnd).toString().split(';')[0]!, 16);
      if (!size) break;
      parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    return Buffer.concat(parts);
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const [, pathBucket, ...keyParts] = url.pathname.split('/');
    const key = decodeURIComponent(keyParts.join('/'));
    const presigned = url.searchParams.has('X-Amz-Signature');
    requests.push({ method: req.method ?? '', key, presigned });
    if (!presigned && !String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
      return xmlError(res, 403, 'AccessDenied', 'Anonymous access is not allowed');
    }
    if (presigned) {
      const date = url.searchParams.get('X-Amz-Date') ?? '';
      const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
      const expires = Number(url.searchParams.get('X-Amz-Expires'));
      if (!m || !expires) return xmlError(res, 403, 'AccessDenied', 'Bad presigned request');
      const signedAt = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
      if (Date.now() > signedAt + expires * 1000)
        return xmlError(res, 403, 'AccessDenied', 'Request has expired');
    }
    if (pathBucket !== bucket)
      return xmlError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist');
    if (req.method === 'PUT') {
      const body = await readBody(req);
      objects.set(key, { body, contentType: String(req.headers['content-type'] ?? 'binary/octet-stream') });
      res.writeHead(200, { etag: '"stand-in"' });
      return res.end();
    }
    if (req.method === 'DELETE') {
      objects.delete(key);
      res.writeHead(204);
      return res.end();
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      const object = objects.get(key);
      if (!object) return xmlError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
      res.writeHead(200, {
        'content-type': url.searchParams.get('response-content-type') ?? object.contentType,
        'content-length': object.body.length,
      });
      return res.end(req.method === 'GET' ? object.body : undefined);
    }
    return xmlError(res, 405, 'MethodNotAllowed', 'Not supported by the stand-in');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
