import { describe, expect, it } from 'vitest';
import { mayMove, resumeMove, updateMoves, type UpdateMove } from '../../../../functions/core/updates/lifecycle.ts';
import { updateStatuses, type UpdateStatus } from '../../../../functions/core/updates/update.ts';

/** Every status × move the table allows, as `status → move`. */
function allowed(): string[] {
  return updateStatuses.flatMap((s) => (Object.keys(updateMoves) as UpdateMove[]).filter((m) => mayMove(s, m)).map((m) => `${s} → ${m}`));
}

describe('the update lifecycle table', () => {
  it('allows exactly these moves', () => {
    expect(allowed().sort()).toEqual(
      [
        'draft → edit',
        'draft → schedule',
        'draft → startSending',
        'scheduled → schedule',
        'scheduled → startSending',
        'scheduled → cancel',
        'sending → markPlanned',
        'sending → pause',
        'sending → cancel',
        'sent → pause',
        'sent → cancel',
        'paused → resumePlanning',
        'paused → resumeQueue',
        'paused → cancel',
      ].sort(),
    );
  });

  it('sends an update once: nothing starts sending again from sending, sent, paused or cancelled', () => {
    for (const s of ['sending', 'sent', 'paused', 'cancelled'] as UpdateStatus[]) expect(mayMove(s, 'startSending')).toBe(false);
  });

  it('keeps a cancelled update cancelled: no move leaves it', () => {
    expect(allowed().filter((m) => m.startsWith('cancelled'))).toEqual([]);
  });

  it('only resumes a paused update, and back to where it was: planning, or the queue once planned', () => {
    expect(updateStatuses.filter((s) => mayMove(s, 'resumeQueue') || mayMove(s, 'resumePlanning'))).toEqual(['paused']);
    expect(resumeMove({})).toBe('resumePlanning');
    expect(updateMoves[resumeMove({ plannedAt: '2026-05-01T09:00:00Z' })].to).toBe('sent');
  });

  it('leads every move to a status the update can have', () => {
    for (const move of Object.values(updateMoves)) expect(updateStatuses).toContain(move.to);
  });
});
