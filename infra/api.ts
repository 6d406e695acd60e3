import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  ApiMapping,
  DomainName,
  EndpointType,
  HttpApi,
  HttpRoute,
  LogGroupLogDestination,
  SecurityPolicy,
  type HttpStage,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate, CertificateValidation, type ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { hubFunction } from './functions.ts';

/** A ceiling against floods that also bounds the Lambda bill; the app rate-limits per person below it. */
export const defaultThrottle: ThrottleSettings = { rateLimit: 50, burstLimit: 100 };

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
 * unsubscribes (DESIGN.md, "Known pitfalls").
 */
export class HubApi extends Construct {
  readonly function: LambdaFunction;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly originDomain: string;
  readonly domainName: DomainName;
  readonly certificate: ICertificate;

  constructor(scope: Construct, id: string, props: HubApiProps) {
    super(scope, id);
    this.function = hubFunction(this, 'Function', 'api', {
      description: 'Partnership Hub API (Hono)',
      environment: props.environment,
      timeout: Duration.seconds(15),
    });

    const hono = new HttpLambdaIntegration('Hono', this.function);
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
            path: '$context.path',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            bytes: '$context.responseLength',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

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
}
