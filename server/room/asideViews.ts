/**
 * Sends each participant their view of the asides, only when it changed. A view depends only on
 * the asides, who facilitates and who is the case giver, so a save that changes none of them (a
 * timer, a join) costs nothing here.
 */
import { asidesViewFor } from '../../shared/asides.ts';
import type { AsidesView } from '../../shared/asidesSchema.ts';
import { caseGiverOf } from '../../shared/lineup.ts';
import type { StoredClinic } from '../../shared/storedClinicSchema.ts';

export class AsideViews {
  private lastInputs: readonly unknown[] = [];
  /** Per participant, the last view sent, without its revision. */
  private readonly sent = new Map<string, string>();

  send(record: StoredClinic, sendTo: (participantId: string, view: AsidesView) => void): void {
    const inputs = [record.asides, record.facilitatorIds, caseGiverOf(record.progress), record.participants];
    if (inputs.every((input, index) => input === this.lastInputs[index])) return;
    this.lastInputs = inputs;
    for (const { id } of record.participants) {
      const view = asidesViewFor(record.asides, record, id, record.revision);
      const shown = JSON.stringify({ ...view, revision: 0 });
      if (this.sent.get(id) === shown) continue;
      this.sent.set(id, shown);
      sendTo(id, view);
    }
  }
}
