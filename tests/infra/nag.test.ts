import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthHub } from './synth.ts';

interface Report {
  pluginReports: { pluginName: string; violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[] }[];
}

/** Synthesizes with the AWS Solutions pack and returns its unacknowledged findings, error or warning. */
function awsSolutionsFindings(app: App, outdir: string) {
  let failure: unknown;
  try {
    app.synth();
  } catch (error) {
    failure = error;
  }
  const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as Report;
  const findings = report.pluginReports
    .filter((r) => r.pluginName === 'AwsSolutions')
    .flatMap((r) => r.violations)
    .flatMap((v) => v.violatingConstructs.map((c) => `${v.severity} ${v.ruleName} at ${c.constructPath}`));
  return { findings, failure };
}

const tempOutdir = () => mkdtempSync(path.join(os.tmpdir(), 'hub-nag-'));

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in the hub stack', async () => {
    // Prepare
    const outdir = tempOutdir();
    const { app } = await synthHub({}, { outdir });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    // Act
    const { findings, failure } = awsSolutionsFindings(app, outdir);
    // Assess
    expect(findings).toEqual([]);
    expect(failure).toBeUndefined();
  }, 120_000);

  it('does report a finding nobody acknowledged, so the check above can fail', () => {
    // Prepare
    const outdir = tempOutdir();
    const app = new App({ outdir });
    new Bucket(new Stack(app, 'Bare'), 'Unlogged', { enforceSSL: true });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    // Act
    const { findings, failure } = awsSolutionsFindings(app, outdir);
    // Assess
    expect(findings).toContainEqual(expect.stringMatching(/^error AwsSolutions-S1 at Bare\/Unlogged/));
    expect(failure).toBeDefined();
  });
});
