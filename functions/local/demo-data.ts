import { PRIVACY_NOTICE_VERSION } from '../core/privacy/notice.ts';
import { sourceOf } from '../core/privacy/ledger.ts';
import type { Contact } from '../core/contacts/contact.ts';
import type { Group, Membership } from '../core/groups/group.ts';
import type { Member } from '../core/members/member.ts';
import type { Network } from '../core/networks/network.ts';
import { audiences, topics, type Audience, type Language, type Level } from '../core/partnership/vocabulary.ts';

/**
 * The demo partnership that `npm start` seeds: the eight Actions of the Partnership on Inclusion
 * of Migrants and Refugees, their Working Groups, the networks, and a few hundred contacts.
 * Deterministic, so a second start finds the same items and writes nothing.
 */
const at = '2026-09-01T08:00:00.000Z';

export const actions = [
  { number: 1, title: 'Protection of unaccompanied minors', leads: 'CEMR and City of Amsterdam' },
  { number: 2, title: 'Financial blending facilities for cities and SMEs', leads: 'EIB Group' },
  { number: 3, title: 'Financial blending facilities for microfinance', leads: 'EIB Group' },
  { number: 4, title: 'Access to EU integration funding', leads: 'EUROCITIES' },
  { number: 5, title: 'Urban Academy on integration strategies', leads: 'DG HOME and City of Amsterdam' },
  { number: 6, title: 'European Migrant Advisory Board', leads: 'City of Amsterdam' },
  { number: 7, title: 'Urban indicators', leads: 'Migration Policy Group' },
  { number: 8, title: 'Desegregation policies', leads: 'DG REGIO' },
] as const;

const leaders: Record<number, { name: string; organisation: string; country?: string }> = {
  1: { name: 'Ingrid Vos', organisation: 'City of Amsterdam', country: 'NL' },
  2: { name: 'Paolo Ferri', organisation: 'EIB Group', country: 'LU' },
  3: { name: 'Marta Lindqvist', organisation: 'EIB Group', country: 'LU' },
  4: { name: 'Anne Dubois', organisation: 'EUROCITIES', country: 'BE' },
  5: { name: 'Jonas Weber', organisation: 'European Commission, DG HOME', country: 'BE' },
  6: { name: 'Samira El Idrissi', organisation: 'City of Amsterdam', country: 'NL' },
  7: { name: 'Tomas Novak', organisation: 'Migration Policy Group', country: 'BE' },
  8: { name: 'Eleni Papadaki', organisation: 'European Commission, DG REGIO', country: 'BE' },
};

const memberOrganisations = [
  { organisation: 'City of Athens', country: 'GR', language: 'el' },
  { organisation: 'City of Barcelona', country: 'ES', language: 'es' },
  { organisation: 'City of Berlin', country: 'DE', language: 'de' },
  { organisation: 'City of Helsinki', country: 'FI', language: 'fi' },
  { organisation: 'Ministry of Immigration and Integration, Denmark', country: 'DK', language: 'da' },
  { organisation: 'Ministry of Migration Policy, Greece', country: 'GR', language: 'el' },
  { organisation: 'Ministry of the Interior, Italy', country: 'IT', language: 'it' },
  { organisation: 'High Commission for Migration, Portugal', country: 'PT', language: 'pt' },
  { organisation: 'ECRE', country: 'BE', language: 'en' },
  { organisation: 'Council of Europe Development Bank', country: 'FR', language: 'fr' },
  { organisation: 'European Committee of the Regions', country: 'BE', language: 'fr' },
  { organisation: 'URBACT', country: 'FR', language: 'fr' },
] as const;

export const secretariat: Member = {
  email: 'secretariat@example.org',
  name: 'Partnership Secretariat',
  organisation: 'Partnership coordination (City of Amsterdam and DG HOME)',
  country: 'NL',
  language: 'en',
  secretariat: true,
  createdAt: at,
};

