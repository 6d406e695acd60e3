import { CfnElement, DefaultStackSynthesizer, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AccessLevel,
  AllowedMethods,
  CachePolicy,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  Function as EdgeFunction,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { privateBucketProps } from './buckets.ts';

/**
 * Scripts and styles come from the site itself; Astro inlines its scoped styles; Pagefind's search
 * runs WebAssembly. Nothing may frame the hub, and forms post only to it.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  'upgrade-insecure-requests',
].join('; ');

/**
 * Astro builds each page as <path>/index.html, and an S3 origin behind OAC serves keys, not
 * directories: map /news and /news/ to news/index.html before the request reaches S3.
 */
export const directoryIndexFunction = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
  } else if (uri.slice(uri.lastIndexOf('/') + 1).indexOf('.') === -1) {
    request.uri = uri + '/index.html';
  }
  return request;
}`;

/**
 * What the API receives from a viewer's request besides its path, body, cookies and query string.
 * An allowlist because CloudFront has no "all viewer headers but Host, plus CloudFront's": Host
 * must stay the API's origin name, which its custom domain answers to (the viewer's would match no
 * mapping). CloudFront-Viewer-Address is written by CloudFront from the connection, whatever the
 * viewer sends, so it is the address rate limits can trust; the others are the ones the app reads
 * (the language of its refusals, body parsing, the CSRF check). Add a header here when the app
 * starts reading one.
 */
export const apiRequestHeaders = ['Accept-Language', 'CloudFront-Viewer-Address', 'Content-Type', 'Origin', 'Sec-Fetch-Site'];

export interface HubSiteProps {
  /** The built site (an Astro `dist` folder). */
  siteDir: string;
  /** Host name of the /api/* origin: the API's custom domain. */
  apiOriginDomain: string;
  /** Headers CloudFront adds to every request to the API origin (the origin-verify secret). */
  apiOriginHeaders: Record<string, string>;
  accessLogs: IBucket;
  domain: string;
  certificateArn?: string;
}

/** The public site from a private bucket, and the API under /api/*, on one CloudFront distribution. */
export class HubSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: HubSiteProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      ...privateBucketProps,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'site/',
    });

    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Partnership Hub: CSP, HSTS, no framing, no MIME sniffing',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });

    const directoryIndex = new EdgeFunction(this, 'DirectoryIndex', {
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(directoryIndexFunction),
      comment: 'Serves <path>/index.html for directory URLs of the Astro site',
    });

    const apiRequests = new OriginRequestPolicy(this, 'ApiRequests', {
      comment: 'Partnership Hub API: the viewer address CloudFront saw, cookies, query strings and the headers the app reads; never Host',
      headerBehavior: OriginRequestHeaderBehavior.allowList(...apiRequestHeaders),
      cookieBehavior: OriginRequestCookieBehavior.all(),
      queryStringBehavior: OriginRequestQueryStringBehavior.all(),
    });

    const certificate = props.certificateArn
      ? Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn)
      : undefined;

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Partnership Hub: site and API',
      defaultRootObject: 'index.html',
      ...(certificate && {
        domainNames: [props.domain],
        certificate,
        minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      }),
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Europe and North America edges: the partnership's audience, at the lowest price class.
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        // LIST lets S3 answer 404 (not 403) for a missing page, which the error response below turns into /404.html.
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket, {
          originAccessLevels: [AccessLevel.READ, AccessLevel.LIST],
        }),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        compress: true,
        functionAssociations: [{ function: directoryIndex, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/api/*': {
          // The custom headers replace any of the same name a viewer sends.
          origin: new HttpOrigin(props.apiOriginDomain, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            customHeaders: props.apiOriginHeaders,
          }),
          // A redirect would drop a POST's body, so plain HTTP is refused rather than redirected.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: apiRequests,
          responseHeadersPolicy: securityHeaders,
          compress: true,
        },
      },
      // Custom error responses apply to every behavior: an API 404 keeps its status but gets this page as body.
      errorResponses: [{ httpStatus: 404, responseHttpStatus: 404, responsePagePath: '/404.html', ttl: Duration.minutes(5) }],
    });

    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'A public site for a European partnership and its worldwide contacts: no country is to be blocked.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'No WAF web ACL (from $5/month plus per-rule fees, several times the idle bill): the API stage throttles and the app rate-limits sign-in, subscribe and posting.',
    });
    Validations.of(this.distribution).acknowledge({
      id: '@aws-cdk/aws-cloudfront-origins:listBucketSecurityRisk',
      reason:
        'LIST only lets S3 answer 404 for a missing page; defaultRootObject is set, so the root never lists the bucket, and the built site holds nothing unpublished.',
    });
    if (!certificate) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without hub:certificateArn the distribution answers on its *.cloudfront.net name, whose default certificate CloudFront pins to TLSv1; with a certificate it requires TLSv1.2_2021.',
      });
    }

    new BucketDeployment(this, 'Deployment', {
      sources: [Source.asset(props.siteDir)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    this.acknowledgeDeploymentHandler();
  }

  /**
   * BucketDeployment's handler is a stack-level singleton that CDK owns: its runtime and its
   * grants (copy from the asset bucket, sync into the site bucket, invalidate) are not ours to narrow.
   */
  private acknowledgeDeploymentHandler() {
    const stack = Stack.of(this);
    const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!handler) return;
    const literal = (value: string, placeholder: string) => (Token.isUnresolved(value) ? placeholder : value);
    const assetBucket = `cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-${literal(stack.account, '<AWS::AccountId>')}-${literal(stack.region, '<AWS::Region>')}`;
    const siteBucket = stack.getLogicalId(this.bucket.node.defaultChild as CfnElement);
    const reason = 'CDK-managed BucketDeployment handler: it copies the built site from the CDK asset bucket into the site bucket and invalidates the distribution; CDK chooses its runtime and grants.';
    for (const id of [
      'AwsSolutions-L1',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'AwsSolutions-IAM5[Action::s3:GetObject*]',
      'AwsSolutions-IAM5[Action::s3:GetBucket*]',
      'AwsSolutions-IAM5[Action::s3:List*]',
      'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
      'AwsSolutions-IAM5[Action::s3:Abort*]',
      'AwsSolutions-IAM5[Resource::*]',
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${assetBucket}/*]`,
      `AwsSolutions-IAM5[Resource::<${siteBucket}.Arn>/*]`,
    ]) {
      Validations.of(handler).acknowledge({ id, reason });
    }
  }
}
