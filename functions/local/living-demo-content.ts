import type { CallDraft } from '../core/experts/call.ts';
import type { ExpertApplication } from '../core/experts/expert.ts';
import type { UpdateInput } from '../core/updates/update.ts';

/**
 * What the demo partnership has been doing lately, as its people wrote it: threads in each
 * Working Group, updates the secretariat sent, meetings and their developments reports, the expert
 * pool and a call for cooperation. Facts from the partnership's evaluation (the Leiden case studies,
 * the EaSI guarantee, the Urban Academy's 97%, the EMAB consultation, Eurostat's city-level data,
 * the desegregation pilot); every word written for the demo. Times are days before the seed runs.
 *
 * Each piece is recognised by its title (and a post by its author and words), so the seed can tell
 * what is already there: change a title here and the next seed of an existing hub adds it again.
 */

/** Who writes: the Action's leader, or its first or second member (see demo-data.ts). */
export type Voice = 'leader' | 'a' | 'b';

export interface DemoPost {
  by: Voice;
  body: string;
  /** The leader records this post as a decision of the group. */
  decision?: true;
}

export interface DemoThread {
  action: number;
  title: string;
  daysAgo: number;
  pinned?: true;
  /** The opening post first, then the replies in order, a few hours apart. */
  posts: DemoPost[];
}

export const emailOf = (action: number, voice: Voice) => (voice === 'leader' ? `leader${action}@example.org` : `member${action}${voice}@example.org`);