export function demoGroups(): Group[] {
  return actions.map((action) => ({
    id: `action-${action.number}`,
    name: `Action ${action.number}: ${action.title}`,
    description: `Working Group of Action ${action.number}, led by ${action.leads}.`,
    actionNumber: action.number,
    archived: false,
    createdAt: at,
  }));
}

/** Per Action: one leader, two members and one observer, all at example.org. */
export function demoMembers(): { members: Member[]; memberships: Membership[] } {
  const members: Member[] = [secretariat];
  const memberships: Membership[] = [];
  for (const action of actions) {
    const n = action.number;
    const lead = leaders[n]!;
    const people: { email: string; role: Membership['role']; name: string; organisation: string; country?: string; language: Language }[] = [
      { email: `leader${n}@example.org`, role: 'leader', ...lead, language: 'en' },
      ...(['a', 'b'] as const).map((suffix, i) => {
        const org = memberOrganisations[(n * 2 + i) % memberOrganisations.length]!;
        return {
          email: `member${n}${suffix}@example.org`,
          role: 'member' as const,
          name: `Member ${n}${suffix.toUpperCase()} (${org.organisation})`,
          organisation: org.organisation,
          country: org.country,
          language: org.language as Language,
        };
      }),
      {
        email: `observer${n}@example.org`,
        role: 'observer',
        name: `Observer of Action ${n}`,
        organisation: 'European Committee of the Regions',
        country: 'BE',
        language: 'fr',
      },
    ];
    for (const person of people) {
      members.push({
        email: person.email,
        name: person.name,
        organisation: person.organisation,
        ...(person.country ? { country: person.country } : {}),
        language: person.language,
        secretariat: false,
        createdAt: at,
      });
      memberships.push({ groupId: `action-${n}`, email: person.email, role: person.role, since: at });
    }
  }
  return { members, memberships };
}

export const demoNetworks: Network[] = [
  {
    id: 'eurocities',
    name: 'EUROCITIES',
    audiences: ['local-authority', 'city-network'],
    countries: [],
    languages: ['en', 'fr', 'de'],
    relayContacts: [{ name: 'EUROCITIES migration team', email: 'relay@eurocities.example.net' }],
    intro: 'The network of major European cities; relays to its social affairs and migration forums.',
  },
  {
    id: 'cemr',
    name: 'CEMR',
    audiences: ['local-authority'],
    countries: [],
    languages: ['en', 'fr'],
    relayContacts: [{ name: 'CEMR policy officer', email: 'relay@cemr.example.net' }],
    intro: 'Council of European Municipalities and Regions; relays to national associations of local government.',
  },
  {
    id: 'urbact',
    name: 'URBACT',
    audiences: ['local-authority', 'city-network'],
    countries: [],
    languages: ['en', 'fr'],
    relayContacts: [{ name: 'URBACT communications', email: 'relay@urbact.example.net' }],
    intro: 'The European exchange and learning programme for cities.',
  },
  {
    id: 'share',
    name: 'SHARE Network',
    audiences: ['local-authority', 'ngo'],
    countries: [],
    languages: ['en'],
    relayContacts: [{ name: 'SHARE coordination', email: 'relay@share.example.net' }],
    intro: 'Cities and civil society working on refugee resettlement and community sponsorship.',
  },
  {
    id: 'ecre',
    name: 'ECRE',
    audiences: ['ngo', 'migrant-organisation'],
    countries: [],
    languages: ['en', 'fr'],
    relayContacts: [{ name: 'ECRE member relations', email: 'relay@ecre.example.net' }],
    intro: 'European Council on Refugees and Exiles, an alliance of NGOs across Europe.',
  },
  {
    id: 'ein',
    name: 'European Integration Network',
    audiences: ['national-authority'],
    countries: [],
    languages: ['en'],
    relayContacts: [{ name: 'EIN secretariat', email: 'relay@ein.example.net' }],
    intro: 'The national contact points of the Member States for integration.',
  },
  {
    id: 'emn',
    name: 'European Migration Network',
    audiences: ['national-authority', 'research'],
    countries: [],
    languages: ['en'],
    relayContacts: [{ name: 'EMN service provider', email: 'relay@emn.example.net' }],
    intro: 'National contact points that supply research and data on migration policy.',
  },
];

