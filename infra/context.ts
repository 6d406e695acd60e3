import type { Construct } from 'constructs';

/** The deployment's settings, read from cdk.json context (or `-c key=value`), so synth needs no lookups. */
export interface HubContext {
  domain: string;
  sender: string;
  alarmEmail: string;
  sesMaxSendRate: number;
  /** An ACM certificate in us-east-1 for `domain`; without it the site answers on its cloudfront.net name. */
  certificateArn?: string;
  /** The host CloudFront reaches the API at (a CNAME to the API's regional domain); not for people. */
  apiOriginDomain: string;
  /** An ACM certificate in the stack's region for apiOriginDomain; without it the stack requests one, validated by DNS. */
  apiCertificateArn?: string;
  /** The subdomain replies by email go to (its MX record points at SES's inbound endpoint of the stack's region). */
  replyDomain: string;
}

export function readContext(scope: Construct): HubContext {
  const get = (key: string) => scope.node.tryGetContext(`hub:${key}`) as unknown;
  const domain = String(get('domain') ?? 'partnership.example.org');
  const rate = Number(get('sesMaxSendRate') ?? 14);
  if (!Number.isFinite(rate) || rate <= 0) {
    throw new Error(`hub:sesMaxSendRate expects the SES account's maximum send rate in emails per second (got ${String(get('sesMaxSendRate'))})`);
  }
  const certificateArn = get('certificateArn');
  const apiCertificateArn = get('apiCertificateArn');
  const apiOriginDomain = String(get('apiOriginDomain') ?? `api-origin.${domain}`);
  // CloudFront would send /api/* back to itself.
  if (apiOriginDomain === domain) {
    throw new Error(`hub:apiOriginDomain must differ from hub:domain (${domain}): it names the API's own host behind CloudFront`);
  }
  // The origin-verify value used to live in Secrets Manager, rolled out by version id; it is now the
  // stack parameter OriginVerify, and a leftover setting would silently do nothing.
  if (get('originVerifyVersion') !== undefined) {
    throw new Error('hub:originVerifyVersion is no longer read: the origin-verify value is the stack parameter OriginVerify (npm run deploy -- --parameters OriginVerify=...; docs/deploy.md)');
  }
  const replyDomain = String(get('replyDomain') ?? `reply.${domain}`).toLowerCase();
  if (replyDomain === domain || !/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(replyDomain)) {
    throw new Error(`hub:replyDomain expects a mail domain of its own for replies by email, e.g. reply.${domain} (got ${replyDomain})`);
  }
  return {
    domain,
    replyDomain,
    sender: String(get('sender') ?? `updates@${domain}`),
    alarmEmail: String(get('alarmEmail') ?? `operations@${domain}`),
    sesMaxSendRate: rate,
    certificateArn: certificateArn ? String(certificateArn) : undefined,
    apiOriginDomain,
    apiCertificateArn: apiCertificateArn ? String(apiCertificateArn) : undefined,
  };
}
