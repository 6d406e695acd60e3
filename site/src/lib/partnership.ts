import type { Audience } from '../../../functions/core/partnership/vocabulary.ts';

/** Who sits at the table. Names are proper nouns and stay untranslated; levels and types are UI words. */
export type MemberLevel = 'local' | 'national' | 'eu' | 'international';
export type MemberType = 'city' | 'member-state' | 'city-network' | 'eu-institution' | 'financial-institution' | 'ngo' | 'research';
export type Member = { name: string; level: MemberLevel; type: MemberType; coordinator?: boolean };

export const members: Member[] = [
  { name: 'City of Amsterdam', level: 'local', type: 'city', coordinator: true },
  { name: 'City of Athens', level: 'local', type: 'city' },
  { name: 'City of Barcelona', level: 'local', type: 'city' },
  { name: 'City of Berlin', level: 'local', type: 'city' },
  { name: 'City of Helsinki', level: 'local', type: 'city' },
  { name: 'Denmark', level: 'national', type: 'member-state' },
  { name: 'Greece', level: 'national', type: 'member-state' },
  { name: 'Italy', level: 'national', type: 'member-state' },
  { name: 'Portugal', level: 'national', type: 'member-state' },
  { name: 'DG HOME (European Commission)', level: 'eu', type: 'eu-institution', coordinator: true },
  { name: 'DG EMPL (European Commission)', level: 'eu', type: 'eu-institution' },
  { name: 'DG REGIO (European Commission)', level: 'eu', type: 'eu-institution' },
  { name: 'European Committee of the Regions (CoR)', level: 'eu', type: 'eu-institution' },
  { name: 'Joint Research Centre (JRC)', level: 'eu', type: 'research' },
  { name: 'EIB Group', level: 'eu', type: 'financial-institution' },
  { name: 'EUROCITIES', level: 'eu', type: 'city-network' },
  { name: 'Council of European Municipalities and Regions (CEMR)', level: 'eu', type: 'city-network' },
  { name: 'URBACT', level: 'eu', type: 'city-network' },
  { name: 'European Council on Refugees and Exiles (ECRE)', level: 'eu', type: 'ngo' },
  { name: 'Migration Policy Group (MPG)', level: 'eu', type: 'research' },
  { name: 'Council of Europe Development Bank (CEB)', level: 'international', type: 'financial-institution' },
];

export const memberLevels: MemberLevel[] = ['local', 'national', 'eu', 'international'];

/** The multipliers: each relays tailored updates to the audiences it already speaks to. */
export type RelayNetwork = { id: string; name: string; audiences: Audience[]; en: string; fr: string };

/** A network's description in a locale, or the English one (`fallback`) in a language not written here. */
export function networkDescription(network: RelayNetwork, locale: string): { text: string; fallback: boolean } {
  const own = locale === 'fr' ? network.fr : locale === 'en' ? network.en : undefined;
  return own ? { text: own, fallback: false } : { text: network.en, fallback: true };
}

export const relayNetworks: RelayNetwork[] = [
  {
    id: 'eurocities',
    name: 'EUROCITIES',
    audiences: ['local-authority', 'city-network'],
    en: 'The network of Europe’s large cities; it passes our updates to city administrations and their integration teams.',
    fr: 'Le réseau des grandes villes européennes ; il transmet nos informations aux administrations municipales et à leurs équipes chargées de l’intégration.',
  },
  {
    id: 'cemr',
    name: 'CEMR',
    audiences: ['local-authority'],
    en: 'The Council of European Municipalities and Regions, through its national associations of towns and regions.',
    fr: 'Le Conseil des communes et régions d’Europe, par ses associations nationales de communes et de régions.',
  },
  {
    id: 'urbact',
    name: 'URBACT',
    audiences: ['local-authority'],
    en: 'The EU programme for sustainable urban development, which reaches the cities of its transnational networks.',
    fr: 'Le programme de l’UE pour le développement urbain durable, qui touche les villes de ses réseaux transnationaux.',
  },
  {
    id: 'share',
    name: 'SHARE',
    audiences: ['local-authority', 'ngo'],
    en: 'The SHARE Network of cities, regions and civil society engaged in refugee resettlement and reception.',
    fr: 'Le réseau SHARE des villes, régions et organisations de la société civile engagées dans la réinstallation et l’accueil des réfugiés.',
  },
  {
    id: 'ecre',
    name: 'ECRE',
    audiences: ['ngo', 'migrant-organisation'],
    en: 'The European Council on Refugees and Exiles, an alliance of NGOs working with refugees across Europe.',
    fr: 'Le Conseil européen sur les réfugiés et les exilés, alliance d’ONG travaillant avec les réfugiés dans toute l’Europe.',
  },
  {
    id: 'ein',
    name: 'EIN',
    audiences: ['national-authority'],
    en: 'The European Integration Network of national authorities responsible for integration policy.',
    fr: 'Le Réseau européen pour l’intégration, qui réunit les autorités nationales chargées des politiques d’intégration.',
  },
  {
    id: 'emn',
    name: 'EMN',
    audiences: ['national-authority', 'research'],
    en: 'The European Migration Network of national contact points, which informs ministries and researchers.',
    fr: 'Le Réseau européen des migrations et ses points de contact nationaux, qui informent les ministères et les chercheurs.',
  },
];
