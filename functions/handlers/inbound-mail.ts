import { loadConfig } from '../adapters/config.ts';
import { createDeps } from '../api/deps.ts';
import { receiveSesReplies } from '../api/services/inbound-mail.ts';

const deps = createDeps(loadConfig());

/** SES receipt rule (reply domain → S3 → this function): each reply by email becomes a post, or is refused. */
export const handler = (event: unknown) => receiveSesReplies(deps, event);
