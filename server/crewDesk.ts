/**
 * Crews on the server: create, join, the organiser's and members' commands, starting a session
 * as a clinic, its summary once that clinic closes, deletion and retention. Each change loads the
 * crew from the store, asks the shared rules, saves with a compare-and-set on the revision, and
 * only then tells the devices and acknowledges; one crew's changes run one at a time here, and a
 * change another process saved first is retried from the fresh record.
 */
import { heldSession } from '../shared/crewHistory.ts';
import { PAIRING_CODE_TTL_MS, type PairingCode } from '../shared/crewProtocolSchemas.ts';
import type { CreateCrewPayload, CreatedCrew, CrewCommand, CrewCommandResult, CrewGone, CrewPaired, CrewPreview, CrewView, JoinCrewPayload, JoinedCrew, SessionStarted } from '../shared/crewProtocolSchemas.ts';
import { formatOf, joinRule, newcomerRule, newNameRule, sessionLineup, withRotaSuggested } from '../shared/crewRota.ts';
import { CREW_SCHEMA_VERSION, type CrewMember, type StoredCrew } from '../shared/crewSchema.ts';
import { CREW_WEEKS } from '../shared/crewLimits.ts';
import type { ClinicProgress } from '../shared/clinicStateSchema.ts';
import type { ClinicFormat } from '../shared/formatSchema.ts';
import { DEFAULT_FORMAT_ID, getFormat } from '../shared/formatLibrary.ts';
import type { Ack } from '../shared/protocol.ts';
import { refuse, type Reason } from '../shared/reasons.ts';
import type { Language } from '../shared/languages.ts';
import type { CrewSeat } from './room/admission.ts';
import type { CrewSeating } from './room/clinicRoom.ts';
import { hashSecret, matchesAnyHash, matchesHash, newClinicId, newPairingCode, newParticipantId, newSecret, withDeviceTokenHash } from './secrets.ts';
import { SerialQueue } from './serialQueue.ts';
import { sessionCalendar } from './sessionCalendar.ts';
import { OutcomeUnknownError, StaleWriteError } from './store/clinicStore.ts';
import type { CrewStore } from './store/crewStore.ts';

const DAY_MS = 86_400_000;

/** A pairing code as it is shown, in two halves: "ABCD-EFGH". */
const shownCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

// The crew's date arithmetic, and the commands that move or skip a week with it, need the Temporal
// polyfill (some 15 ms to load): they load with the first crew change, not with every start.
const crewSchedule = () => import('../shared/crewSchedule.ts');
const crewCommands = () => import('../shared/crewCommands.ts');

export interface CrewDeskDeps {
  readonly store: CrewStore;
  readonly now: () => number;
  readonly log: (message: string, error?: unknown) => void;
  /** Counts a pairing code shown for a member (`crewId:memberId`); false once they have shown too many. */
  readonly mayPair: (memberKey: string) => Promise<boolean>;
  /** How long a crew is kept after its last session. */
  readonly retentionDays: number;
  readonly sendState: (view: CrewView) => void;
  /** Tells the devices of one member (or, with null, of everyone in the crew) that they are out. */
  readonly dismiss: (crewId: string, memberId: string | null, notice: CrewGone) => void;
  readonly sessionStarted: (notice: SessionStarted) => void;
  /** Tells the devices of a member (who showed a pairing code, or organises the crew) that it was used. */
  readonly paired: (shownBy: string, notice: CrewPaired) => void;
  /** Starts a clinic seated from the rota; resolves with its id. */
  readonly startClinic: (settings: { title: string; crewWeek: number; format: ClinicFormat }, seating: CrewSeating) => Promise<string>;
  /** A member left: the clinics of the crew's sessions forget them too. */
  readonly memberLeft: (clinicIds: readonly string[], memberId: string) => Promise<void>;
  /** The store deleted these clinics with their crew: close their rooms. */
  readonly clinicsDeleted: (clinicIds: readonly string[]) => Promise<void>;
  /** Deletes a clinic started for a session whose start could not be saved. */
  readonly discardClinic: (clinicId: string) => Promise<void>;
  /** A stored clinic's progress and who joined it, if it has closed; null if it is open or gone. */
  readonly closedClinicOf: (clinicId: string) => Promise<ClosedClinic | null>;
}

/** What the crew keeps a session's summary from: the closed clinic's progress, and who joined it. */
export interface ClosedClinic {
  readonly progress: ClinicProgress;
  readonly participantIds: readonly string[];
}

