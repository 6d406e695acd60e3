import type { APIContext, InferGetStaticPropsType } from 'astro';
import { agendaCalendar, icsResponse } from '../../../lib/calendar.ts';
import { eventPaths, perLocale } from '../../../lib/routes.ts';

export const getStaticPaths = () => perLocale(eventPaths);
type Props = InferGetStaticPropsType<typeof getStaticPaths>;

export const GET = ({ props, site }: APIContext<Props>) => icsResponse(agendaCalendar([props.event], props.locale, site!));
