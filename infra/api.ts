import { CfnParameter, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  ApiMapping,
  DomainName,
  EndpointType,
  HttpApi,
  HttpMethod,
  HttpRoute,
  LogGroupLogDestination,
  SecurityPolicy,
  type CfnStage,
  type HttpStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate, CertificateValidation, type ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { hubFunction } from './functions.ts';

/** Requests per second and burst, for all callers of a route together. */
export interface RouteThrottle {
  rateLimit: number;
  burstLimit: number;
}

/** A ceiling against floods that also bounds the Lambda bill; the app rate-limits per person below it. */
export const defaultThrottle: RouteThrottle = { rateLimit: 50, burstLimit: 100 };

/**
 * The routes a stranger can call without an account, each capped at the stage, per second for all
 * callers together, before a Lambda runs. All but verify send an email, so the caps are what
 * bounds the mail a flood can make the hub send: together (5 + 2 + 1 + 1 = 9/s) they stay under
 * the 14/s a new SES production account starts with, leaving room for the partnership's own
 * mailings. A flood gets 429 on that one form while it lasts; the rest of the hub keeps answering.
 */
export const throttledRoutes: Record<string, RouteThrottle> = {
  // A few hundred members sign in at most a handful per minute, even after a mailing links them
  // to the forums (a session lasts days); 5/s with a burst of 10 is far above that.
  'POST /api/auth/login': { rateLimit: 5, burstLimit: 10 },
  // One verify follows each login (a mistyped code, a second one); guesses are also capped at
  // five per sign-in request by the app, so this bounds the total guessing rate as well.
  'POST /api/auth/verify': { rateLimit: 5, burstLimit: 10 },
  // The public update sign-up: a few a day, mailing each address a confirmation link.
  'POST /api/subscribe': { rateLimit: 2, burstLimit: 5 },
  // The public expert-pool form (double opt-in): a few a week after a call for experts.
  'POST /api/experts': { rateLimit: 1, burstLimit: 3 },
  // "Your data" requests: a few a month; each may mail the address's owner.
  'POST /api/privacy/requests': { rateLimit: 1, burstLimit: 3 },
};

/**
 * The header CloudFront adds to every /api/* request it forwards, carrying the origin-verify value.
 * The origin name resolves publicly, so without it anyone could call the API there directly and
 * forge CloudFront-Viewer-Address; the app refuses requests whose value does not match ORIGIN_VERIFY.
 */
export const originVerifyHeader = 'X-Hub-Origin-Verify';

/**
 * The stack parameter that carries the origin-verify value: given once at the first deploy
 * (`--parameters OriginVerify=$(openssl rand -hex 24)`), kept by every later deploy, replaced by
 * giving a new one. No-echo, so CloudFormation never shows it; the template holds only its name.
 */
export const originVerifyParameter = { name: 'OriginVerify', minLength: 32, maxLength: 128, allowedPattern: '[A-Za-z0-9]+' } as const;

export interface HubApiProps {
  environment: Record<string, string>;
  /** The host name CloudFront reaches the API at; with the execute-api endpoint off, the API answers at no other. */
  originDomain: string;
  /** A regional ACM certificate (the stack's region) for originDomain; without it one is requested, validated by DNS. */
  certificateArn?: string;
}

/**
 * The Hono app on Lambda behind an HTTP API. CloudFront reaches it as the /api/* origin: unlike a
 * Function URL with OAC, an HTTP API takes the unsigned POSTs of plain forms and RFC 8058 one-click
 * unsubscribes (docs/architecture.md, "Runtime and the API's origin").
 */
export class HubApi extends Construct {
  readonly function: LambdaFunction;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly originDomain: string;
  readonly domainName: DomainName;
  readonly certificate: ICertificate;
  /** Given at deploy; only CloudFront (as originVerifyHeader) and the function's ORIGIN_VERIFY hold its value. */
  readonly originVerifyParameter: CfnParameter;
  /** The parameter's value, a Ref resolved at deploy: never in the template or the repo. */
  readonly originVerify: string;

  constructor(scope: Construct, id: string, props: HubApiProps) {
    super(scope, id);
    // Nothing reads this value at run time but the app comparing a header, so it needs no secret store
    // (a Secrets Manager secret would cost 0.40 USD a month to be read once per deploy).
    this.originVerifyParameter = new CfnParameter(Stack.of(this), originVerifyParameter.name, {
      type: 'String',
      noEcho: true,
      minLength: originVerifyParameter.minLength,
      maxLength: originVerifyParameter.maxLength,
      allowedPattern: originVerifyParameter.allowedPattern,
      description: `The ${originVerifyHeader} value CloudFront sends the API, so only CloudFront can call it: 32 or more letters and digits, e.g. $(openssl rand -hex 24)`,
      constraintDescription: 'letters and digits only, 32 to 128 of them (openssl rand -hex 24)',
    });
    this.originVerify = this.originVerifyParameter.valueAsString;
    this.function = hubFunction(this, 'Function', 'api', {
      description: 'Partnership Hub API (Hono)',
      environment: { ...props.environment, ORIGIN_VERIFY: this.originVerify },
      timeout: Duration.seconds(15),
    });

    // One invoke permission for the whole API: every route, $default included, reaches this function.
    const hono = new HttpLambdaIntegration('Hono', this.function, { scopePermissionToRoute: false });
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Partnership Hub API, the /api/* origin of the distribution',
      defaultIntegration: hono,
      createDefaultStage: false,
      // One way in, the custom domain CloudFront uses: the default endpoint would be a second
      // public host for the same API, reached without the distribution's headers and logs.
      disableExecuteApiEndpoint: true,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = this.httpApi.addStage('Stage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: defaultThrottle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            method: '$context.httpMethod',
            // The route, not the path: a path can hold a one-click unsubscribe token or a calendar
            // feed's key, and no log line may carry a token.
            route: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            bytes: '$context.responseLength',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    this.throttleRoutes(hono);

    // With the execute-api endpoint off, CloudFront needs a host of our own to reach the API at.
    this.originDomain = props.originDomain;
    this.certificate = props.certificateArn
      ? Certificate.fromCertificateArn(this, 'OriginCertificate', props.certificateArn)
      : new Certificate(this, 'OriginCertificate', {
          domainName: props.originDomain,
          validation: CertificateValidation.fromDns(),
        });
    this.domainName = new DomainName(this, 'OriginDomain', {
      domainName: props.originDomain,
      certificate: this.certificate,
      endpointType: EndpointType.REGIONAL,
      securityPolicy: SecurityPolicy.TLS_1_2,
    });
    new ApiMapping(this, 'OriginMapping', { api: this.httpApi, domainName: this.domainName, stage: this.stage });

    for (const route of this.httpApi.node.findAll().filter((c) => c instanceof HttpRoute)) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'The app authorizes each request itself (session cookie, roles, CSRF); sign-in, subscribe and the RFC 8058 one-click unsubscribe must stay reachable without credentials.',
      });
    }
  }

  /**
   * HTTP API throttles per route only for routes it knows by key, not for paths the $default route
   * proxies: each capped route is declared, to the same function, and the stage names it.
   */
  private throttleRoutes(integration: HttpLambdaIntegration) {
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    for (const [routeKey, throttle] of Object.entries(throttledRoutes)) {
      const [method, path] = routeKey.split(' ') as [keyof typeof HttpMethod, string];
      for (const route of this.httpApi.addRoutes({ path, methods: [HttpMethod[method]], integration })) {
        // The stage refuses settings for a route key that does not exist yet.
        cfnStage.node.addDependency(route);
      }
      routeSettings[routeKey] = { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit };
    }
    cfnStage.routeSettings = routeSettings;
  }
}
