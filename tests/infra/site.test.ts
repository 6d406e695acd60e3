import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HubStack } from '../../infra/hub-stack.ts';
import { apiRequestHeaders, contentSecurityPolicy, directoryIndexFunction } from '../../infra/site.ts';
import { hubTemplate, logicalId, only, type Cfn } from './synth.ts';

// CloudFront's managed cache policy, by its published id.
const cachingDisabled = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

describe('site and API distribution', () => {
  let template: Template;
  let stack: HubStack;
  let distribution: Cfn;
  beforeAll(async () => {
    ({ template, stack } = await hubTemplate());
    distribution = only(template, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
  }, 120_000);

  it('keeps the site bucket private, reachable by this distribution only through Origin Access Control', () => {
    // Prepare
    const bucket = logicalId(stack, stack.site.bucket);
    const s3Origin = distribution.Origins.find((o: Cfn) => o.S3OriginConfig);
    // Assess
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    expect(s3Origin.DomainName).toEqual({ 'Fn::GetAtt': [bucket, 'RegionalDomainName'] });
    expect(s3Origin.S3OriginConfig.OriginAccessIdentity).toBe('');
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: ['s3:GetObject', 's3:ListBucket'],
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('sends CSP, HSTS, frame and content-type options on every response', () => {
    const policy = only(template, 'AWS::CloudFront::ResponseHeadersPolicy');
    expect(policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig).toEqual({
      ContentSecurityPolicy: { ContentSecurityPolicy: contentSecurityPolicy, Override: true },
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true, Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ContentTypeOptions: { Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
    });
    expect(contentSecurityPolicy).toContain("frame-ancestors 'none'");
    for (const behavior of [distribution.DefaultCacheBehavior, ...distribution.CacheBehaviors]) {
      expect(behavior.ResponseHeadersPolicyId).toEqual({ Ref: policy.logicalId });
    }
  });

  it('serves HTTPS only, compressed, with the 404 page and 404 status for missing pages', () => {
    const behaviors = [distribution.DefaultCacheBehavior, ...distribution.CacheBehaviors];
    for (const behavior of behaviors) {
      expect(['redirect-to-https', 'https-only']).toContain(behavior.ViewerProtocolPolicy);
      expect(behavior.Compress).toBe(true);
    }
    expect(distribution.DefaultRootObject).toBe('index.html');
    expect(distribution.CustomErrorResponses).toEqual([
      expect.objectContaining({ ErrorCode: 404, ResponseCode: 404, ResponsePagePath: '/404.html' }),
    ]);
  });

  it('maps directory URLs to the index.html Astro builds for them', () => {
    // Prepare
    const handler = new Function(`${directoryIndexFunction}; return handler;`)() as (e: unknown) => { uri: string };
    const rewrite = (uri: string) => handler({ request: { uri } }).uri;
    // Act, Assess
    expect(rewrite('/')).toBe('/index.html');
    expect(rewrite('/news')).toBe('/news/index.html');
    expect(rewrite('/fr/agenda/')).toBe('/fr/agenda/index.html');
    expect(rewrite('/_astro/site.Bx1.css')).toBe('/_astro/site.Bx1.css');
    expect(rewrite('/404.html')).toBe('/404.html');
    template.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: directoryIndexFunction,
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
    });
    expect(distribution.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [expect.stringMatching(/^SiteDirectoryIndex/), 'FunctionARN'] } },
    ]);
  });

  it('routes /api/* uncached to the API at its custom domain, over HTTPS', () => {
    // Prepare
    const api = distribution.CacheBehaviors.find((b: Cfn) => b.PathPattern === '/api/*');
    const origin = distribution.Origins.find((o: Cfn) => o.Id === api.TargetOriginId);
    // Assess
    expect(distribution.CacheBehaviors).toHaveLength(1);
    expect(api).toMatchObject({ CachePolicyId: cachingDisabled, ViewerProtocolPolicy: 'https-only' });
    expect(api.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']));
    expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    // The API's own domain, the one its certificate and mapping name; execute-api is switched off.
    expect(origin.DomainName).toBe('api-origin.partnership.example.org');
    expect(origin.DomainName).toBe(stack.api.originDomain);
    expect(JSON.stringify(distribution)).not.toContain('execute-api');
    // Not a Function URL: with OAC it would refuse unsigned form and one-click POSTs (docs/architecture.md, "Runtime and the API's origin").
    template.resourceCountIs('AWS::Lambda::Url', 0);
  });

  it("forwards CloudFront's viewer address, the viewer's language, cookies and query strings to the API, and never the viewer's Host", () => {
    // Prepare
    const api = distribution.CacheBehaviors.find((b: Cfn) => b.PathPattern === '/api/*');
    const policy = only(template, 'AWS::CloudFront::OriginRequestPolicy');
    const config = policy.Properties.OriginRequestPolicyConfig;
    const headers = (config.HeadersConfig.Headers as string[]).map((h) => h.toLowerCase());
    // Assess
    expect(api.OriginRequestPolicyId).toEqual({ Ref: policy.logicalId });
    // An allowlist: "allViewer…" behaviours would pass the viewer's Host, which no API mapping answers to.
    expect(config.HeadersConfig.HeaderBehavior).toBe('whitelist');
    expect(headers).toContain('cloudfront-viewer-address');
    expect(headers).not.toContain('host');
    expect(headers).toEqual(apiRequestHeaders.map((h) => h.toLowerCase()));
    // What the app reads: the page's language for its refusals (a French page reads French on AWS
    // as on one machine), the body's type, and Origin and Sec-Fetch-Site for its CSRF check.
    expect(headers).toEqual(expect.arrayContaining(['accept-language', 'content-type', 'origin', 'sec-fetch-site']));
    expect(config.CookiesConfig).toEqual({ CookieBehavior: 'all' });
    expect(config.QueryStringsConfig).toEqual({ QueryStringBehavior: 'all' });
  });

  it('deploys the built site to the bucket and invalidates the distribution', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: logicalId(stack, stack.site.bucket) },
      DistributionId: { Ref: logicalId(stack, stack.site.distribution) },
      DistributionPaths: ['/*'],
      Prune: true,
    });
  });

  it('logs viewer requests to the access-log bucket', () => {
    expect(distribution.Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [expect.stringMatching(/^AccessLogs/), 'RegionalDomainName'] },
      Prefix: 'cloudfront/',
    });
  });
});
