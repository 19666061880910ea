/**
 * Deleting a clinic while other changes to it are still being saved: whatever comes after the
 * deletion is refused, and nothing saved behind it brings the clinic back.
 */
import { describe, expect, it } from 'vitest';
import type { ClinicStore } from '../../server/store/clinicStore.ts';
import { commandAndSettle } from '../support/crew.ts';
import { createClinicAt, TestParticipant } from '../support/participant.ts';
import { useInProcessServer } from '../support/serverFixture.ts';

/** Holds the next save open until the test lets it go, so other requests pile up behind it. */
class SaveGate {
  private held: { arrived: () => void; release: Promise<void> } | null = null;
  private open: () => void = () => undefined;

  holdNextSave(): Promise<void> {
    return new Promise((arrived) => {
      this.held = { arrived, release: new Promise((release) => (this.open = release)) };
    });
  }

  release(): void {
    this.open();
  }

  wrap = (store: ClinicStore): ClinicStore => ({
    ...store,
    save: async (record, expectedRevision) => {
      const held = this.held;
      this.held = null;
      if (held) {
        held.arrived();
        await held.release;
      }
      return store.save(record, expectedRevision);
    },
  });
}

const gate = new SaveGate();
const fixture = useInProcessServer({ wrapStore: gate.wrap });

describe('a clinic deleted while a save is still under way', () => {
  it('refuses a co-facilitator command that comes after the deletion and stays deleted', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(fixture.server.url);
    const fran = await fixture.joinAs(clinicId, 'Fran', facilitatorKey);
    const cy = await fixture.joinAs(clinicId, 'Cy');
    await commandAndSettle(fran, [fran, cy], { type: 'ADD_FACILITATOR', participantId: cy.id });

    // Someone arriving makes a save, held open here.
    const saveHeld = gate.holdNextSave();
    const arrival = fixture.track(new TestParticipant(fixture.server.url, clinicId, 'Lou')).join();
    await saveHeld;

    const deletion = fran.command({ type: 'DELETE_CLINIC' });
    // The server reads one device's packets in order: once this ping is answered, the deletion has reached the clinic.
    await fran.socket.emitWithAck('clock:ping');
    const lateChange = await cy.command({ type: 'SET_CUE_TIMES', cueTimes: { phaseWrapUpMs: 0, turnWrapUpMs: 0 } });
    gate.release();

    expect(lateChange).toMatchObject({ ok: false, error: { code: 'CLINIC_NOT_FOUND' } });
    expect((await deletion).ok).toBe(true);
    await arrival;
    const latecomer = fixture.track(new TestParticipant(fixture.server.url, clinicId, 'Late Lou'));
    expect(await latecomer.join()).toMatchObject({ ok: false, error: { code: 'CLINIC_NOT_FOUND' } });
  });
});
