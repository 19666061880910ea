/**
 * Adding a device to a crew with a pairing code: shown on a device of the member, typed on the new
 * one, it works once, for ten minutes, in that crew, as that member, and the new device then enters
 * the crew's sessions as them; codes shown and tried are limited. A member who lost every device
 * is re-admitted with a code the organiser gives them, and the lost devices stop working.
 */
import { describe, expect, it } from 'vitest';
import { instantOf } from '../../shared/crewSchedule.ts';
import { PAIRING_CODE_TTL_MS } from '../../shared/crewProtocolSchemas.ts';
import type { Reason } from '../../shared/reasons.ts';
import { TestCrewMember } from '../support/crewMember.ts';
import { useInProcessServer } from '../support/serverFixture.ts';

let clock = Date.UTC(2027, 1, 20, 12);
const fixture = useInProcessServer({ now: () => clock, limits: { pairingCodesPerMemberPerHour: 3, pairingAttemptsPerAddressPerHour: 8 } });

const reasonOf = (reply: { ok: true } | { ok: false; error: { reason: Reason } }) => (reply.ok ? 'ok' : reply.error.reason);

async function crewOfTwo() {
  const { url } = fixture.server;
  const { organiser, created } = await TestCrewMember.organise(url, 'Orla');
  const ben = fixture.track(await TestCrewMember.joinCrew(url, created.crewId, 'Ben'));
  fixture.track(organiser);
  await organiser.waitFor((crew) => crew.members.length === 2, 'two members');
  const newDevice = (name: string) => fixture.track(new TestCrewMember(url, name));
  return { orla: organiser, ben, crewId: created.crewId, newDevice };
}

describe('a pairing code', () => {
  it('adds a device as the member once, and that device enters the sessions as them', async () => {
    const { orla, ben, crewId, newDevice } = await crewOfTwo();
    const shown = await ben.pairingCode();
    if (!shown.ok) throw new Error(shown.error.reason);
    expect(shown.data.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(shown.data.expiresAt).toBe(clock + PAIRING_CODE_TTL_MS);

    // Typed on the phone as people type: lower case, a space for the dash.
    const phone = newDevice('Ben on his phone');
    expect(await phone.join(crewId, { pairingCode: ` ${shown.data.code.toLowerCase().replace('-', ' ')} ` })).toMatchObject({ ok: true, data: { memberId: ben.id, isOrganiser: false } });
    await phone.waitFor((crew) => crew.members.length === 2, 'the crew');
    // The laptop that showed the code hears it was used, so its screen can say so; nobody else does.
    await ben.waitFor(() => ben.paired.length === 1, 'the code used');
    expect(ben.paired).toEqual([{ crewId, memberId: ben.id, code: shown.data.code }]);
    expect(orla.paired).toEqual([]);
    expect(reasonOf(await newDevice('Someone else').join(crewId, { pairingCode: shown.data.code }))).toBe('PAIRING_CODE_INVALID');
    // The laptop keeps working beside the phone.
    expect(reasonOf(await newDevice('Ben on his laptop again').join(crewId, { memberToken: ben.joined!.memberToken }))).toBe('ok');

    clock = instantOf(orla.crew!.sessions[0]!.scheduled);
    const started = await orla.command({ type: 'START_SESSION', sessionIndex: 0 });
    if (!started.ok) throw new Error(started.error.reason);
    const inClinic = fixture.track(await phone.enterSession(started.data.clinicId!));
    expect(inClinic.state!.participants.find((person) => person.id === inClinic.id)).toMatchObject({ id: ben.id, name: 'Ben' });
  });

  it('works only for ten minutes, and only in its own crew', async () => {
    const { ben, crewId, newDevice } = await crewOfTwo();
    const other = await crewOfTwo();
    const [first, second] = [await ben.pairingCode(), await ben.pairingCode()];
    if (!first.ok || !second.ok) throw new Error('no code');
    expect(reasonOf(await newDevice('Phone').join(other.crewId, { pairingCode: first.data.code }))).toBe('PAIRING_CODE_INVALID');
    clock += PAIRING_CODE_TTL_MS;
    expect(reasonOf(await newDevice('Phone').join(crewId, { pairingCode: second.data.code }))).toBe('PAIRING_CODE_INVALID');
    expect(reasonOf(await newDevice('Nonsense').join(crewId, { pairingCode: 'not a code at all' }))).toBe('INVALID_PAYLOAD');
  });

  it('is limited: codes shown per member, codes tried per address', async () => {
    const { ben, crewId, newDevice } = await crewOfTwo();
    const shown = [await ben.pairingCode(), await ben.pairingCode(), await ben.pairingCode(), await ben.pairingCode()];
    expect(shown.map(reasonOf)).toEqual(['ok', 'ok', 'ok', 'TOO_MANY_PAIRING_CODES']);
    const guesser = newDevice('Guesser');
    const tries = [];
    for (const letter of 'ABCDEFGHJ') tries.push(reasonOf(await guesser.join(crewId, { pairingCode: letter.repeat(8) })));
    expect(tries).toEqual([...Array(8).fill('PAIRING_CODE_INVALID'), 'TOO_MANY_PAIRING_ATTEMPTS']);
  });
});

describe('the organiser re-admitting a member who lost every device', () => {
  it('gives them a code for a new device, and their lost devices stop working', async () => {
    const { orla, ben, crewId, newDevice } = await crewOfTwo();
    expect(reasonOf(await ben.pairingCode(orla.id))).toBe('NOT_ORGANISER');
    expect(reasonOf(await orla.pairingCode('no-such-member'))).toBe('NOT_A_MEMBER');
    const given = await orla.pairingCode(ben.id);
    if (!given.ok) throw new Error(given.error.reason);
    const newPhone = newDevice('Ben, new phone');
    expect(await newPhone.join(crewId, { pairingCode: given.data.code })).toMatchObject({ ok: true, data: { memberId: ben.id } });
    // The organiser showed it, so the organiser's screen hears it was used.
    await orla.waitFor(() => orla.paired.length === 1, 'the code used');
    expect(orla.paired).toEqual([{ crewId, memberId: ben.id, code: given.data.code }]);
    // Ben's lost laptop, still connected, showed no code.
    expect(ben.paired).toEqual([]);
    expect(reasonOf(await newDevice('The lost laptop').join(crewId, { memberToken: ben.joined!.memberToken }))).toBe('UNKNOWN_CREW_DEVICE');
    expect(reasonOf(await newDevice('Ben again').join(crewId, { memberToken: newPhone.joined!.memberToken }))).toBe('ok');
  });
});