export const demoThreads: DemoThread[] = [
  // Action 1: Protection of unaccompanied minors (member a: Berlin, member b: Helsinki)
  {
    action: 1,
    title: 'Guardianship case studies: what the 14 cities told us',
    daysAgo: 20,
    posts: [
      { by: 'leader', body: 'The University of Leiden has finished its analysis of the case studies from the 14 cities. Guardianship comes out as the first bottleneck: in most cities a guardian is appointed weeks after a minor arrives.\n\nPlease check the paragraph on your city before Friday.' },
      { by: 'a', body: 'The Berlin paragraph is right. One addition: since last year our youth office appoints a provisional guardian within three working days.' },
      { by: 'b', body: 'For Helsinki, the housing chapter should mention our supported living units for 16- and 17-year-olds. The draft only covers reception centres.' },
      { by: 'leader', body: 'Both changes are in, thank you. **Agreed:** the summary goes to the partnership meeting as it stands now, with the Berlin and Helsinki additions.', decision: true },
    ],
  },
  {
    action: 1,
    title: 'Pilot with Nidos and Missing Children Europe',
    daysAgo: 12,
    pinned: true,
    posts: [
      { by: 'leader', body: 'Nidos and Missing Children Europe are ready to design a pilot with us on young people who turn 18 during their procedure. We need two or three cities that can give staff time from January. Who can commit?' },
      { by: 'a', body: 'Berlin can join. What worries us most is the drop in support at 18, above all for housing.' },
      { by: 'b', body: 'Helsinki is interested, but the board has to approve it first. I will know after the 15th.' },
      { by: 'leader', body: 'Then we plan with Berlin and keep a place open for Helsinki. I will draft the outline with Nidos and share it here.' },
    ],
  },
  {
    action: 1,
    title: 'School enrolment while minors are in emergency shelters',
    daysAgo: 5,
    posts: [
      { by: 'b', body: 'Does any city have a rule for school enrolment while a minor is still in an emergency shelter? In Helsinki, enrolment waits until the municipal placement.' },
      { by: 'a', body: 'In Berlin children join a welcome class from their second week, wherever they are housed. The school office enrols them directly from the shelter.' },
      { by: 'leader', body: 'That belongs in our recommendations: enrolment should not depend on the type of accommodation. I will add it to the requests to the EU institutions and Member States.' },
    ],
  },

  // Action 2: Financial blending facilities for cities and SMEs (a: Denmark, b: Greece)
  {
    action: 2,
    title: 'Blending AMIF with EIB loans: where the rules stop us',
    daysAgo: 25,
    posts: [
      { by: 'leader', body: 'Our recommendation rests on one point: today AMIF money cannot be blended with EIB loans. For the next MFF we ask that it can, for social infrastructure such as reception centres, schools and social housing.\n\nPlease send examples of projects that stalled on this.' },
      { by: 'a', body: 'From the national side: our managing authority would want clear guidance on state aid before it lets municipalities blend. Could the recommendation ask the Commission for that guidance?' },
      { by: 'b', body: 'Two Greek municipalities had housing projects for recognised refugees that could not combine the funds. I can write each up in half a page.' },
      { by: 'leader', body: '**Decision:** the recommendation asks that the successor of AMIF can be blended with EIB loans, and that the Commission issues guidance on state aid. The Greek examples go in an annex.', decision: true },
    ],
  },
  {
    action: 2,
    title: 'Investment needs of cities: a short survey',
    daysAgo: 9,
    posts: [
      { by: 'leader', body: 'To size a facility we need figures. Next week a five-question survey goes to the partnership cities: the investment in social infrastructure for integration they expect over five years, and the share that loans could finance.' },
      { by: 'a', body: 'Please ask whether the city may borrow at all. Some municipalities are held by debt limits.' },
      { by: 'leader', body: 'Good point: it is question 6 now.' },
      { by: 'b', body: 'I can translate the survey into Greek for the smaller municipalities.' },
    ],
  },

  // Action 3: Financial blending facilities for microfinance (a: Italy, b: Portugal)
  {
    action: 3,
    title: 'After the Barcelona microfinance workshop',
    daysAgo: 28,
    posts: [
      { by: 'leader', body: 'Thank you to everyone who came to Barcelona. The main message from the intermediaries: migrants are turned away because they have no credit history, not because their business plans are weak. The EaSI guarantee exists to carry part of that risk.' },
      { by: 'a', body: 'Our ministry is in touch with two Italian intermediaries that use the EaSI guarantee. They would present their figures at the next workshop.' },
      { by: 'b', body: 'In Portugal the gap is mentoring after the loan. The business support desk in Lisbon could speak about that.' },
      { by: 'leader', body: '**Agreed:** each session of the next workshop pairs one intermediary with one city business desk. Italy and Portugal propose the speakers.', decision: true },
    ],
  },
  {
    action: 3,
    title: 'Next workshop: Lisbon, or online first?',
    daysAgo: 7,
    posts: [
      { by: 'b', body: 'Lisbon could host in the spring. Would an online session before then help the cities that could not travel to Barcelona?' },
      { by: 'leader', body: 'An online session in the coming weeks makes sense; we keep Lisbon for the full workshop. I have put it on the agenda.' },
      { by: 'a', body: 'Agreed. The Italian intermediaries prefer online for a first presentation anyway.' },
    ],
  },

  // Action 4: Access to EU integration funding (a: ECRE, b: Council of Europe Development Bank)
  {
    action: 4,
    title: 'Funding after 2020: a share for integration in cities',
    daysAgo: 30,
    pinned: true,
    posts: [
      { by: 'leader', body: 'The draft position on the AMF, ESF+ and ERDF regulations after 2020 is ready for comments. It has two options: a fixed share of each fund for integration at city level, or a single fund for EU migrant integration measures. Which should lead?' },
      { by: 'a', body: 'NGOs support the fixed share, provided cities can pass money on to civil society partners without another round of calls.' },
      { by: 'b', body: 'For a lender a single fund is easier to combine with loans, but a share is more likely to pass. We can work with either.' },
      { by: 'leader', body: '**Decision:** the position leads with a fixed share for cities, with direct access for local partners. The single fund stays as the longer-term option.', decision: true },
    ],
  },
  {
    action: 4,
    title: 'Bottlenecks in AMIF calls: collecting cases',
    daysAgo: 14,
    posts: [
      { by: 'a', body: 'For the annex we need concrete cases: calls cities could not apply to, co-financing they could not raise, reporting they could not meet. One line each is enough.' },
      { by: 'leader', body: 'Amsterdam and Athens have sent theirs. So far, co-financing of 25% is the most common problem.' },
      { by: 'b', body: 'Add the time between the award and the first payment: several cities pre-finance their projects for a year.' },
    ],
  },

  // Action 5: Urban Academy on integration strategies (a: Committee of the Regions, b: URBACT)
  {
    action: 5,
    title: 'Urban Academy: programme of the second edition',
    daysAgo: 22,
    posts: [
      { by: 'leader', body: 'In the evaluation of the first edition, 97% of the participants asked for a yearly Academy. For the second edition I propose dilemma-based sessions in small groups, collegial advice on one case each city brings, and a morning with members of the European Integration Network.' },
      { by: 'a', body: 'Please keep room for smaller towns. Each region could nominate two.' },
      { by: 'b', body: 'URBACT can bring its peer-review method to the collegial advice sessions.' },
      { by: 'leader', body: '**Agreed:** the second edition keeps the dilemma format, adds places for towns nominated by regions, and uses the URBACT peer-review method.', decision: true },
    ],
  },
  {
    action: 5,
    title: 'Dilemmas for collegial advice',
    daysAgo: 6,
    posts: [
      { by: 'b', body: 'Each city brings one dilemma. So far: housing refugees without concentrating them in one district, and keeping volunteers once project funding ends. Send yours in three lines.' },
      { by: 'a', body: 'A regional one: who pays for language courses when newcomers move from one municipality to another?' },
      { by: 'leader', body: 'A good one, and it speaks to the funding Working Group too. It is on the list.' },
    ],
  },

  // Action 6: European Migrant Advisory Board (a: Athens, b: Barcelona)
  {
    action: 6,
    title: 'Consultation of migrants and refugees: first results',
    daysAgo: 26,
    posts: [
      { by: 'leader', body: 'The Board\'s consultation has closed. Its clearest message: people want to be consulted before a policy is written, not after. The Board\'s report will ask for migrant and refugee leaders in the consultation on the EU Integration Action Plan.' },
      { by: 'a', body: 'Athens can host the presentation of the results, together with the people here who answered the consultation.' },
      { by: 'b', body: 'The migrant council of Barcelona asks to read the report in Spanish before it is published.' },
      { by: 'leader', body: '**Agreed:** the report is published in English, Spanish, Greek and Arabic, and presented in Athens first.', decision: true },
    ],
  },
  {
    action: 6,
    title: 'Paying Board members\' travel costs in advance',
    daysAgo: 10,
    posts: [
      { by: 'leader', body: 'Several Board members cannot travel if they have to advance their costs. I propose that the partnership pays before a meeting, not after.' },
      { by: 'a', body: 'Athens had the same problem with volunteers: paying in advance made the difference.' },
      { by: 'b', body: 'Agreed. Interpretation, sign language included, should count as a cost too.' },
    ],
  },

  // Action 7: Urban indicators (a: Berlin, b: Helsinki)
  {
    action: 7,
    title: 'Eurostat integration data at city level',
    daysAgo: 24,
    posts: [
      { by: 'leader', body: 'Eurostat will publish a first set of integration indicators by degree of urbanisation, and asks which ones cities need most. I propose four: employment rate, early leaving from education, housing cost overburden and naturalisation.' },
      { by: 'a', body: 'Berlin would add the share of people with a migrant background on social housing waiting lists.' },
      { by: 'b', body: 'Helsinki agrees with the four. Early leaving from education is what our council asks about first.' },
      { by: 'leader', body: '**Decision:** we send Eurostat the four indicators as our priority, and the housing waiting lists as a fifth one to test in a pilot.', decision: true },
    ],
  },
  {
    action: 7,
    title: 'Two cities to test the new data set',
    daysAgo: 8,
    posts: [
      { by: 'leader', body: 'The pilot compares the Eurostat figures with the cities\' own registers. We need two cities.' },
      { by: 'a', body: 'Berlin can compare them with its population register.' },
      { by: 'b', body: 'Helsinki too, if the pilot starts after the summer.' },
    ],
  },

  // Action 8: Desegregation policies (a: Denmark, b: Greece)
  {
    action: 8,
    title: 'Desegregation pilot: choosing the two cities',
    daysAgo: 27,
    pinned: true,
    posts: [
      { by: 'leader', body: 'The pilot tests desegregation measures in schools and early childhood education in two cities, and may lead to changes in local rules. Proposed criteria: schools where children with a migrant background are clearly concentrated, a city council willing to change its allocation rules, and ERDF funding in the city\'s urban development strategy.' },
      { by: 'a', body: 'Add a national ministry willing to follow up. Without one, a change in a local rule goes nowhere.' },
      { by: 'b', body: 'Agreed. Greek municipalities would need the ministry\'s support for any change of school catchment areas.' },
      { by: 'leader', body: '**Agreed:** the three criteria plus a national ministry that follows up. Applications open next month.', decision: true },
    ],
  },
  {
    action: 8,
    title: 'Early childhood education as the first step',
    daysAgo: 11,
    posts: [
      { by: 'b', body: 'Is good early childhood education a condition for desegregating schools, or a separate track?' },
      { by: 'leader', body: 'Both: the Action treats it as complementary. Good places in mixed neighbourhoods come first.' },
      { by: 'a', body: 'In Denmark, free places for the children of newcomers raised attendance a great deal.' },
    ],
  },
];

