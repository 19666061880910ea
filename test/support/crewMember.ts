/**
 * A scripted crew member over a real socket.io-client connection: it creates or joins a crew like
 * the browser client would, keeps the latest crew state it was sent and every notice, and joins
 * the crew's sessions as itself with its crew token.
 */
import type { CreateCrewPayload, CreatedCrew, CrewCommand, CrewCommandResult, CrewGone, CrewPaired, CrewPreview, CrewView, JoinedCrew, PairingCode, SessionStarted } from '../../shared/crewProtocolSchemas.ts';
import { PROTOCOL_VERSION, type Ack } from '../../shared/protocol.ts';
import type { Cadence } from '../../shared/wallTimes.ts';
import { openSocket, TestParticipant, type TestSocket } from './participant.ts';

const WAIT_LIMIT_MS = 10_000;

/** Tuesdays at 19:00 in Berlin, from March 2027. */
export const TUESDAYS: Cadence = { weekday: 2, time: '19:00', timeZone: 'Europe/Berlin', startsOn: '2027-03-01' };

export class TestCrewMember {
  readonly socket: TestSocket;
  crew: CrewView | null = null;
  joined: JoinedCrew | null = null;
  readonly gone: CrewGone[] = [];
  readonly sessionsStarted: SessionStarted[] = [];
  /** The codes this member showed that were used, as `crew:paired` told. */
  readonly paired: CrewPaired[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly url: string,
    readonly name: string,
  ) {
    this.socket = openSocket(url);
    this.socket.on('crew:state', (view) => {
      if (!this.crew || view.revision >= this.crew.revision) this.crew = view;
      this.notify();
    });
    this.socket.on('crew:gone', (notice) => {
      this.gone.push(notice);
      this.notify();
    });
    this.socket.on('crew:sessionStarted', (notice) => {
      this.sessionsStarted.push(notice);
      this.notify();
    });
    this.socket.on('crew:paired', (notice) => {
      this.paired.push(notice);
      this.notify();
    });
  }

  /** Creates a crew as its organiser, then joins it with the device token it was given. */
  static async organise(url: string, name: string, settings: Partial<Omit<CreateCrewPayload, 'protocolVersion' | 'organiserName'>> = {}): Promise<{ organiser: TestCrewMember; created: CreatedCrew }> {
    const organiser = new TestCrewMember(url, name);
    const created = await organiser.create({ name: 'Tuesday crew', cadence: TUESDAYS, ...settings });
    if (!created.ok) throw new Error(created.error.message);
    const joined = await organiser.join(created.data.crewId, { memberToken: created.data.memberToken });
    if (!joined.ok) throw new Error(joined.error.message);
    return { organiser, created: created.data };
  }

  /** A new member joins by the crew link with their name. */
  static async joinCrew(url: string, crewId: string, name: string): Promise<TestCrewMember> {
    const member = new TestCrewMember(url, name);
    const joined = await member.join(crewId, { name });
    if (!joined.ok) throw new Error(joined.error.message);
    return member;
  }

  get id(): string {
    if (!this.joined) throw new Error(`${this.name} has not joined`);
    return this.joined.memberId;
  }

  create(settings: Omit<CreateCrewPayload, 'protocolVersion' | 'organiserName'>): Promise<Ack<CreatedCrew>> {
    return this.socket.timeout(WAIT_LIMIT_MS).emitWithAck('crew:create', { protocolVersion: PROTOCOL_VERSION, organiserName: this.name, ...settings });
  }

  /** Whether the crew would let a new member in, as a device it does not know asks before a name is typed. */
  preview(crewId: string): Promise<Ack<CrewPreview>> {
    return this.socket.timeout(WAIT_LIMIT_MS).emitWithAck('crew:preview', { protocolVersion: PROTOCOL_VERSION, crewId });
  }

  async join(crewId: string, how: { name?: string; memberToken?: string; organiserKey?: string; pairingCode?: string }): Promise<Ack<JoinedCrew>> {
    const reply = await this.socket.timeout(WAIT_LIMIT_MS).emitWithAck('crew:join', { protocolVersion: PROTOCOL_VERSION, crewId, ...how });
    if (reply.ok) this.joined = reply.data;
    return reply;
  }

