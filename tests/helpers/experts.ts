import { uniqueEmail } from './hub.ts';

/** What the public expert-pool form sends, consent given; override any field. */
export const expertApplication = (overrides: Record<string, unknown> = {}) => ({
  email: uniqueEmail('expert'),
  name: 'Dr. Lina Haddad',
  organisation: 'Institute for Migration Research',
  organisationType: 'research',
  audience: 'research',
  country: 'GR',
  languages: ['en', 'el'],
  topics: ['unaccompanied-minors', 'education'],
  profile: 'Researches guardianship of unaccompanied minors in Greek cities.',
  consent: true,
  ...overrides,
});
