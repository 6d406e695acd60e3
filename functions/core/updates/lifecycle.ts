import type { UpdateStatus } from './update.ts';

/**
 * The update's lifecycle, as a table: each move names the statuses it may start from and the one it
 * leads to. The store builds its conditional writes from this table, so a move the table does not
 * allow can never be written, whoever races whom.
 *
 * `sent` means planned: every delivery is written and queued; the queue may still be draining.
 * That is why pause and cancel start from `sent` as well as `sending`.
 */
export const updateMoves = {
  /** Content changes: only a draft is edited (what was sent must stay what the report describes). */
  edit: { from: ['draft'], to: 'draft' },
  schedule: { from: ['draft', 'scheduled'], to: 'scheduled' },
  /** Updates are sent once: only a draft or a scheduled update starts sending. */
  startSending: { from: ['draft', 'scheduled'], to: 'sending' },
  /** Every delivery written and queued. */
  markPlanned: { from: ['sending'], to: 'sent' },
  /** The brake: bounces or complaints over the limit stop the queue until the secretariat decides. */
  pause: { from: ['sending', 'sent'], to: 'paused' },
  /** Back to planning, for an update paused before its deliveries were all written. */
  resumePlanning: { from: ['paused'], to: 'sending' },
  /** Back to draining the queue, for an update paused after it was planned. */
  resumeQueue: { from: ['paused'], to: 'sent' },
  cancel: { from: ['scheduled', 'sending', 'sent', 'paused'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly UpdateStatus[]; to: UpdateStatus }>;

export type UpdateMove = keyof typeof updateMoves;

export function mayMove(status: UpdateStatus, move: UpdateMove): boolean {
  return (updateMoves[move].from as readonly UpdateStatus[]).includes(status);
}

/** Where a resume leads: planning again when the send was paused before it was planned. */
export function resumeMove(update: { plannedAt?: string | undefined }): Extract<UpdateMove, 'resumePlanning' | 'resumeQueue'> {
  return update.plannedAt ? 'resumeQueue' : 'resumePlanning';
}

/** Statuses in which the send worker may claim the update's deliveries. */
export const claimableStatuses: readonly UpdateStatus[] = ['sending', 'sent'];

/**
 * Statuses of an update in the public archive: once it started going out, until someone cancels it.
 * A paused send stays: some have it already. A cancel takes it out of the archive's index.
 */
export const archivedStatuses: readonly UpdateStatus[] = ['sending', 'sent', 'paused'];
