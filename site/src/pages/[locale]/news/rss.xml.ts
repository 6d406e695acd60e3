import type { APIContext } from 'astro';
import { prefixedLocalePaths } from '../../../i18n/index.ts';
import { newsFeed } from '../../../lib/feeds.ts';

export const getStaticPaths = prefixedLocalePaths;
export const GET = ({ params, site }: APIContext) => newsFeed(params.locale!, site!);
