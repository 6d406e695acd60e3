import type { Context } from 'hono';
import { clientKey, viewerAddressOf } from '../../core/auth/client.ts';

/** What the two runtimes hand the app beside the request (only the fields read here). */
interface Bindings {
  /** @hono/node-server (the local hub): the incoming message and its socket. */
  incoming?: { socket?: { remoteAddress?: string } };
  /** hono/aws-lambda: the API Gateway HTTP API event's request context. */
  requestContext?: { http?: { sourceIp?: string } };
}

/**
 * The client as the edge saw it, never a header the client writes (`X-Forwarded-For`, `X-Real-IP`
 * are ignored). Locally: the socket's remote address. On AWS: `CloudFront-Viewer-Address`, which
 * CloudFront sets itself (overwriting any a viewer sends) and its origin request policy forwards;
 * the API has no other entrance (its execute-api endpoint is disabled). Every per-client limit
 * counts under this key.
 */
export function clientAddress(c: Context): string {
  const env = (c.env ?? {}) as Bindings;
  if (env.requestContext) {
    return clientKey(viewerAddressOf(c.req.header('cloudfront-viewer-address')) ?? env.requestContext.http?.sourceIp);
  }
  return clientKey(env.incoming?.socket?.remoteAddress);
}