export interface DemoUpdate {
  daysAgo: number;
  content: UpdateInput;
}

/** Three updates the secretariat sent, each to a few dozen people at most: direct and through one network. */
export const demoUpdates: DemoUpdate[] = [
  {
    daysAgo: 20,
    content: {
      title: 'Recommendations on the protection of unaccompanied minors',
      subject: 'Unaccompanied minors: what cities ask of the EU and Member States',
      intro: 'Case studies from 14 cities, analysed with the University of Leiden.',
      body: 'The Working Group on the protection of unaccompanied minors has finished its recommendations. They rest on case studies from 14 cities on guardianship, access to education, health services and housing.\n\nThe first bottleneck is guardianship: in most cities a guardian is appointed weeks after arrival. The group asks that school enrolment never wait for a placement, and plans a pilot with Nidos and Missing Children Europe on young people who turn 18 during their procedure.',
      variants: [
        { audience: 'ngo', subject: 'Unaccompanied minors: a pilot with civil society, and the recommendations', intro: 'Organisations working with young refugees can join the pilot on turning 18.' },
      ],
      targets: { audiences: ['local-authority', 'ngo'], topics: ['unaccompanied-minors'], countries: [] },
      routes: { direct: true, networks: ['cemr'] },
    },
  },
  {
    daysAgo: 12,
    content: {
      title: 'Blending EU funds with loans for integration',
      subject: 'Blending EU funds with loans: examples wanted from cities',
      body: 'Cities need to invest in social infrastructure (reception, schools, social housing) to face the medium and long-term needs of integration. Today AMIF money cannot be blended with EIB loans.\n\nThe partnership asks that the funds after 2020 allow it, and that the Commission issues guidance on state aid. Send us a project that stalled for lack of blending: it will support the recommendation.',
      variants: [],
      targets: { audiences: ['local-authority', 'national-authority'], topics: ['funding'], countries: ['DE', 'FI', 'DK', 'PT'] },
      routes: { direct: true, networks: ['eurocities'] },
    },
  },
  {
    daysAgo: 4,
    content: {
      title: 'Integration data at city level: what the partnership asked Eurostat',
      subject: 'Integration indicators for cities: the partnership\'s priorities',
      body: 'Eurostat is preparing integration indicators by degree of urbanisation. The partnership asked for four first: employment rate, early leaving from education, housing cost overburden and naturalisation.\n\nTwo cities will compare the new figures with their own registers in a pilot. Researchers and national statistics offices are welcome to follow it.',
      variants: [],
      targets: { audiences: ['research', 'national-authority'], topics: ['indicators'], countries: [] },
      routes: { direct: true, networks: ['emn'] },
    },
  },
];

