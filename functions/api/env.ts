import type { Session } from '../core/auth/session.ts';
import type { Deps } from './deps.ts';

/** The typed context every router shares. */
export type Env = { Variables: { deps: Deps; session?: Session } };
