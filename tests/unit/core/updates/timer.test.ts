import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atExpression, updateScheduleName } from '../../../../functions/core/updates/timer.ts';

describe("a scheduled update's one-time schedule", () => {
  it('is an at() expression in UTC, to the second', () => {
    expect(atExpression(new Date('2027-03-01T08:30:00.000Z'))).toBe('at(2027-03-01T08:30:00)');
    expect(atExpression(new Date('2027-12-31T23:59:59.000Z'))).toBe('at(2027-12-31T23:59:59)');
  });

  it('never wakes the job before the update is due: a fraction of a second rounds up, across midnight and the year too', () => {
    expect(atExpression(new Date('2027-03-01T08:30:00.001Z'))).toBe('at(2027-03-01T08:30:01)');
    expect(atExpression(new Date('2027-12-31T23:59:59.500Z'))).toBe('at(2028-01-01T00:00:00)');
    fc.assert(
      fc.property(fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:58Z'), noInvalidDate: true }), (at) => {
        const expression = atExpression(at);
        expect(expression).toMatch(/^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/);
        const wakes = new Date(`${expression.slice(3, -1)}Z`).getTime();
        expect(wakes).toBeGreaterThanOrEqual(at.getTime());
        expect(wakes - at.getTime()).toBeLessThan(1000);
      }),
    );
  });

  it('is named after the update, within what Scheduler allows, and refuses an id that would not fit', () => {
    expect(updateScheduleName('3f9a0c1be2d4')).toBe('update-3f9a0c1be2d4');
    expect(() => updateScheduleName('a/b')).toThrow(/cannot name a schedule/);
    expect(() => updateScheduleName('x'.repeat(60))).toThrow(/cannot name a schedule/);
  });
});
