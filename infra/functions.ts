import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Architecture, Code, Function as LambdaFunction, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import path from 'node:path';
import { bundleDir, type FunctionName } from './bundle.ts';

export interface HubFunctionProps {
  description: string;
  environment: Record<string, string>;
  timeout: Duration;
  memorySize?: number;
}

/**
 * One of the hub's Lambdas, from its esbuild bundle in dist/functions/<name>: Node 22 on ARM64,
 * source maps on, JSON logs kept for a month.
 */
export function hubFunction(scope: Construct, id: string, name: FunctionName, props: HubFunctionProps) {
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    retention: RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const fn = new LambdaFunction(scope, id, {
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    handler: 'index.handler',
    code: Code.fromAsset(path.join(bundleDir, name)),
    description: props.description,
    memorySize: props.memorySize ?? 1024,
    timeout: props.timeout,
    logGroup,
    loggingFormat: LoggingFormat.JSON,
    environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
  });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason: 'The hub targets the Node 22 Lambda runtime on purpose (docs/architecture.md, Runtime and the API origin): its bundles are built and tested for node22.',
  });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'The AWS-managed basic execution role only lets the function write its own CloudWatch logs.',
  });
  return fn;
}
