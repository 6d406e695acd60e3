import type { APIContext, InferGetStaticPropsType } from 'astro';
import { agendaCalendar, icsResponse } from '../../../lib/calendar.ts';
import { eventPaths } from '../../../lib/routes.ts';

export const getStaticPaths = () => eventPaths('fr');
type Props = InferGetStaticPropsType<typeof getStaticPaths>;

export const GET = ({ props, site }: APIContext<Props>) => icsResponse(agendaCalendar([props.event], 'fr', site!));
