import type { APIContext } from 'astro';
import { agendaFeed } from '../lib/feeds.ts';

export const GET = ({ site }: APIContext) => agendaFeed('en', site!);
