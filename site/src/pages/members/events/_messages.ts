/** The page messages helper lives in site/src/lib/messages.ts, shared with the console. */
export { pageMessages } from '../../../lib/messages.ts';