/** A decision on the crew as loaded: a refusal, nothing to save, or the record to save and what follows once saved. */
type Decision<T> =
  | { refused: Reason }
  | { unchanged: T }
  | {
      crew: StoredCrew;
      result: (saved: StoredCrew) => T;
      /** What follows once saved, each step on its own: one failing neither fails the change nor skips the others. */
      afterSave?: ReadonlyArray<() => void | Promise<void>>;
      /** Undoes what deciding did outside the record (a clinic started, a code used) when the record could not be saved. */
      abandon?: () => Promise<void>;
    };

export interface CrewJoin {
  readonly joined: JoinedCrew;
  /** The crew as the device is first shown it. */
  readonly view: CrewView;
}

export const viewOf = (crew: StoredCrew): CrewView => ({
  id: crew.id,
  name: crew.name,
  theme: crew.theme,
  revision: crew.revision,
  cadence: crew.cadence,
  weeks: crew.weeks,
  defaultFormat: crew.defaultFormat,
  organiserId: crew.organiserId,
  members: crew.members.map(({ id, name, joinedAt }) => ({ id, name, joinedAt })),
  sessions: crew.sessions,
  skippedDates: crew.skippedDates,
  landing: crew.landing,
  openToNewMembers: crew.openToNewMembers,
});

const lastSessionAt = async (crew: StoredCrew) => (await crewSchedule()).instantOf(crew.sessions.at(-1)!.scheduled);
const memberWithToken = (crew: StoredCrew, token: string) => crew.members.find((member) => matchesAnyHash(token, member.tokenHashes));
const withDeviceToken = (member: CrewMember, token: string): CrewMember => ({ ...member, tokenHashes: withDeviceTokenHash(member.tokenHashes, token) });
const revisionOf = (saved: StoredCrew): CrewCommandResult => ({ revision: saved.revision });
const withMember = (crew: StoredCrew, updated: CrewMember): StoredCrew => ({ ...crew, members: crew.members.map((member) => (member.id === updated.id ? updated : member)) });

export class CrewDesk {
  private readonly queues = new Map<string, SerialQueue>();

  constructor(private readonly deps: CrewDeskDeps) {}

  async create({ protocolVersion: _version, name, theme, organiserName, cadence, weeks = CREW_WEEKS.default, formatId, format }: CreateCrewPayload & { name: string; organiserName: string }): Promise<Ack<CreatedCrew>> {
    const at = this.deps.now();
    const crewId = newClinicId();
    const organiserKey = newSecret();
    const memberToken = newSecret();
    const organiser: CrewMember = withDeviceToken({ id: newParticipantId(), name: organiserName, tokenHashes: [], joinedAt: at }, memberToken);
    const caseFormat = format ?? getFormat(formatId ?? DEFAULT_FORMAT_ID);
    const { plannedSessions } = await crewSchedule();
    const crew: StoredCrew = withRotaSuggested({
      schemaVersion: CREW_SCHEMA_VERSION,
      id: crewId,
      name,
      theme: theme ?? null,
      createdAt: at,
      updatedAt: at,
      revision: 0,
      cadence,
      weeks,
      defaultFormat: format ? { kind: 'custom', format } : { kind: 'library', formatId: caseFormat.id },
      organiserKeyHash: hashSecret(organiserKey),
      organiserId: organiser.id,
      members: [organiser],
      departedTokenHashes: [],
      openToNewMembers: true,
      sessions: plannedSessions(cadence, weeks, caseFormat.id),
      skippedDates: [],
      landing: null,
    });
    await this.deps.store.saveCrew(crew, null, await lastSessionAt(crew));
    return { ok: true, data: { crewId, organiserKey, memberId: organiser.id, memberToken } };
  }

  /**
   * A single-use code that adds a device as `memberId`, valid for ten minutes: a member's for
   * themselves; the organiser's for a member who lost every device, whose old devices then stop working.
   */
  async pairingCode(crewId: string, senderId: string, memberId: string): Promise<Ack<PairingCode>> {
    const crew = await this.deps.store.loadCrew(crewId);
    if (!crew) return refuse('CREW_NOT_FOUND');
    if (!crew.members.some((member) => member.id === senderId)) return refuse('NOT_A_MEMBER');
    if (memberId !== senderId && senderId !== crew.organiserId) return refuse('NOT_ORGANISER');
    if (!crew.members.some((member) => member.id === memberId)) return refuse('NOT_A_MEMBER');
    if (!(await this.deps.mayPair(`${crewId}:${memberId}`))) return refuse('TOO_MANY_PAIRING_CODES');
    const code = newPairingCode();
    const expiresAt = this.deps.now() + PAIRING_CODE_TTL_MS;
    await this.deps.store.addPairingCode({ crewId, memberId, codeHash: hashSecret(`${crewId}:${code}`), expiresAt, replacesDevices: memberId !== senderId });
    return { ok: true, data: { code: shownCode(code), expiresAt } };
  }

