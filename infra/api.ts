import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, LogGroupLogDestination, type HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { hubFunction } from './functions.ts';

export interface HubApiProps {
  environment: Record<string, string>;
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

  constructor(scope: Construct, id: string, props: HubApiProps) {
    super(scope, id);
    this.function = hubFunction(this, 'Function', 'api', {
      description: 'Partnership Hub API (Hono)',
      environment: props.environment,
      timeout: Duration.seconds(15),
    });

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Partnership Hub API, the /api/* origin of the distribution',
      defaultIntegration: new HttpLambdaIntegration('Hono', this.function),
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = this.httpApi.addStage('Stage', {
      stageName: '$default',
      autoDeploy: true,
      // A ceiling against floods that also bounds the Lambda bill; the app rate-limits per person below it.
      throttle: { rateLimit: 50, burstLimit: 100 },
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

    for (const route of this.httpApi.node.findAll().filter((c) => c.node.id === 'DefaultRoute')) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'The app authorizes each request itself (session cookie, roles, CSRF); sign-in, subscribe and the RFC 8058 one-click unsubscribe must stay reachable without credentials.',
      });
    }
  }

  /** The host CloudFront forwards /api/* to. */
  get originDomain() {
    const stack = Stack.of(this);
    return `${this.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
  }
}
