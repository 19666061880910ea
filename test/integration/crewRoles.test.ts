/**
 * Who may send which crew event: every crew command from the organiser, a member, a removed member
 * and a stranger, each on a fresh crew; joining a crew and a crew's clinic with a token that is
 * not (or no longer) good. A refused command changes nothing anyone sees.
 */
import { describe, expect, it } from 'vitest';
import type { CrewCommand } from '../../shared/crewProtocolSchemas.ts';
import { CREW_SIZE } from '../../shared/crewLimits.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import type { Reason } from '../../shared/reasons.ts';
import { TestCrewMember, TUESDAYS } from '../support/crewMember.ts';
import { createClinicAt, openSocket } from '../support/participant.ts';
import { useInProcessServer } from '../support/serverFixture.ts';
import { startInProcessServer } from '../support/servers.ts';

const fixture = useInProcessServer({ limits: { eventBurst: 1_000, crewsPerAddressPerHour: 1_000 }, now: () => Date.UTC(2027, 1, 20, 12) });

/** Orla organises; Ben and Cleo are members; Rex was a member until Orla removed him. */
async function crewOfFour() {
  const { url } = fixture.server;
  const { organiser: orla, created } = await TestCrewMember.organise(url, 'Orla');
  const [ben, cleo, rex] = await Promise.all(['Ben', 'Cleo', 'Rex'].map(async (name) => fixture.track(await TestCrewMember.joinCrew(url, created.crewId, name))));
  fixture.track(orla);
  await orla.commandAndSee({ type: 'REMOVE_MEMBER', memberId: rex!.id });
  await rex!.waitUntil(() => rex!.gone.length > 0, 'his removal');
  const stranger = fixture.track(new TestCrewMember(url, 'Stranger'));
  return { orla, ben: ben!, cleo: cleo!, rex: rex!, stranger, created };
}

type Answer = 'ok' | Reason;
interface Case {
  readonly command: (crew: Awaited<ReturnType<typeof crewOfFour>>) => CrewCommand;
  /** What a member (Ben) is answered, then the organiser. */
  readonly member: Answer;
  readonly organiser: Answer;
}

const CASES: Record<CrewCommand['type'], Case> = {
  VOLUNTEER: { command: () => ({ type: 'VOLUNTEER', sessionIndex: 1, volunteering: true }), member: 'ok', organiser: 'ok' },
  CANNOT_ATTEND: { command: () => ({ type: 'CANNOT_ATTEND', sessionIndex: 2, cannot: true }), member: 'ok', organiser: 'ok' },
  CONFIRM_ROTA: { command: ({ ben, cleo }) => ({ type: 'CONFIRM_ROTA', sessionIndex: 1, caseGiverIds: [ben.id], facilitatorId: cleo.id }), member: 'NOT_ORGANISER', organiser: 'ok' },
  MOVE_SESSION: { command: () => ({ type: 'MOVE_SESSION', sessionIndex: 1, date: '2027-03-10', time: '18:30' }), member: 'NOT_ORGANISER', organiser: 'ok' },
  SKIP_WEEK: { command: () => ({ type: 'SKIP_WEEK', sessionIndex: 3 }), member: 'NOT_ORGANISER', organiser: 'ok' },
  HAND_OVER_ORGANISER: { command: ({ cleo }) => ({ type: 'HAND_OVER_ORGANISER', memberId: cleo.id }), member: 'NOT_ORGANISER', organiser: 'ok' },
  REMOVE_MEMBER: { command: ({ cleo }) => ({ type: 'REMOVE_MEMBER', memberId: cleo.id }), member: 'NOT_ORGANISER', organiser: 'ok' },
  OPEN_TO_NEW_MEMBERS: { command: () => ({ type: 'OPEN_TO_NEW_MEMBERS', open: true }), member: 'NOT_ORGANISER', organiser: 'ok' },
  // The organiser tries first here: once Ben has left, nothing he sends counts.
  LEAVE: { command: () => ({ type: 'LEAVE' }), organiser: 'ORGANISER_CANNOT_LEAVE', member: 'ok' },
  START_SESSION: { command: () => ({ type: 'START_SESSION', sessionIndex: 0 }), member: 'NOT_SESSION_LEAD', organiser: 'ok' },
  RECORD_LANDING: { command: () => ({ type: 'RECORD_LANDING', decision: 'end' }), member: 'NOT_ORGANISER', organiser: 'NOT_THE_LANDING' },
  DELETE_CREW: { command: () => ({ type: 'DELETE_CREW' }), member: 'NOT_ORGANISER', organiser: 'ok' },
};

const answerOf = (reply: { ok: true } | { ok: false; error: { reason: Reason } }): Answer => (reply.ok ? 'ok' : reply.error.reason);