  /** Whether a new member would be let in: asked by a device the crew does not know, before it asks for a name. */
  async preview(crewId: string): Promise<Ack<CrewPreview>> {
    const crew = await this.deps.store.loadCrew(crewId);
    return crew ? { ok: true, data: { newcomersRefused: joinRule(crew) } } : refuse('CREW_NOT_FOUND');
  }

  /** A device joins: by its token, by the organiser key, by a pairing code, or as a new member by name. */
  async join(payload: JoinCrewPayload & { pairingCode?: string }): Promise<Ack<CrewJoin>> {
    // Before the answer, so the view the device is first shown has them.
    await this.catchUpSummaries(payload.crewId);
    return this.admit(payload);
  }

  private admit({ crewId, name, memberToken, organiserKey, pairingCode }: JoinCrewPayload & { pairingCode?: string }): Promise<Ack<CrewJoin>> {
    return this.change(crewId, async (crew): Promise<Decision<CrewJoin>> => {
      if (pairingCode !== undefined) return this.paired(crew, pairingCode);
      const byToken = memberToken === undefined ? undefined : memberWithToken(crew, memberToken);
      const holdsKey = organiserKey !== undefined && matchesHash(organiserKey, crew.organiserKeyHash);
      if (organiserKey !== undefined && !holdsKey && !byToken) return { refused: 'INVALID_ORGANISER_KEY' };
      if (memberToken !== undefined && !byToken && !holdsKey) {
        return { refused: matchesAnyHash(memberToken, crew.departedTokenHashes) ? 'LEFT_CREW' : 'UNKNOWN_CREW_DEVICE' };
      }
      const answer = (member: CrewMember, token: string) => (saved: StoredCrew): CrewJoin => ({
        joined: { memberId: member.id, memberToken: token, isOrganiser: member.id === saved.organiserId },
        view: viewOf(saved),
      });
      if (byToken && memberToken !== undefined) return { unchanged: answer(byToken, memberToken)(crew) };
      const token = newSecret();
      const organiser = crew.members.find((member) => member.id === crew.organiserId)!;
      if (holdsKey) {
        return { crew: withMember(crew, withDeviceToken(organiser, token)), result: answer(organiser, token) };
      }
      if (!name) return { refused: 'NAME_REQUIRED' };
      const refusal = joinRule(crew) ?? newNameRule(crew, name);
      if (refusal) return { refused: refusal };
      const member = withDeviceToken({ id: newParticipantId(), name, tokenHashes: [], joinedAt: this.deps.now() }, token);
      return { crew: withRotaSuggested({ ...crew, members: [...crew.members, member] }), result: answer(member, token) };
    });
  }

  /** A device paired by a code: the code's member, with a token for this device (and, if the organiser gave the code, only this one). */
  private async paired(crew: StoredCrew, pairingCode: string): Promise<Decision<CrewJoin>> {
    const code = await this.deps.store.redeemPairingCode(crew.id, hashSecret(`${crew.id}:${pairingCode}`), this.deps.now());
    const member = code && crew.members.find((candidate) => candidate.id === code.memberId);
    if (!code || !member) return { refused: 'PAIRING_CODE_INVALID' };
    const token = newSecret();
    const paired = withDeviceToken(code.replacesDevices ? { ...member, tokenHashes: [] } : member, token);
    return {
      crew: withMember(crew, paired),
      result: (saved) => ({ joined: { memberId: member.id, memberToken: token, isOrganiser: member.id === saved.organiserId }, view: viewOf(saved) }),
      // The device was not added: its code still works, for the retry or for another try.
      abandon: () => this.deps.store.addPairingCode(code),
      // A code that replaces a member's devices is one the organiser showed for them; the code does
      // not keep who, so it goes to whoever organises the crew now.
      afterSave: [() => this.deps.paired(code.replacesDevices ? crew.organiserId : member.id, { crewId: crew.id, memberId: member.id, code: shownCode(pairingCode) })],
    };
  }