const networksFor: Record<Audience, string[]> = {
  'local-authority': ['eurocities', 'cemr', 'urbact'],
  'national-authority': ['ein', 'emn'],
  'eu-institution': [],
  'city-network': ['eurocities', 'urbact'],
  ngo: ['ecre', 'share'],
  'migrant-organisation': ['ecre'],
  research: ['emn'],
  'private-sector': [],
};

const levelFor: Record<Audience, Level> = {
  'local-authority': 'local',
  'national-authority': 'national',
  'eu-institution': 'eu',
  'city-network': 'international',
  ngo: 'local',
  'migrant-organisation': 'local',
  research: 'national',
  'private-sector': 'national',
};

const countries: { code: string; language: Language; places: string[] }[] = [
  { code: 'NL', language: 'nl', places: ['Amsterdam', 'Utrecht', 'Rotterdam'] },
  { code: 'GR', language: 'el', places: ['Athens', 'Thessaloniki'] },
  { code: 'ES', language: 'es', places: ['Barcelona', 'Valencia', 'Madrid'] },
  { code: 'DE', language: 'de', places: ['Berlin', 'Leipzig', 'Munich'] },
  { code: 'FI', language: 'fi', places: ['Helsinki', 'Tampere'] },
  { code: 'DK', language: 'da', places: ['Copenhagen', 'Aarhus'] },
  { code: 'IT', language: 'it', places: ['Rome', 'Bologna', 'Milan'] },
  { code: 'PT', language: 'pt', places: ['Lisbon', 'Porto'] },
  { code: 'FR', language: 'fr', places: ['Lyon', 'Strasbourg', 'Paris'] },
  { code: 'BE', language: 'fr', places: ['Brussels', 'Ghent', 'Liège'] },
];

const organisationFor: Record<Audience, (place: string) => string> = {
  'local-authority': (place) => `City of ${place}`,
  'national-authority': (place) => `Integration department (${place})`,
  'eu-institution': (place) => `EU representation in ${place}`,
  'city-network': (place) => `Association of municipalities, ${place}`,
  ngo: (place) => `Refugee support centre ${place}`,
  'migrant-organisation': (place) => `Migrant community council of ${place}`,
  research: (place) => `Institute for migration research, ${place}`,
  'private-sector': (place) => `Employers' integration forum, ${place}`,
};

/** A small deterministic generator, so demo contacts are the same on every machine. */
function sequence(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

export function demoContacts(count = 360): Contact[] {
  const next = sequence(2016);
  const contacts: Contact[] = [];
  for (let i = 0; i < count; i++) {
    const audience = audiences[i % audiences.length]!;
    const country = countries[Math.floor(next() * countries.length)]!;
    const place = country.places[Math.floor(next() * country.places.length)]!;
    const chosenTopics = topics.filter(() => next() < 0.25);
    const roll = next();
    const status: Contact['status'] =
      roll < 0.86 ? 'subscribed' : roll < 0.92 ? 'pending' : roll < 0.97 ? 'unsubscribed' : 'bounced';
    const language: Language = next() < 0.55 ? 'en' : country.language;
    const number = String(i + 1).padStart(3, '0');
    contacts.push({
      email: `contact${number}@${audience}.example.net`,
      name: `Contact ${number}`,
      organisation: organisationFor[audience](place),
      audience,
      level: levelFor[audience],
      country: country.code,
      language,
      topics: chosenTopics.length > 0 ? chosenTopics : ['participation'],
      source: 'demo-seed',
      ...(status === 'pending'
        ? {}
        : { consent: { ...sourceOf('demo-seed'), at, wordingVersion: PRIVACY_NOTICE_VERSION } }),
      status,
      networks: networksFor[audience].filter(() => next() < 0.6),
      createdAt: at,
      updatedAt: at,
    });
  }
  return contacts;
}
