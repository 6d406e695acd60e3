import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleDir, bundleFunctions, entryPoints, projectRoot } from '../../infra/bundle.ts';
import { HubStack } from '../../infra/hub-stack.ts';

/** Synthesized CloudFormation, which the tests index into as the template has it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Cfn = any;

/** One IAM policy statement, with the policy that holds it and that policy's roles. */
export interface Statement {
  policy: string;
  roles: unknown[];
  Effect: string;
  Action: string | string[];
  Resource: Cfn;
  Condition?: Cfn;
}

/** A two-page stand-in for the built site, so the infra tests need no Astro build. */
export const fixtureSite = path.join(import.meta.dirname, 'fixtures', 'site');

/** The context `cdk synth` runs with (cdk.json), so feature flags shape the tested template too. */
export const cdkContext = JSON.parse(readFileSync(path.join(projectRoot, 'cdk.json'), 'utf8')).context as Record<string, unknown>;

/** Bundles the handlers once; parallel test files only need the asset folders to exist. */
export async function ensureBundles() {
  const missing = Object.keys(entryPoints).filter((name) => !existsSync(path.join(bundleDir, name, 'index.mjs')));
  if (missing.length > 0) await bundleFunctions();
}

/** The hub stack as `cdk synth` builds it, optionally with other context values. */
export async function synthHub(context: Record<string, unknown> = {}, appProps: { outdir?: string } = {}) {
  await ensureBundles();
  const app = new App({ ...appProps, context: { ...cdkContext, ...context } });
  const stack = new HubStack(app, 'Hub', { env: { region: 'eu-west-1' }, siteDir: fixtureSite });
  return { app, stack };
}

export async function hubTemplate(context: Record<string, unknown> = {}) {
  const { stack } = await synthHub(context);
  return { stack, template: Template.fromStack(stack) };
}

/** The one resource of a type in the template (fails when there are several). */
export function only(template: Template, type: string, props?: Record<string, unknown>) {
  const found = Object.entries(template.findResources(type, props ? { Properties: props } : undefined));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  const [logicalId, resource] = found[0]!;
  return { logicalId, ...(resource as { Properties: Cfn; DeletionPolicy?: string; DependsOn?: string[] }) };
}

/** The logical id of the construct's CloudFormation resource. */
export function logicalId(stack: HubStack, construct: { node: { defaultChild?: unknown } }) {
  return stack.getLogicalId(construct.node.defaultChild as never);
}

/** Every IAM policy statement in the template, with the logical id of the policy holding it. */
export function statements(template: Template): Statement[] {
  return Object.entries(template.findResources('AWS::IAM::Policy')).flatMap(([policy, resource]) =>
    ((resource.Properties.PolicyDocument.Statement ?? []) as Omit<Statement, 'policy' | 'roles'>[]).map((statement) => ({
      policy,
      roles: resource.Properties.Roles as unknown[],
      ...statement,
    })),
  );
}

export const asArray = <T>(value: T | T[]) => (Array.isArray(value) ? value : [value]);