export interface DemoReport {
  by: { action: number; voice: Voice };
  whatHappened: string;
  actions: number[];
  followUp?: string;
  links?: string[];
  /** The secretariat's review; none leaves the report in the review queue. */
  review?: { decision: 'accepted'; note: string };
}

export interface DemoEvent {
  title: string;
  description: string;
  /** Days from the seed's day: negative for a past event. */
  inDays: number;
  start: string;
  end: string;
  timeZone: string;
  place?: string;
  online?: string;
  capacity: number;
  actions: number[];
  registrants: { action: number; voice: Voice }[];
  reports: DemoReport[];
}

export const demoEvents: DemoEvent[] = [
  {
    title: 'Partnership meeting in Athens',
    description: 'The quarterly meeting of the partnership: progress of each Action, the Migrant Advisory Board\'s consultation, and the criteria of the desegregation pilot.',
    inDays: -35,
    start: '09:30',
    end: '17:00',
    timeZone: 'Europe/Athens',
    place: 'Athens, City Hall',
    capacity: 40,
    actions: [1, 6, 8],
    registrants: [
      { action: 1, voice: 'leader' },
      { action: 6, voice: 'leader' },
      { action: 6, voice: 'a' },
      { action: 8, voice: 'leader' },
    ],
    reports: [
      {
        by: { action: 6, voice: 'leader' },
        whatHappened: 'The Migrant Advisory Board presented the first results of its consultation. Members agreed to publish the report in four languages and to present it in Athens first.',
        actions: [6],
        followUp: 'Ask DG HOME how the Board can take part in the consultation on the EU Integration Action Plan.',
        review: { decision: 'accepted', note: 'For the plenary.' },
      },
      {
        by: { action: 8, voice: 'leader' },
        whatHappened: 'The criteria for the desegregation pilot were discussed with the Danish and Greek ministries, who agreed that national follow-up should be a condition. Applications open next month.',
        actions: [8],
        review: { decision: 'accepted', note: '' },
      },
      {
        by: { action: 1, voice: 'leader' },
        whatHappened: 'The summary of the guardianship case studies was presented. Berlin and Helsinki added their practices; Nidos offered to co-design the pilot on young people turning 18.',
        actions: [1],
        links: ['https://example.org/partnership/guardianship-summary'],
        review: { decision: 'accepted', note: 'For the plenary, with the pilot as an item.' },
      },
    ],
  },
  {
    title: 'Urban Academy: module on local integration strategies',
    description: 'A day of dilemma-based exchange and collegial advice for city practitioners, with members of the European Integration Network in the afternoon.',
    inDays: -21,
    start: '09:00',
    end: '17:30',
    timeZone: 'Europe/Berlin',
    place: 'Berlin, Rotes Rathaus',
    capacity: 25,
    actions: [5],
    registrants: [
      { action: 5, voice: 'leader' },
      { action: 5, voice: 'a' },
      { action: 5, voice: 'b' },
      { action: 4, voice: 'leader' },
    ],
    reports: [
      {
        by: { action: 5, voice: 'leader' },
        whatHappened: 'Eighteen practitioners from cities and towns worked on six dilemmas, among them housing refugees without concentrating them in one district. National members of the EIN joined in the afternoon.',
        actions: [5],
        followUp: 'Plan the second edition with places for towns nominated by regions.',
        review: { decision: 'accepted', note: '' },
      },
      {
        by: { action: 5, voice: 'b' },
        whatHappened: 'URBACT tried its peer-review method in two collegial advice sessions; participants asked for more time per case.',
        actions: [5],
      },
    ],
  },
  {
    title: 'Online session: microfinance for migrant entrepreneurs',
    description: 'Two intermediaries that use the EaSI guarantee present their figures; city business desks say what newcomers need after the loan.',
    inDays: 20,
    start: '10:00',
    end: '12:00',
    timeZone: 'Europe/Rome',
    online: 'https://meet.example.org/microfinance',
    capacity: 30,
    actions: [3],
    registrants: [
      { action: 3, voice: 'leader' },
      { action: 3, voice: 'a' },
      { action: 3, voice: 'b' },
      { action: 2, voice: 'leader' },
    ],
    reports: [],
  },
];

