import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { recordSesNotifications } from '../api/services/sending.ts';
import { createDeps, hubConfig } from './hub.ts';

/**
 * `npm run ses-events -- <folder>`: feeds each JSON file of the folder (an SES event as EventBridge
 * delivers it: `source` `aws.ses`, `detail-type`, the SES event record as `detail`) through the same
 * code as the ses-events Lambda, against the local hub started by `npm start`.
 */
const folder = process.argv[2];
if (!folder) {
  console.error('Usage: npm run ses-events -- <folder of SES EventBridge event .json files>');
  process.exit(2);
}
const deps = createDeps(hubConfig());
const files = readdirSync(folder).filter((f) => f.endsWith('.json')).sort();
let failed = 0;
for (const file of files) {
  try {
    const result = await recordSesNotifications(deps, JSON.parse(readFileSync(path.join(folder, file), 'utf8')));
    console.log(`${file}: ${result.events} event(s), ${result.suppressed} suppressed, ${result.deliveries} delivery update(s)`);
  } catch (error) {
    failed++;
    console.error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
