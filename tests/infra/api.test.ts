import { Match, type Template } from 'aws-cdk-lib/assertions';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleDir } from '../../infra/bundle.ts';
import { defaultThrottle, originVerifyHeader, originVerifyParameter, throttledRoutes } from '../../infra/api.ts';
import type { HubStack } from '../../infra/hub-stack.ts';
import { apiRequestHeaders } from '../../infra/site.ts';
import { hubTemplate, logicalId, only, statements, type Cfn } from './synth.ts';

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
      REPLY_DOMAIN: 'reply.partnership.example.org',
      BASE_URL: 'https://partnership.example.org',
      SES_CONFIGURATION_SET: { Ref: logicalId(stack, stack.mail.configurationSet) },
      SES_MAX_SEND_RATE: '14',
      SEND_QUEUE_URL: { Ref: logicalId(stack, stack.sendQueue.queue) },
      JOB_QUEUE_URL: { Ref: logicalId(stack, stack.jobQueue.queue) },
      ATTACHMENTS_BUCKET: { Ref: logicalId(stack, stack.data.attachments) },
      ORIGIN_VERIFY: { Ref: 'OriginVerify' },
      // Where the API puts a scheduled update's one-time schedule, what it invokes and as whom (workers.test.ts).
      UPDATE_SCHEDULE_GROUP: expect.any(String),
      UPDATE_SCHEDULE_TARGET_ARN: { 'Fn::GetAtt': [logicalId(stack, stack.workers.scheduler), 'Arn'] },
      UPDATE_SCHEDULE_ROLE_ARN: { 'Fn::GetAtt': [expect.any(String), 'Arn'] },
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