  /** A code to pair another device: for this member, or (the organiser) for `memberId`. */
  pairingCode(memberId?: string): Promise<Ack<PairingCode>> {
    return this.socket.timeout(WAIT_LIMIT_MS).emitWithAck('crew:pairingCode', memberId === undefined ? {} : { memberId });
  }

  command(command: CrewCommand): Promise<Ack<CrewCommandResult>> {
    return this.socket.timeout(WAIT_LIMIT_MS).emitWithAck('crew:command', { command });
  }

  /** Sends `command`, throwing if it is refused, and waits until this device holds the crew it produced. */
  async commandAndSee(command: CrewCommand): Promise<CrewView> {
    const reply = await this.command(command);
    if (!reply.ok) throw new Error(`${command.type} was refused: ${reply.error.reason}`);
    return this.waitFor((crew) => crew.revision >= reply.data.revision, `revision ${reply.data.revision}`);
  }

  /** Joins a session's clinic as this member, on a connection of its own, with no name typed. */
  async enterSession(clinicId: string): Promise<TestParticipant> {
    if (!this.crew || !this.joined) throw new Error(`${this.name} is in no crew`);
    const participant = new TestParticipant(this.url, clinicId, this.name);
    const reply = await participant.socket
      .timeout(WAIT_LIMIT_MS)
      .emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId, crewMember: { crewId: this.crew.id, memberToken: this.joined.memberToken } });
    if (!reply.ok) {
      participant.close();
      throw new Error(`${this.name} could not enter ${clinicId}: ${reply.error.reason}`);
    }
    participant.me = reply.data;
    await participant.waitFor(() => true);
    return participant;
  }

  waitFor(predicate: (crew: CrewView) => boolean, what = 'the crew'): Promise<CrewView> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.crew && predicate(this.crew)) {
          clearTimeout(timer);
          this.listeners.delete(check);
          resolve(this.crew);
        }
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`${this.name} did not see ${what}; last revision ${this.crew?.revision}`));
      }, WAIT_LIMIT_MS);
      this.listeners.add(check);
      check();
    });
  }

  /** Resolves once `seen` holds for this device's notices. */
  waitUntil(seen: () => boolean, what: string): Promise<void> {
    return this.waitFor(() => seen(), what).then(() => undefined);
  }

  close(): void {
    this.socket.disconnect();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

export interface HeldSession {
  readonly clinicId: string;
  /** The members who could make it, and their devices in the clinic, in the same order. */
  readonly attending: readonly TestCrewMember[];
  readonly devices: readonly TestParticipant[];
  readonly host: TestParticipant;
}

/**
 * Session `index` started by its facilitator, entered by every member of `crew` who can make it
 * (each with their crew token alone), started and ended by its host; resolves once the crew keeps
 * its summary. `track` closes the clinic devices after the test.
 */
export async function holdSession(crew: readonly TestCrewMember[], index: number, track: (device: TestParticipant) => TestParticipant): Promise<HeldSession> {
  const planned = crew[0]!.crew!.sessions[index]!;
  const facilitator = crew.find((member) => member.id === planned.facilitatorId)!;
  const started = await facilitator.command({ type: 'START_SESSION', sessionIndex: index });
  if (!started.ok) throw new Error(`week ${index + 1} did not start: ${started.error.reason}`);
  const clinicId = started.data.clinicId!;
  await Promise.all(crew.map((member) => member.waitUntil(() => member.sessionsStarted.some((notice) => notice.clinicId === clinicId), 'the session start')));
  const attending = crew.filter((member) => !planned.cannotAttendIds.includes(member.id));
  const devices = await Promise.all(attending.map(async (member) => track(await member.enterSession(clinicId))));
  const host = devices[attending.indexOf(facilitator)]!;
  for (const type of ['START', 'END'] as const) {
    const reply = await host.command({ type });
    if (!reply.ok) throw new Error(`${type} in week ${index + 1}: ${reply.error.reason}`);
  }
  await crew[0]!.waitFor((view) => view.sessions[index]!.summary !== null, `the summary of week ${index + 1}`);
  return { clinicId, attending, devices, host };
}
