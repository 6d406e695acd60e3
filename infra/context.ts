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
  /** The origin-verify secret's version id to deploy (after `put-secret-value`); without it, the current value. */
  originVerifyVersion?: string;
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
  const originVerifyVersion = get('originVerifyVersion');
  // Secrets Manager version ids (a put-secret-value's --client-request-token) are 32 to 64 characters.
  if (originVerifyVersion !== undefined && !/^[\w-]{32,64}$/.test(String(originVerifyVersion))) {
    throw new Error(
      `hub:originVerifyVersion expects the origin-verify secret's version id, 32 to 64 characters (got ${String(originVerifyVersion)})`,
    );
  }
  return {
    domain,
    sender: String(get('sender') ?? `updates@${domain}`),
    alarmEmail: String(get('alarmEmail') ?? `operations@${domain}`),
    sesMaxSendRate: rate,
    certificateArn: certificateArn ? String(certificateArn) : undefined,
    apiOriginDomain,
    apiCertificateArn: apiCertificateArn ? String(apiCertificateArn) : undefined,
    originVerifyVersion: originVerifyVersion === undefined ? undefined : String(originVerifyVersion),
  };
}
