import { sesEventAdapters } from '../adapters/aws.ts';
import { loadConfig } from '../adapters/config.ts';
import { recordSesNotifications } from '../api/services/sending.ts';

// What recording SES's events takes, and no other store or client.
const config = loadConfig();
const deps = { config, now: () => new Date(), ...sesEventAdapters(config) };

/** EventBridge rule (SES events of the hub's configuration set) → deliveries, report counters and suppressions follow what SES saw. */
export const handler = (event: unknown) => recordSesNotifications(deps, event);