describe('origin verify: only CloudFront calls the API', () => {
  let template: Template;
  let stack: HubStack;
  const reference = { Ref: 'OriginVerify' };
  const apiOriginOf = (t: Template) => {
    const config = only(t, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
    const api = config.CacheBehaviors.find((b: Cfn) => b.PathPattern === '/api/*');
    return config.Origins.find((o: Cfn) => o.Id === api.TargetOriginId);
  };
  const apiFunctionOf = (t: Template) => only(t, 'AWS::Lambda::Function', { Description: 'Partnership Hub API (Hono)' });
  /** What CloudFormation accepts for the parameter: its pattern matches the whole value, within its lengths. */
  const accepted = (value: string) => {
    const parameter = template.toJSON().Parameters.OriginVerify as { AllowedPattern: string; MinLength: number; MaxLength: number };
    return new RegExp(`^(?:${parameter.AllowedPattern})$`).test(value) && value.length >= parameter.MinLength && value.length <= parameter.MaxLength;
  };
  beforeAll(async () => {
    ({ template, stack } = await hubTemplate());
  }, 120_000);

  it('takes the value as a no-echo stack parameter with no default: no secret to pay for, nothing in the template', () => {
    // Prepare
    const parameters = template.toJSON().Parameters as Record<string, Cfn>;
    // Assess
    expect(stack.getLogicalId(stack.api.originVerifyParameter)).toBe('OriginVerify');
    expect(parameters.OriginVerify).toEqual({
      Type: 'String',
      NoEcho: true,
      MinLength: 32,
      MaxLength: 128,
      AllowedPattern: '[A-Za-z0-9]+',
      Description: expect.stringContaining('openssl rand -hex 24'),
      ConstraintDescription: expect.stringContaining('letters and digits'),
    });
    // Without a default, a first deploy that forgets it fails instead of running with a known value.
    expect(parameters.OriginVerify).not.toHaveProperty('Default');
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(originVerifyParameter.name).toBe('OriginVerify');
  });

  it('accepts what docs/deploy.md says to generate, and refuses a short, empty or punctuated value', () => {
    expect(accepted('3f9a0c1be2d47a6e8b5c9d0f1a2b3c4d5e6f7a8b9c0d1e2f')).toBe(true); // openssl rand -hex 24
    expect(accepted('a'.repeat(32))).toBe(true);
    expect(accepted('a'.repeat(31))).toBe(false);
    expect(accepted('')).toBe(false);
    expect(accepted(`${'a'.repeat(40)}-x`)).toBe(false);
    expect(accepted(`${'a'.repeat(40)} x`)).toBe(false);
    expect(accepted('a'.repeat(129))).toBe(false);
  });

  it(`has CloudFront send ${originVerifyHeader} to the API origin only, its value the parameter`, () => {
    // Prepare
    const config = only(template, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
    const origin = apiOriginOf(template);
    // Assess
    expect(origin.DomainName).toBe('api-origin.partnership.example.org');
    expect(origin.OriginCustomHeaders).toEqual([{ HeaderName: 'X-Hub-Origin-Verify', HeaderValue: reference }]);
    // The site bucket's origin never sees it.
    for (const other of config.Origins.filter((o: Cfn) => o !== origin)) expect(other).not.toHaveProperty('OriginCustomHeaders');
    // A viewer's own X-Hub-Origin-Verify is not forwarded by the request policy (and the custom header would replace it).
    expect(apiRequestHeaders.map((h) => h.toLowerCase())).not.toContain('x-hub-origin-verify');
  });

  it('gives the API function the same value as ORIGIN_VERIFY, and no other function or output any', () => {
    const variables = apiFunctionOf(template).Properties.Environment.Variables;
    expect(variables.ORIGIN_VERIFY).toEqual(reference);
    expect(variables.ORIGIN_VERIFY).toEqual(apiOriginOf(template).OriginCustomHeaders[0].HeaderValue);
    expect(statements(template).filter((s) => JSON.stringify(s).includes('secretsmanager'))).toEqual([]);
    for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
      if (id !== logicalId(stack, stack.api.function)) expect(fn.Properties.Environment?.Variables ?? {}).not.toHaveProperty('ORIGIN_VERIFY');
    }
    expect(JSON.stringify(template.findOutputs('*'))).not.toContain('OriginVerify');
  });

  it('keeps the value out of the template: the parameter is referenced by CloudFront and the function, nowhere else', () => {
    // Prepare
    const json = JSON.stringify(template.toJSON().Resources);
    const holders = Object.entries(template.toJSON().Resources as Record<string, Cfn>)
      .filter(([, resource]) => JSON.stringify(resource).includes(JSON.stringify(reference)))
      .map(([id]) => id)
      .sort();
    // Assess
    expect(json.split(JSON.stringify(reference)).length - 1).toBe(2);
    expect(holders).toEqual([logicalId(stack, stack.site.distribution), logicalId(stack, stack.api.function)].sort());
    // Only a Ref: the value itself is given at deploy, and no Default stands in for it.
    expect(template.toJSON().Parameters.OriginVerify).not.toHaveProperty('Default');
  });

  it('rolls a new value out to both by a deploy with a new parameter value: the same template, nothing to edit', async () => {
    // Act: a rotation changes no context, so the template a rotation deploys is the one above.
    const { template: again } = await hubTemplate();
    // Assess: both read the parameter, so CloudFormation gives both the new value in one update.
    expect(apiOriginOf(again).OriginCustomHeaders[0].HeaderValue).toEqual(reference);
    expect(apiFunctionOf(again).Properties.Environment.Variables.ORIGIN_VERIFY).toEqual(reference);
    expect(again.toJSON().Parameters.OriginVerify).toEqual(template.toJSON().Parameters.OriginVerify);
  }, 120_000);

  it('refuses the old hub:originVerifyVersion setting, which would now do nothing', async () => {
    await expect(hubTemplate({ 'hub:originVerifyVersion': '3f2b6c1e-9a4d-4e7f-8b2a-5c6d7e8f9a0b' })).rejects.toThrow(/hub:originVerifyVersion is no longer read.*OriginVerify/);
  });
});
