/** Counts of people reached, by audience, by country and by network. */
export interface Reach {
  audiences: Record<string, number>;
  countries: Record<string, number>;
  networks: Record<string, number>;
}

export interface Period {
  from: Date;
  to: Date;
}

/**
 * The port through which the outreach view learns whom updates reached in a period. The mail
 * pipeline's delivery store implements it; `undefined` means that source is not available yet.
 */
export interface UpdateReach {
  reachByUpdates(period: Period): Promise<Reach | undefined>;
}

/** One person who came to an event, with what the partnership knows of them. */
export interface Participant {
  country?: string | undefined;
  audience?: string | undefined;
  networks: string[];
}

export const emptyReach = (): Reach => ({ audiences: {}, countries: {}, networks: {} });

export function reachOf(participants: Participant[]): Reach {
  const reach = emptyReach();
  const add = (bucket: Record<string, number>, key: string | undefined) => {
    if (key) bucket[key] = (bucket[key] ?? 0) + 1;
  };
  for (const p of participants) {
    add(reach.audiences, p.audience);
    add(reach.countries, p.country);
    for (const n of new Set(p.networks)) add(reach.networks, n);
  }
  return reach;
}

export interface OutreachRow {
  key: string;
  label: string;
  events: number;
  /** `null` while the updates source is pending. */
  updates: number | null;
  reached: boolean;
}

export interface OutreachView {
  audiences: OutreachRow[];
  countries: OutreachRow[];
  networks: OutreachRow[];
  /** Sources not counted yet, named so the page can say so. */
  pending: string[];
}

/**
 * Puts every audience, country and network the partnership counts on one row, reached or not:
 * the gaps are the rows with nothing, which is what the secretariat looks for.
 */
export function outreachView(input: {
  universe: { audiences: string[]; countries: string[]; networks: { id: string; name: string }[] };
  events: Reach;
  updates: Reach | undefined;
  labels?: Record<string, string>;
}): OutreachView {
  const rows = (keys: { key: string; label: string }[], dimension: keyof Reach): OutreachRow[] => {
    const all = new Map(keys.map((k) => [k.key, k.label]));
    for (const key of [...Object.keys(input.events[dimension]), ...Object.keys(input.updates?.[dimension] ?? {})]) {
      if (!all.has(key)) all.set(key, key);
    }
    return [...all.entries()]
      .map(([key, label]) => {
        const events = input.events[dimension][key] ?? 0;
        const updates = input.updates ? (input.updates[dimension][key] ?? 0) : null;
        return { key, label, events, updates, reached: events + (updates ?? 0) > 0 };
      })
      .sort((a, b) => Number(a.reached) - Number(b.reached) || a.label.localeCompare(b.label));
  };
  return {
    audiences: rows(input.universe.audiences.map((a) => ({ key: a, label: input.labels?.[a] ?? a })), 'audiences'),
    countries: rows(input.universe.countries.map((c) => ({ key: c, label: c })), 'countries'),
    networks: rows(input.universe.networks.map((n) => ({ key: n.id, label: n.name })), 'networks'),
    pending: input.updates ? [] : ['updates'],
  };
}
