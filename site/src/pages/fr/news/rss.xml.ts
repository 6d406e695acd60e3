import type { APIContext } from 'astro';
import { newsFeed } from '../../../lib/feeds.ts';

export const GET = ({ site }: APIContext) => newsFeed('fr', site!);