export interface DemoExpert {
  daysAgo: number;
  application: ExpertApplication;
}

/** Outside the core group; none in Malta or Cyprus, which the browser journeys keep for their own experts. */
export const demoExperts: DemoExpert[] = [
  {
    daysAgo: 40,
    application: { email: 'jan.degroot@guardianship.example.net', name: 'Jan de Groot', organisation: 'Guardianship foundation for young refugees', organisationType: 'ngo', audience: 'ngo', country: 'NL', languages: ['nl', 'en'], topics: ['unaccompanied-minors', 'legal-support'], profile: 'Trains guardians of unaccompanied minors and advises municipalities on the transition to adulthood.' },
  },
  {
    daysAgo: 38,
    application: { email: 'sofia.marques@research.example.net', name: 'Sofia Marques', organisation: 'Centre for Migration Studies, Lisbon', organisationType: 'research', audience: 'research', country: 'PT', languages: ['pt', 'en'], topics: ['indicators', 'housing'], profile: 'Works on local integration data and housing outcomes of refugees in southern European cities.' },
  },
  {
    daysAgo: 33,
    application: { email: 'leila.haddad@entrepreneurs.example.net', name: 'Leila Haddad', organisation: 'Migrant Entrepreneurs Network', organisationType: 'migrant-organisation', audience: 'migrant-organisation', country: 'FR', languages: ['fr', 'en'], topics: ['employment', 'funding'], profile: 'Mentors newcomers who start a business and connects them with microcredit providers.' },
  },
  {
    daysAgo: 30,
    application: { email: 'mikko.virtanen@housing.example.net', name: 'Mikko Virtanen', organisation: 'Tampere social housing company', organisationType: 'private-sector', audience: 'private-sector', country: 'FI', languages: ['fi', 'en'], topics: ['housing', 'desegregation'], profile: 'Runs mixed-tenure housing programmes that avoid concentrating newcomers in one district.' },
  },
  {
    daysAgo: 25,
    application: { email: 'giulia.rossi@teachers.example.net', name: 'Giulia Rossi', organisation: 'Teachers for inclusive schools', organisationType: 'teacher-association', audience: 'ngo', country: 'IT', languages: ['it', 'en'], topics: ['education', 'desegregation'], profile: 'Coordinates teachers who welcome newly arrived pupils in Bologna and advises on school allocation.' },
  },
];