describe('every crew command', () => {
  it.each(Object.entries(CASES))('%s: a stranger and a removed member are refused; a member and the organiser as their part allows', async (type, { command, member, organiser }) => {
    const crew = await crewOfFour();
    const sent = command(crew);
    expect(sent.type).toBe(type);
    const before = crew.orla.crew!.revision;
    expect(answerOf(await crew.stranger.command(sent)), 'a stranger').toBe('NOT_IN_CREW');
    expect(answerOf(await crew.rex.command(sent)), 'a removed member').toBe('NOT_IN_CREW');
    const order = type === 'LEAVE' ? (['organiser', 'member'] as const) : (['member', 'organiser'] as const);
    for (const who of order) {
      const expected = who === 'member' ? member : organiser;
      const reply = await (who === 'member' ? crew.ben : crew.orla).command(sent);
      expect(answerOf(reply), who).toBe(expected);
      if (expected !== 'ok') expect(crew.orla.crew!.revision, `nothing changed after the ${who} was refused`).toBe(before);
    }
  });
});

describe('asking for a pairing code', () => {
  it('is for a member, for themselves; for the organiser, for anyone in the crew', async () => {
    const { orla, ben, cleo, rex, stranger } = await crewOfFour();
    expect(answerOf(await stranger.pairingCode()), 'a stranger').toBe('NOT_IN_CREW');
    expect(answerOf(await rex.pairingCode()), 'a removed member').toBe('NOT_IN_CREW');
    expect(answerOf(await ben.pairingCode()), 'a member, for themselves').toBe('ok');
    expect(answerOf(await ben.pairingCode(cleo.id)), 'a member, for another').toBe('NOT_ORGANISER');
    expect(answerOf(await orla.pairingCode(cleo.id)), 'the organiser, for a member').toBe('ok');
    expect(answerOf(await orla.pairingCode(rex.id)), 'the organiser, for a removed member').toBe('NOT_A_MEMBER');
  });
});

describe('a crew page whose connection also joins a clinic', () => {
  it("stays its member's, and is sent away with them, hearing no more of the crew", async () => {
    const { url } = fixture.server;
    const { organiser: orla, created } = await TestCrewMember.organise(url, 'Orla');
    fixture.track(orla);
    const ben = fixture.track(await TestCrewMember.joinCrew(url, created.crewId, 'Ben'));
    // Another client than the app's page may join a clinic on the connection its crew page uses.
    const { clinicId } = await createClinicAt(url);
    expect((await ben.socket.timeout(10_000).emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId, name: 'Ben' })).ok).toBe(true);
    expect(answerOf(await ben.command({ type: 'VOLUNTEER', sessionIndex: 1, volunteering: true }))).toBe('ok');

    await orla.commandAndSee({ type: 'REMOVE_MEMBER', memberId: ben.id });
    await ben.waitUntil(() => ben.gone.length > 0, 'his removal');
    const revisionWhenRemoved = ben.crew!.revision;
    await orla.commandAndSee({ type: 'VOLUNTEER', sessionIndex: 2, volunteering: true });
    // His own request is answered after anything sent to him before it.
    expect(answerOf(await ben.command({ type: 'VOLUNTEER', sessionIndex: 2, volunteering: true }))).toBe('NOT_IN_CREW');
    expect(ben.crew!.revision).toBe(revisionWhenRemoved);
  });
});