  command(crewId: string, senderId: string, command: CrewCommand): Promise<Ack<CrewCommandResult>> {
    return this.change(crewId, async (crew): Promise<Decision<CrewCommandResult>> => {
      const at = this.deps.now();
      const { crewCommandRule, withCrewCommand } = await crewCommands();
      const refusal = crewCommandRule(crew, senderId, command, at);
      if (refusal) return { refused: refusal };
      switch (command.type) {
        case 'DELETE_CREW':
          return { unchanged: await this.delete(crew.id).then(() => ({ revision: crew.revision })) };
        case 'START_SESSION':
          return this.startSession(crew, command.sessionIndex);
        case 'HAND_OVER_ORGANISER': {
          // The organiser link stood for the one who handed over: it stops working.
          const updated = { ...withCrewCommand(crew, senderId, command, at), organiserKeyHash: hashSecret(newSecret()) };
          return { crew: updated, result: revisionOf };
        }
        case 'OPEN_TO_NEW_MEMBERS':
          // Two organiser devices clicking at once: the second changes nothing, and saves nothing.
          if (crew.openToNewMembers === command.open) return { unchanged: revisionOf(crew) };
          return { crew: withCrewCommand(crew, senderId, command, at), result: revisionOf };
        case 'LEAVE':
        case 'REMOVE_MEMBER': {
          const leaving = command.type === 'LEAVE' ? senderId : command.memberId;
          const notice: CrewGone = { crewId: crew.id, reason: command.type === 'LEAVE' ? 'left' : 'removed' };
          const clinicIds = crew.sessions.flatMap((session) => (session.clinicId === null ? [] : [session.clinicId]));
          const afterSave = [
            () => this.deps.dismiss(crew.id, leaving, notice),
            () => this.deps.memberLeft(clinicIds, leaving),
            () => this.deps.store.forgetOverwritten(),
          ];
          return { crew: withCrewCommand(crew, senderId, command, at), result: revisionOf, afterSave };
        }
        default:
          return { crew: withCrewCommand(crew, senderId, command, at), result: revisionOf };
      }
    });
  }

  /**
   * Who a crew token admits to one of the crew's clinics: the member, by their crew id and name,
   * with facilitator rights if they facilitate that session.
   */
  async seatFor(crewId: string, memberToken: string, clinicId: string): Promise<CrewSeat | Reason> {
    const crew = await this.deps.store.loadCrew(crewId);
    if (!crew) return 'CREW_NOT_FOUND';
    const member = memberWithToken(crew, memberToken);
    if (!member) return matchesAnyHash(memberToken, crew.departedTokenHashes) ? 'LEFT_CREW' : 'UNKNOWN_CREW_DEVICE';
    const session = crew.sessions.find((candidate) => candidate.clinicId === clinicId);
    if (!session) return 'NOT_A_CREW_SESSION';
    return { memberId: member.id, name: member.name, facilitates: sessionLineup(crew, session.index).facilitatorId === member.id };
  }

  /**
   * Why someone new may not join a clinic by name: it is one of a crew's sessions, and the crew is
   * closed to new members (a removed member must not come back through a session's link either).
   */
  async sessionNewcomerRule(clinicId: string): Promise<Reason | null> {
    const crewId = await this.deps.store.crewOfClinic(clinicId);
    const crew = crewId === null ? null : await this.deps.store.loadCrew(crewId);
    return crew && newcomerRule(crew);
  }

  /**
   * Session `index` (0 is the intro) as an .ics file for the member whose device holds
   * `memberToken`; null if there is no such crew or session. Only members: the crew id alone is
   * the crew link, which someone removed from the crew still has.
   */
  async calendar(crewId: string, index: number, language: Language, memberToken: string): Promise<string | null | 'NOT_A_MEMBER'> {
    const crew = await this.deps.store.loadCrew(crewId);
    if (!crew) return null;
    return memberWithToken(crew, memberToken) ? sessionCalendar(crew, index, this.deps.now(), language) : 'NOT_A_MEMBER';
  }

  /** A crew session's clinic closed: the crew keeps its planned-against-actual summary, once. */
  async clinicClosed(clinicId: string, { progress, participantIds }: ClosedClinic): Promise<void> {
    const crewId = await this.deps.store.crewOfClinic(clinicId);
    if (crewId === null) return;
    const saved = await this.change(crewId, (crew) => {
      const session = crew.sessions.find((candidate) => candidate.clinicId === clinicId);
      if (!session || session.summary !== null) return { unchanged: null };
      const held = heldSession(session, progress, new Set(crew.members.map((member) => member.id)), participantIds);
      return { crew: { ...crew, sessions: crew.sessions.map((candidate) => (candidate === session ? held : candidate)) }, result: () => null };
    });
    if (!saved.ok && saved.error.reason !== 'CREW_NOT_FOUND') this.deps.log(`could not keep a session's summary: ${saved.error.reason}`);
  }

