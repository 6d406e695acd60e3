import type { Config } from './config.ts';

/**
 * SDK client options from configuration alone: an endpoint set (the local engines) also gets
 * placeholder credentials unless real ones are in the environment; unset, the SDK's default
 * chain and AWS endpoints apply. No code path differs between local and AWS.
 */
export function awsClientOptions(config: Config, endpoint: string | undefined) {
  const localCredentials =
    endpoint && !process.env.AWS_ACCESS_KEY_ID
      ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {};
  return {
    region: config.AWS_REGION,
    ...(endpoint ? { endpoint } : {}),
    ...localCredentials,
    maxAttempts: 3,
  };
}