describe('joining with a token that is not good', () => {
  it('is refused with the reason, for the crew and for its clinics', async () => {
    const { orla, rex, stranger, created } = await crewOfFour();
    const { crewId } = created;
    expect(answerOf(await stranger.join('no-such-crew-id', { name: 'Sly' }))).toBe('CREW_NOT_FOUND');
    expect(answerOf(await stranger.join(crewId, {}))).toBe('NAME_REQUIRED');
    expect(answerOf(await stranger.join(crewId, { memberToken: 'made-up-token' }))).toBe('UNKNOWN_CREW_DEVICE');
    expect(answerOf(await stranger.join(crewId, { organiserKey: 'made-up-key-1' }))).toBe('INVALID_ORGANISER_KEY');
    expect(answerOf(await rex.join(crewId, { memberToken: rex.joined!.memberToken }))).toBe('LEFT_CREW');

    // The organiser link admits the organiser on a new device, as the same member.
    const laptop = fixture.track(new TestCrewMember(fixture.server.url, 'Orla on a laptop'));
    expect(await laptop.join(crewId, { organiserKey: created.organiserKey })).toMatchObject({ ok: true, data: { memberId: orla.id, isOrganiser: true } });

    const started = await orla.command({ type: 'START_SESSION', sessionIndex: 0 });
    if (!started.ok) throw new Error(started.error.reason);
    const clinicId = started.data.clinicId!;
    const socket = openSocket(fixture.server.url);
    try {
      const enter = async (crewMember: { crewId: string; memberToken: string }, into = clinicId) =>
        answerOf(await socket.timeout(5_000).emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId: into, crewMember }));
      expect(await enter({ crewId, memberToken: 'made-up-token' })).toBe('UNKNOWN_CREW_DEVICE');
      expect(await enter({ crewId, memberToken: rex.joined!.memberToken })).toBe('LEFT_CREW');
      expect(await enter({ crewId: 'no-such-crew-id', memberToken: orla.joined!.memberToken })).toBe('CREW_NOT_FOUND');
      // A crew token is no key to a clinic outside the crew.
      const other = await TestCrewMember.organise(fixture.server.url, 'Otto');
      fixture.track(other.organiser);
      const elsewhere = await other.organiser.command({ type: 'START_SESSION', sessionIndex: 0 });
      expect(answerOf(elsewhere)).toBe('CREW_TOO_SMALL');
      expect(await enter({ crewId, memberToken: orla.joined!.memberToken }, crewId)).toBe('CLINIC_NOT_FOUND');
      expect(await enter({ crewId: other.created.crewId, memberToken: other.created.memberToken })).toBe('NOT_A_CREW_SESSION');
      expect(await enter({ crewId, memberToken: orla.joined!.memberToken })).toBe('ok');
    } finally {
      socket.disconnect();
    }
  });

  it("a member a session's facilitator removed cannot come back into that clinic with the crew's token", async () => {
    const { orla, ben, created } = await crewOfFour();
    const started = await orla.command({ type: 'START_SESSION', sessionIndex: 0 });
    if (!started.ok) throw new Error(started.error.reason);
    const clinicId = started.data.clinicId!;
    const host = fixture.track(await orla.enterSession(clinicId));
    const guest = fixture.track(await ben.enterSession(clinicId));
    const removal = await host.command({ type: 'REMOVE_PARTICIPANT', participantId: guest.id });
    expect(answerOf(removal)).toBe('ok');
    const socket = openSocket(fixture.server.url);
    try {
      const again = await socket.timeout(5_000).emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId, crewMember: { crewId: created.crewId, memberToken: ben.joined!.memberToken } });
      expect(answerOf(again)).toBe('REMOVED');
    } finally {
      socket.disconnect();
    }
  });
});