  /**
   * Keeps the summaries of sessions whose clinic closed while no summary could be saved (the
   * process stopped between the two saves, say): the closed clinic in the store still tells.
   */
  private async catchUpSummaries(crewId: string): Promise<void> {
    const crew = await this.deps.store.loadCrew(crewId);
    const pending = crew?.sessions.filter((session) => session.clinicId !== null && session.summary === null) ?? [];
    for (const { clinicId } of pending) {
      const closed = await this.deps.closedClinicOf(clinicId!);
      if (closed) await this.clinicClosed(clinicId!, closed);
    }
  }

  /** Deletes every crew whose last session was longer ago than the retention; resolves with their ids. */
  async deleteExpired(now: number): Promise<readonly string[]> {
    const { crewIds, clinicIds } = await this.deps.store.deleteExpiredCrews(now - this.deps.retentionDays * DAY_MS);
    await this.deps.clinicsDeleted(clinicIds);
    for (const crewId of crewIds) this.deps.dismiss(crewId, null, { crewId, reason: 'deleted' });
    return crewIds;
  }

  private async delete(crewId: string): Promise<void> {
    const clinicIds = await this.deps.store.deleteCrew(crewId);
    await this.deps.clinicsDeleted(clinicIds);
    this.deps.dismiss(crewId, null, { crewId, reason: 'deleted' });
  }

  private async startSession(crew: StoredCrew, index: number): Promise<Decision<CrewCommandResult>> {
    const session = crew.sessions[index]!;
    const format = formatOf(crew, session);
    if (!format) return { refused: 'NO_SUCH_SESSION' };
    const { lineup, caseGiverIds, facilitatorId } = sessionLineup(crew, index);
    const people = lineup.map((memberId) => crew.members.find((member) => member.id === memberId)!);
    const clinicId = await this.deps.startClinic({ title: crew.name, crewWeek: index + 1, format }, { people, caseGiverIds, facilitatorId });
    await this.deps.store.linkClinic(clinicId, crew.id);
    const started = { ...session, clinicId, caseGiverIds: session.kind === 'case' ? [...caseGiverIds] : [], facilitatorId };
    return {
      crew: { ...crew, sessions: crew.sessions.map((candidate) => (candidate.index === index ? started : candidate)) },
      result: (saved) => ({ revision: saved.revision, clinicId }),
      afterSave: [() => this.deps.sessionStarted({ crewId: crew.id, sessionIndex: index, clinicId })],
      // Surely unsaved, the session does not know this clinic: a retry starts its own, and this one must not linger.
      abandon: () => this.deps.discardClinic(clinicId),
    };
  }

  /** Load, decide, save (compare-and-set), then tell: one change of one crew at a time. */
  private change<T>(crewId: string, decide: (crew: StoredCrew) => Decision<T> | Promise<Decision<T>>): Promise<Ack<T>> {
    let queue = this.queues.get(crewId);
    if (!queue) this.queues.set(crewId, (queue = new SerialQueue()));
    const done = queue.run(() => this.decideAndSave(crewId, decide));
    void done.finally(() => {
      if (queue.pending === 0) this.queues.delete(crewId);
    });
    return done;
  }

  private async decideAndSave<T>(crewId: string, decide: (crew: StoredCrew) => Decision<T> | Promise<Decision<T>>, attempt = 1): Promise<Ack<T>> {
    const crew = await this.deps.store.loadCrew(crewId);
    if (!crew) return refuse('CREW_NOT_FOUND');
    const decision = await decide(crew);
    if ('refused' in decision) return refuse(decision.refused);
    if ('unchanged' in decision) return { ok: true, data: decision.unchanged };
    const saved: StoredCrew = { ...decision.crew, revision: crew.revision + 1, updatedAt: this.deps.now() };
    try {
      await this.deps.store.saveCrew(saved, crew.revision, await lastSessionAt(saved));
    } catch (error) {
      // A save that may have landed may point at what the change made: that stays.
      if (!(error instanceof OutcomeUnknownError)) await decision.abandon?.();
      // Another process saved this crew first: decide again on what it saved.
      if (error instanceof StaleWriteError && attempt === 1) return this.decideAndSave(crewId, decide, attempt + 1);
      this.deps.log('could not save a crew', error);
      // It may have landed: "try again" could make the change twice (a join by name, a second member).
      return refuse(error instanceof OutcomeUnknownError ? 'OUTCOME_UNKNOWN' : 'SAVE_FAILED');
    }
    this.deps.sendState(viewOf(saved));
    for (const step of decision.afterSave ?? []) {
      try {
        await step();
      } catch (error) {
        // The change is saved and shown, so it is answered as done; what failed after it is the operator's to hear of.
        this.deps.log('a crew change was saved, but what follows it failed', error);
      }
    }
    return { ok: true, data: decision.result(saved) };
  }
}
