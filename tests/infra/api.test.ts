import { Match, type Template } from 'aws-cdk-lib/assertions';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleDir } from '../../infra/bundle.ts';
import { defaultThrottle, throttledRoutes } from '../../infra/api.ts';
import type { HubStack } from '../../infra/hub-stack.ts';
import { hubTemplate, logicalId, only } from './synth.ts';

describe('API', () => {
  let template: Template;
  let stack: HubStack;
  beforeAll(async () => {
    ({ template, stack } = await hubTemplate());
  }, 120_000);

  it('runs the Hono bundle on Node 22, ARM64, with source maps', () => {
    // Prepare
    const fn = only(template, 'AWS::Lambda::Function', { Description: 'Partnership Hub API (Hono)' });
    const bundle = path.join(bundleDir, 'api', 'index.mjs');
    // Assess
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Environment: { Variables: expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps' }) },
    });
    expect(existsSync(`${bundle}.map`)).toBe(true);
    const code = readFileSync(bundle, 'utf8');
    expect(code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map')).toBe(true);
    // Minified: long lines, not one statement per line.
    expect(code.length / code.split('\n').length).toBeGreaterThan(500);
  });

  it('gives the API everything its configuration reads', () => {
    const fn = only(template, 'AWS::Lambda::Function', { Description: 'Partnership Hub API (Hono)' });
    expect(fn.Properties.Environment.Variables).toEqual({
      TABLE_NAME: { Ref: logicalId(stack, stack.data.table) },
      SENDER: 'updates@partnership.example.org',
      BASE_URL: 'https://partnership.example.org',
      SES_CONFIGURATION_SET: { Ref: logicalId(stack, stack.mail.configurationSet) },
      SES_MAX_SEND_RATE: '14',
      SEND_QUEUE_URL: { Ref: logicalId(stack, stack.sendQueue.queue) },
      ATTACHMENTS_BUCKET: { Ref: logicalId(stack, stack.data.attachments) },
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('fronts the function with an HTTP API whose default route proxies every path', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [logicalId(stack, stack.api.function), 'Arn'] },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });

  it('logs the route of each request, never its path (a path can hold a token)', () => {
    const stage = only(template, 'AWS::ApiGatewayV2::Stage');
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format as string) as Record<string, string>;
    expect(format.route).toBe('$context.routeKey');
    expect(Object.values(format).filter((v) => /\$context\.(path|http\.path|routeKey\b.*path)/.test(v))).toEqual([]);
  });

  it('answers only at its own custom domain: execute-api endpoint off, a DNS-validated regional certificate, TLS 1.2', () => {
    // Prepare
    const api = only(template, 'AWS::ApiGatewayV2::Api');
    const certificate = only(template, 'AWS::CertificateManager::Certificate');
    const domain = only(template, 'AWS::ApiGatewayV2::DomainName');
    const mapping = only(template, 'AWS::ApiGatewayV2::ApiMapping');
    // Assess: nobody reaches the API at <id>.execute-api.<region>.amazonaws.com, around CloudFront.
    expect(api.Properties.DisableExecuteApiEndpoint).toBe(true);
    expect(certificate.Properties).toMatchObject({ DomainName: 'api-origin.partnership.example.org', ValidationMethod: 'DNS' });
    expect(domain.Properties).toEqual({
      DomainName: 'api-origin.partnership.example.org',
      DomainNameConfigurations: [{ CertificateArn: { Ref: certificate.logicalId }, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }],
    });
    expect(mapping.Properties).toEqual({
      ApiId: { Ref: logicalId(stack, stack.api.httpApi) },
      DomainName: { Ref: domain.logicalId },
      Stage: '$default',
    });
    expect(mapping.Properties).not.toHaveProperty('ApiMappingKey');
    // The operator's CNAME target, named in the stack's outputs.
    template.hasOutput('ApiOriginTarget', {
      Value: { 'Fn::GetAtt': [domain.logicalId, 'RegionalDomainName'] },
      Description: Match.stringLikeRegexp('^Point api-origin\\.partnership\\.example\\.org here'),
    });
  });

  it('throttles sign-in and the public forms per route, each well below the stage default', () => {
    // Prepare
    const integration = only(template, 'AWS::ApiGatewayV2::Integration');
    const stage = only(template, 'AWS::ApiGatewayV2::Stage');
    const routes = Object.entries(template.findResources('AWS::ApiGatewayV2::Route'));
    const routeIdOf = (key: string) => routes.find(([, r]) => r.Properties.RouteKey === key)?.[0];
    // Assess: the figures the partnership lives with (infra/api.ts says why).
    expect(stage.Properties.RouteSettings).toEqual({
      'POST /api/auth/login': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
      'POST /api/auth/verify': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
      'POST /api/subscribe': { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 5 },
      'POST /api/experts': { ThrottlingRateLimit: 1, ThrottlingBurstLimit: 3 },
      'POST /api/privacy/requests': { ThrottlingRateLimit: 1, ThrottlingBurstLimit: 3 },
    });
    for (const [key, throttle] of Object.entries(throttledRoutes)) {
      expect(throttle.rateLimit).toBeLessThan(defaultThrottle.rateLimit);
      expect(throttle.burstLimit).toBeLessThan(defaultThrottle.burstLimit);
      // Route settings bind only to declared routes, and the stage must come after them.
      const routeId = routeIdOf(key);
      expect(routeId, key).toBeDefined();
      expect(template.findResources('AWS::ApiGatewayV2::Route')[routeId!]!.Properties).toMatchObject({
        AuthorizationType: 'NONE',
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: integration.logicalId }]] },
      });
      expect(stage.DependsOn).toContain(routeId);
    }
    expect(routes.map(([, r]) => r.Properties.RouteKey).sort()).toEqual(['$default', ...Object.keys(throttledRoutes)].sort());
  });
});
