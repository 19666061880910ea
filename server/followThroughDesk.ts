/**
 * The follow-through of takeaways on the server: in a crew, the takeaways a member sealed for
 * themselves after a session come back to that member's own devices at the check-in of the next
 * crew session they attend, as the ciphertext they were stored as; dismissed, they are deleted.
 * They are read where the harvest keeps them, with the clinic of the session they were written
 * in, so they last no longer than that clinic (its crew's retention) and nothing is copied.
 */
import type { ClinicState } from '../shared/clinicStateSchema.ts';
import { earlierSessions, lastTimeRefusal, type EarlierSession } from '../shared/followThrough.ts';
import type { DeletedSealed, HarvestChange, LastTime } from '../shared/harvestSchemas.ts';
import type { Ack } from '../shared/protocol.ts';
import { refuse, type Reason } from '../shared/reasons.ts';
import type { CrewStore } from './store/crewStore.ts';
import type { SealedNoteStore } from './store/sealedNoteStore.ts';

export interface FollowThroughDeskDeps {
  readonly notes: SealedNoteStore;
  readonly crews: Pick<CrewStore, 'crewOfClinic' | 'loadCrew'>;
  /** Tells the devices of one participant of a clinic what changed. */
  readonly notify: (clinicId: string, participantId: string, change: HarvestChange) => void;
}

export class FollowThroughDesk {
  constructor(private readonly deps: FollowThroughDeskDeps) {}

  /** The member's takeaways from the crew's earlier sessions, for their own device, at the check-in. */
  async lastTime(state: ClinicState, participantId: string): Promise<Ack<LastTime>> {
    const earlier = await this.earlierSessionsOf(state.clinicId, participantId);
    if (typeof earlier === 'string') return refuse(earlier);
    const refusal = lastTimeRefusal(state);
    if (refusal) return refuse(refusal);
    const takeaways = await this.deps.notes.takeawaysOf(
      earlier.map((session) => session.clinicId),
      participantId,
    );
    const sessionOf = new Map(earlier.map((session) => [session.clinicId, session.sessionIndex]));
    const items = takeaways.map((takeaway) => ({
      noteId: takeaway.id,
      clinicId: takeaway.clinicId,
      sessionIndex: sessionOf.get(takeaway.clinicId)!,
      sentAt: takeaway.sentAt,
      envelopes: [...(takeaway.envelopes ?? [])],
    }));
    return { ok: true, data: { items } };
  }

  /** The member read them: their envelopes are deleted, and the member's other devices let go of them. */
  async dismiss(state: ClinicState, participantId: string, noteIds: readonly string[]): Promise<Ack<DeletedSealed>> {
    const earlier = await this.earlierSessionsOf(state.clinicId, participantId);
    if (typeof earlier === 'string') return refuse(earlier);
    const dropped = await this.deps.notes.dropTakeaways(
      earlier.map((session) => session.clinicId),
      participantId,
      noteIds,
    );
    this.deps.notify(state.clinicId, participantId, { part: 'lastTime' });
    // A device still on the summary of the session they were written in drops them too.
    for (const clinicId of new Set(dropped)) this.deps.notify(clinicId, participantId, { part: 'inbox' });
    return { ok: true, data: { deleted: dropped.length } };
  }

  /**
   * The crew's sessions before this one, if this clinic is a crew session and the participant a
   * member of its crew (in a crew's clinic, a member's participant id is their crew id).
   */
  private async earlierSessionsOf(clinicId: string, participantId: string): Promise<EarlierSession[] | Reason> {
    const crewId = await this.deps.crews.crewOfClinic(clinicId);
    const crew = crewId === null ? null : await this.deps.crews.loadCrew(crewId);
    if (!crew) return 'NOT_A_CREW_SESSION';
    if (!crew.members.some((member) => member.id === participantId)) return 'NOT_A_MEMBER';
    return earlierSessions(crew.sessions, clinicId);
  }
}