/** A meeting a member attended outside the hub, reported with the outside form and accepted. */
export interface DemoOutsideMeeting {
  by: { action: number; voice: Voice };
  daysAgo: number;
  body: string;
  bodyKind: 'city-network' | 'eu-body' | 'international-organisation' | 'ngo-network' | 'other';
  meetingTitle: string;
  place?: string;
  online?: boolean;
  whatHappened: string;
  workingOn: string;
  actions: number[];
  note: string;
}

/** Outside meetings, so the connections overview and the brief show them on a fresh start. */
export const demoOutsideMeetings: DemoOutsideMeeting[] = [
  {
    by: { action: 2, voice: 'leader' },
    daysAgo: 18,
    body: 'EUROCITIES Working Group on Migration and Integration',
    bodyKind: 'city-network',
    meetingTitle: 'Spring meeting of the working group',
    place: 'Brussels',
    whatHappened: 'Twenty cities compared how they house refugee families beyond the first reception. The working group plans a joint statement and asked the partnership for its findings on housing pathways.',
    workingOn: 'A joint statement on housing for refugees, to be published before the summer, and a peer review of local integration strategies.',
    actions: [2],
    note: 'Share the housing findings of Action 2 before the statement is drafted.',
  },
  {
    by: { action: 5, voice: 'a' },
    daysAgo: 9,
    body: 'European Integration Network (EIN)',
    bodyKind: 'eu-body',
    meetingTitle: 'EIN thematic meeting on labour market integration',
    online: true,
    whatHappened: 'National contact points discussed how member states recognise migrants\' skills. Several asked how cities run skills audits in practice; the partnership\'s Action 5 was named as an example.',
    workingOn: 'A mapping of skills-recognition procedures across member states, due in the autumn.',
    actions: [5],
    note: 'For the plenary: offer the EIN a presentation of the Action 5 skills audits.',
  },
];

export interface DemoCall {
  action: number;
  daysAgo: number;
  /** The call closes this many days after the seed's day. */
  closesInDays: number;
  draft: Omit<CallDraft, 'deadline'>;
  answers: { expert: string; daysAgo: number; interested: boolean; message: string }[];
}

export const demoCall: DemoCall = {
  action: 1,
  daysAgo: 10,
  closesInDays: 25,
  draft: {
    title: 'Support for young refugees turning 18',
    body: 'The Working Group on unaccompanied minors prepares a pilot with Nidos and Missing Children Europe on young people who turn 18 during their procedure.\n\nWe look for experience with guardianship after 18, and with housing that keeps young people out of adult reception centres.',
    topics: ['unaccompanied-minors', 'housing'],
  },
  answers: [
    { expert: 'jan.degroot@guardianship.example.net', daysAgo: 8, interested: true, message: 'Our foundation follows 300 young people through their 18th birthday each year. Happy to share what works.' },
    { expert: 'mikko.virtanen@housing.example.net', daysAgo: 7, interested: false, message: 'Not our field this year, but our supported housing for young adults may interest you later.' },
  ],
};
