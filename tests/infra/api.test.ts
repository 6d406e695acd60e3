import { Match, type Template } from 'aws-cdk-lib/assertions';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleDir } from '../../infra/bundle.ts';
import { defaultThrottle, originVerifyHeader, throttledRoutes } from '../../infra/api.ts';
import type { HubStack } from '../../infra/hub-stack.ts';
import { apiRequestHeaders } from '../../infra/site.ts';
import { hubTemplate, logicalId, only, secretReference, statements, type Cfn } from './synth.ts';

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
      JOB_QUEUE_URL: { Ref: logicalId(stack, stack.jobQueue.queue) },
      ATTACHMENTS_BUCKET: { Ref: logicalId(stack, stack.data.attachments) },
      ORIGIN_VERIFY: secretReference(logicalId(stack, stack.api.originVerifySecret)),
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
  let secretId: string;
  const apiOriginOf = (t: Template) => {
    const config = only(t, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
    const api = config.CacheBehaviors.find((b: Cfn) => b.PathPattern === '/api/*');
    return config.Origins.find((o: Cfn) => o.Id === api.TargetOriginId);
  };
  const apiFunctionOf = (t: Template) => only(t, 'AWS::Lambda::Function', { Description: 'Partnership Hub API (Hono)' });
  beforeAll(async () => {
    ({ template, stack } = await hubTemplate());
    secretId = logicalId(stack, stack.api.originVerifySecret);
  }, 120_000);

  it('generates the value at deploy: one secret, 48 characters without punctuation, no value given', () => {
    const secret = only(template, 'AWS::SecretsManager::Secret');
    expect(secret.logicalId).toBe(secretId);
    expect(secret.logicalId).toMatch(/^ApiOriginVerifySecret/);
    expect(secret.Properties.GenerateSecretString).toEqual({ PasswordLength: 48, ExcludePunctuation: true });
    expect(secret.Properties).not.toHaveProperty('SecretString');
  });

  it(`has CloudFront send ${originVerifyHeader} to the API origin only, its value a dynamic reference to the secret`, () => {
    // Prepare
    const config = only(template, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
    const origin = apiOriginOf(template);
    // Assess
    expect(origin.DomainName).toBe('api-origin.partnership.example.org');
    expect(origin.OriginCustomHeaders).toEqual([{ HeaderName: 'X-Hub-Origin-Verify', HeaderValue: secretReference(secretId) }]);
    expect(JSON.stringify(origin.OriginCustomHeaders[0].HeaderValue)).toContain('{{resolve:secretsmanager:');
    // The site bucket's origin never sees it.
    for (const other of config.Origins.filter((o: Cfn) => o !== origin)) expect(other).not.toHaveProperty('OriginCustomHeaders');
    // A viewer's own X-Hub-Origin-Verify is not forwarded by the request policy (and the custom header would replace it).
    expect(apiRequestHeaders.map((h) => h.toLowerCase())).not.toContain('x-hub-origin-verify');
  });

  it('gives the API function the same value as ORIGIN_VERIFY, resolved at deploy, with no read grant', () => {
    const variables = apiFunctionOf(template).Properties.Environment.Variables;
    expect(variables.ORIGIN_VERIFY).toEqual(secretReference(secretId));
    expect(variables.ORIGIN_VERIFY).toEqual(apiOriginOf(template).OriginCustomHeaders[0].HeaderValue);
    // CloudFormation reads the secret at deploy; no function may read it at run time.
    expect(statements(template).filter((s) => JSON.stringify(s).includes('secretsmanager'))).toEqual([]);
    for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
      if (id !== logicalId(stack, stack.api.function)) expect(fn.Properties.Environment?.Variables ?? {}).not.toHaveProperty('ORIGIN_VERIFY');
    }
  });

  it('keeps the value out of the template: no secret string, and every mention of the secret is a dynamic reference', () => {
    // Prepare
    const json = JSON.stringify(template.toJSON());
    const strings: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === 'string') strings.push(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(template.toJSON());
    // Assess
    expect(json).not.toContain('"SecretString":');
    expect(json).not.toMatch(/secretsmanager:GetSecretValue/);
    // Nothing shaped like the generated value (48 letters and digits) appears as a literal, logical ids aside.
    const logicalIds = new Set(Object.keys(template.toJSON().Resources as object));
    expect(strings.filter((s) => /^[A-Za-z0-9]{48}$/.test(s) && !logicalIds.has(s))).toEqual([]);
    // The secret's Ref only ever sits inside `{{resolve:secretsmanager:` … `}}`.
    const ref = JSON.stringify({ Ref: secretId });
    const mentions = json.split(ref).length - 1;
    const references = json.split(`"{{resolve:secretsmanager:",${ref},":SecretString:::}}"`).length - 1;
    expect(mentions).toBe(2);
    expect(references).toBe(mentions);
  });

  it('rolls a new value out to both when hub:originVerifyVersion names its version', async () => {
    // Prepare
    const version = '3f2b6c1e-9a4d-4e7f-8b2a-5c6d7e8f9a0b';
    // Act
    const { template: rolled, stack: rolledStack } = await hubTemplate({ 'hub:originVerifyVersion': version });
    // Assess: a changed reference is what makes CloudFormation resolve the secret again.
    const expected = secretReference(logicalId(rolledStack, rolledStack.api.originVerifySecret), version);
    expect(apiOriginOf(rolled).OriginCustomHeaders[0].HeaderValue).toEqual(expected);
    expect(apiFunctionOf(rolled).Properties.Environment.Variables.ORIGIN_VERIFY).toEqual(expected);
    rolled.resourceCountIs('AWS::SecretsManager::Secret', 1);
  }, 120_000);

  it('refuses a version id Secrets Manager would not have issued', async () => {
    await expect(hubTemplate({ 'hub:originVerifyVersion': 'v2' })).rejects.toThrow(/hub:originVerifyVersion/);
  });
});
