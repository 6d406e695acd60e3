import type { Locale } from '../i18n/index.ts';

/**
 * A retention period in words ("30 days", "5 ans"): whole years when the days make whole years,
 * since "1,825 days" says less to a reader than "5 years".
 */
export function periodInWords(amount: number, unit: 'minutes' | 'hours' | 'days', locale: Locale): string {
  const [value, intlUnit] =
    unit === 'days' && amount >= 365 && amount % 365 === 0 ? [amount / 365, 'year'] : [amount, unit.slice(0, -1)];
  return new Intl.NumberFormat(locale, { style: 'unit', unit: intlUnit, unitDisplay: 'long' }).format(value);
}
