import { loadConfig } from '../adapters/config.ts';
import { createDeps } from '../api/deps.ts';
import { recordSesNotifications } from '../api/services/sending.ts';

const deps = createDeps(loadConfig());

/** EventBridge rule (SES events of the hub's configuration set) → deliveries, report counters and suppressions follow what SES saw. */
export const handler = (event: unknown) => recordSesNotifications(deps, event);