describe('a crew closed to new members', () => {
  it("after a removal turns a newcomer away, the removed member under another name too, at the crew's link and at its session's, until the organiser opens it again", async () => {
    const { orla, ben, rex, stranger, created } = await crewOfFour();
    const { crewId } = created;
    expect(orla.crew!.openToNewMembers).toBe(false);
    await ben.waitFor((crew) => !crew.openToNewMembers, 'the crew closed, as every member is shown');
    // Asked before a name is typed, the crew's link says so; and no more than a join would tell.
    expect(await stranger.preview(crewId)).toEqual({ ok: true, data: { newcomersRefused: 'CREW_CLOSED' } });
    expect(answerOf(await stranger.join(crewId, { name: 'Sly' }))).toBe('CREW_CLOSED');
    const rexAgain = fixture.track(new TestCrewMember(fixture.server.url, 'Rex on a new browser'));
    expect(answerOf(await rexAgain.join(crewId, { name: 'Rexford' }))).toBe('CREW_CLOSED');

    // Members' own ways in stay open: a device's token, a pairing code, the organiser link.
    const benAgain = fixture.track(new TestCrewMember(fixture.server.url, 'Ben reloading'));
    expect(await benAgain.join(crewId, { memberToken: ben.joined!.memberToken })).toMatchObject({ ok: true, data: { memberId: ben.id } });
    const code = await ben.pairingCode();
    if (!code.ok) throw new Error(code.error.reason);
    const bensPhone = fixture.track(new TestCrewMember(fixture.server.url, 'Ben on his phone'));
    expect(await bensPhone.join(crewId, { pairingCode: code.data.code })).toMatchObject({ ok: true, data: { memberId: ben.id } });
    const laptop = fixture.track(new TestCrewMember(fixture.server.url, 'Orla on a laptop'));
    expect(await laptop.join(crewId, { organiserKey: created.organiserKey })).toMatchObject({ ok: true, data: { memberId: orla.id } });
    expect(orla.crew!.members.map((member) => member.name)).toEqual(['Orla', 'Ben', 'Cleo']);

    // Nor does a session's own link let someone new in by name while the crew is closed.
    const started = await orla.command({ type: 'START_SESSION', sessionIndex: 0 });
    if (!started.ok) throw new Error(started.error.reason);
    const intro = started.data.clinicId!;
    const byName = async (name: string) => {
      const socket = openSocket(fixture.server.url);
      try {
        return answerOf(await socket.timeout(5_000).emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId: intro, name }));
      } finally {
        socket.disconnect();
      }
    };
    expect(await byName('Rexford')).toBe('CREW_CLOSED');
    fixture.track(await ben.enterSession(intro));

    await orla.commandAndSee({ type: 'OPEN_TO_NEW_MEMBERS', open: true });
    await ben.waitFor((crew) => crew.openToNewMembers, 'the crew open again');
    expect(await stranger.preview(crewId)).toEqual({ ok: true, data: { newcomersRefused: null } });
    expect(await byName('A guest')).toBe('ok');
    expect(await stranger.join(crewId, { name: 'Sly' })).toMatchObject({ ok: true });
    await orla.commandAndSee({ type: 'OPEN_TO_NEW_MEMBERS', open: false });
    expect(answerOf(await rexAgain.join(crewId, { name: 'Rexford' }))).toBe('CREW_CLOSED');
    expect(orla.crew!.members.map((member) => member.name)).toEqual(['Orla', 'Ben', 'Cleo', 'Sly']);
  });

  it("turns away a newcomer by a name a member already goes by, and points them to pairing; the crew is as it was", async () => {
    const { url } = fixture.server;
    const { organiser: orla, created } = await TestCrewMember.organise(url, 'Orla');
    fixture.track(orla);
    fixture.track(await TestCrewMember.joinCrew(url, created.crewId, 'Ben'));
    await orla.waitFor((crew) => crew.members.length === 2, 'Ben in the crew');
    const bensNewPhone = fixture.track(new TestCrewMember(url, 'Ben'));
    const refused = await bensNewPhone.join(created.crewId, { name: ' ben ' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED_NOW', reason: 'NAME_TAKEN' } });
    expect(await bensNewPhone.join(created.crewId, { name: 'Ben K.' })).toMatchObject({ ok: true });
    await orla.waitFor((crew) => crew.members.length === 3, 'Ben K. in the crew');
    expect(orla.crew!.members.map((member) => member.name)).toEqual(['Orla', 'Ben', 'Ben K.']);
  });

  it('tells a device with its link that it is full before a name is typed, and a link to no crew that it leads nowhere', async () => {
    const { url } = fixture.server;
    const { organiser: orla, created } = await TestCrewMember.organise(url, 'Orla');
    fixture.track(orla);
    const newcomer = fixture.track(new TestCrewMember(url, 'Newcomer'));
    for (let members = 1; members < CREW_SIZE.max; members += 1) {
      expect(await newcomer.preview(created.crewId)).toEqual({ ok: true, data: { newcomersRefused: null } });
      fixture.track(await TestCrewMember.joinCrew(url, created.crewId, `Member ${members + 1}`));
    }
    expect(await newcomer.preview(created.crewId)).toEqual({ ok: true, data: { newcomersRefused: 'CREW_FULL' } });
    expect(answerOf(await newcomer.join(created.crewId, { name: 'One too many' }))).toBe('CREW_FULL');
    await orla.commandAndSee({ type: 'OPEN_TO_NEW_MEMBERS', open: false });
    // Closed comes first: opening it again would still leave it full.
    expect(await newcomer.preview(created.crewId)).toEqual({ ok: true, data: { newcomersRefused: 'CREW_CLOSED' } });
    expect(answerOf(await newcomer.preview('no-such-crew-0000000000'))).toBe('CREW_NOT_FOUND');
    const malformed = await newcomer.socket.timeout(5_000).emitWithAck('crew:preview', { protocolVersion: PROTOCOL_VERSION, crewId: 'not a token!' });
    expect(malformed).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });

  it('is not closed by a member leaving: whoever still has the link may come back', async () => {
    const { orla, cleo, created } = await crewOfFour();
    await orla.commandAndSee({ type: 'OPEN_TO_NEW_MEMBERS', open: true });
    expect(answerOf(await cleo.command({ type: 'LEAVE' }))).toBe('ok');
    await orla.waitFor((crew) => crew.members.length === 2, 'Cleo gone');
    expect(orla.crew!.openToNewMembers).toBe(true);
    const cleoAgain = fixture.track(new TestCrewMember(fixture.server.url, 'Cleo'));
    expect(await cleoAgain.join(created.crewId, { name: 'Cleo' })).toMatchObject({ ok: true });
  });
});

describe('creating crews', () => {
  it('is limited per address and hour', async () => {
    const server = await startInProcessServer({ limits: { crewsPerAddressPerHour: 2 } });
    const founder = new TestCrewMember(server.url, 'Fay');
    try {
      const settings = { name: 'Crew', cadence: TUESDAYS };
      const answers = [await founder.create(settings), await founder.create(settings), await founder.create(settings)];
      expect(answers.map(answerOf)).toEqual(['ok', 'ok', 'TOO_MANY_CREWS']);
    } finally {
      founder.close();
      await server.close();
    }
  });
});
