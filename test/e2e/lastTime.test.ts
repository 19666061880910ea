/**
 * Takeaways from last time in real browsers: in a crew, Ben keeps a takeaway on his phone after
 * the session where he brought the case; at the next session's check-in his phone shows it in a
 * private "Last time you said…" card, folded until he opens it; his laptop, which was not in that
 * session, says plainly that it cannot open it; Cleo's screen shows nothing; dismissed, it is gone
 * from both of Ben's screens. A note Cleo sealed for his phone in week 2 shows on his laptop as
 * sealed for another of his devices, staying on the server until he deletes it there.
 */
import type { BrowserContextOptions } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousAxeViolations } from '../support/axe.ts';
import { byTestId, LAPTOP, PHONE, relayedSocket, withOneCiphertextCharacterChanged, type BrowserParticipant } from '../support/browser.ts';
import { useBrowserTestbed } from '../support/browserTestbed.ts';
import { TestCrewMember } from '../support/crewMember.ts';
import { HarvestDevice } from '../support/harvestDevices.ts';
import type { TestParticipant } from '../support/participant.ts';
import { saveScreenshot } from '../support/screenshots.ts';

const testbed = useBrowserTestbed();
const TAKEAWAY = 'Say no to the Friday rota before Thursday.';
const NOTE = 'You spoke fastest about the rota.';

describe('takeaways from last time', () => {
  it("come back privately at the crew's next check-in, on the device that can open them", async () => {
    const { organiser: orla, created } = await TestCrewMember.organise(testbed.url, 'Orla', { weeks: 4, formatId: 'classic' });
    const [ben, cleo] = await Promise.all(['Ben', 'Cleo'].map((name) => TestCrewMember.joinCrew(testbed.url, created.crewId, name)));
    const crew = [orla, ben!, cleo!];
    await orla.waitFor((view) => view.members.length === 3, 'three members');
    await orla.commandAndSee({ type: 'CONFIRM_ROTA', sessionIndex: 1, caseGiverIds: [ben!.id], facilitatorId: orla.id });
    const nodeDevices: TestParticipant[] = [];

    /** Session `index` started by Orla; her device (scripted) facilitates it. */
    async function startWeek(index: number): Promise<{ clinicId: string; host: TestParticipant }> {
      const started = await orla.command({ type: 'START_SESSION', sessionIndex: index });
      if (!started.ok) throw new Error(started.error.reason);
      const clinicId = started.data.clinicId!;
      const host = await orla.enterSession(clinicId);
      nodeDevices.push(host);
      return { clinicId, host };
    }

    /**
     * A browser (a new one, or `device` again) that knows `member`'s crew, as a device that joined
     * it on the crew page does, opening the session's link: it comes in as the member.
     */
    async function enterInBrowser(profile: BrowserContextOptions, member: TestCrewMember, clinicId: string, device?: BrowserParticipant) {
      const person = device ?? (await testbed.open(profile));
      await person.page.goto(`${testbed.url}/`);
      await person.page.evaluate(([key, token]) => localStorage.setItem(key!, JSON.stringify({ memberToken: token })), [`case-clinic-crew:${created.crewId}`, member.joined!.memberToken]);
      await person.page.goto(`${testbed.url}/c/${clinicId}`);
      return person;
    }

    try {
      // Week 2: Ben brings the case on his phone and keeps a takeaway after the close.
      const week2 = await startWeek(1);
      const benPhone = await enterInBrowser(PHONE, ben!, week2.clinicId);
      const cleoWeek2 = await cleo!.enterSession(week2.clinicId);
      nodeDevices.push(cleoWeek2);
      await byTestId(benPhone.page, 'lobby').waitFor();
      for (const type of ['START', 'END'] as const) expect((await week2.host.command({ type })).ok).toBe(true);
      await byTestId(benPhone.page, 'my-fingerprint').waitFor();
      // Cleo sends him a note, sealed for the one device of his that has opened the session: his phone.
      expect((await new HarvestDevice(cleoWeek2).send('note', ben!.id, NOTE)).ok).toBe(true);
      await expect.poll(() => benPhone.page.getByTestId('inbox').textContent()).toContain(NOTE);
      await benPhone.page.getByPlaceholder('What you take away…').fill(TAKEAWAY);
      await benPhone.page.getByRole('button', { name: 'Keep takeaway' }).click();
      await expect.poll(() => benPhone.page.getByTestId('takeaways').textContent()).toContain(TAKEAWAY);

      // Week 3, in its lobby: the same phone, Ben's laptop (new to the crew's sessions), and Cleo.
      const week3 = await startWeek(2);
      const [phone, laptop, cleoLaptop] = await Promise.all([
        enterInBrowser(PHONE, ben!, week3.clinicId, benPhone),
        enterInBrowser(LAPTOP, ben!, week3.clinicId),
        enterInBrowser(LAPTOP, cleo!, week3.clinicId),
      ]);
      for (const person of [phone, laptop, cleoLaptop]) await byTestId(person!.page, 'lobby').waitFor();

      const card = byTestId(phone!.page, 'last-time');
      await card.waitFor();
      // Folded: a glance at a shared screen shows that there is something, not what.
      expect(await card.innerText()).not.toContain(TAKEAWAY);
      await saveScreenshot(phone!.page, 'last-time-folded-phone');
      await phone!.page.getByText('Read your takeaway').click();
      await expect.poll(() => byTestId(phone!.page, 'last-time-takeaways').textContent()).toContain(TAKEAWAY);
      await saveScreenshot(phone!.page, 'last-time-phone');
      expect(await seriousAxeViolations(phone!.page)).toEqual([]);

      // The laptop was not in week 2: it cannot open it, and says so in plain words.
      await byTestId(laptop!.page, 'last-time').waitFor();
      expect(await laptop!.page.getByText('Read your takeaway').count()).toBe(0);
      const elsewhere = await byTestId(laptop!.page, 'last-time-elsewhere').textContent();
      expect(elsewhere).toContain('week 2');
      expect(elsewhere).toContain('This device was not there, or its browser has forgotten what it kept.');
      expect(await laptop!.page.locator('body').textContent()).not.toContain(TAKEAWAY);
      await saveScreenshot(laptop!.page, 'last-time-other-device-laptop');
      expect(await seriousAxeViolations(laptop!.page)).toEqual([]);

      // Cleo, in the same lobby, has no card and never sees Ben's.
      expect(await cleoLaptop!.page.getByTestId('last-time').count()).toBe(0);

      // Sealed for the phone but changed on its way (one character of its ciphertext, by a relay on
      // the phone's socket): not taken for a takeaway sealed elsewhere, and deletable from here.
      const phoneSocket = await relayedSocket(phone!.page);
      phoneSocket.alter = withOneCiphertextCharacterChanged;
      await phone!.page.reload();
      const damaged = byTestId(phone!.page, 'last-time-would-not-open');
      await damaged.waitFor();
      expect(await damaged.textContent()).toBe('One takeaway from week 2 was sealed for this device but would not open: it may have been damaged on its way.');
      expect(await phone!.page.getByRole('button', { name: 'Delete it from the server' }).count()).toBe(1);
      expect(await phone!.page.getByText('Read your takeaway').count()).toBe(0);
      await saveScreenshot(phone!.page, 'last-time-damaged-phone');
      phoneSocket.alter = null;
      await phone!.page.reload();
      await phone!.page.getByText('Read your takeaway').click();

      // Done on the phone: gone from the server, and from the laptop too.
      await phone!.page.getByRole('button', { name: 'Done: delete it' }).click();
      await expect.poll(() => phone!.page.getByTestId('last-time').count()).toBe(0);
      await expect.poll(() => laptop!.page.getByTestId('last-time').count()).toBe(0);

      // Week 2's summary on the laptop: Cleo's note is there, sealed for his phone, and staying on
      // the server until he deletes it there.
      await laptop!.page.goto(`${testbed.url}/c/${week2.clinicId}`);
      const inbox = byTestId(laptop!.page, 'harvest-inbox');
      await expect.poll(() => inbox.textContent()).toContain('Sealed for another of your devices: open this clinic there to read it.');
      expect(await inbox.textContent()).toContain('The note sealed for another of your devices stays on the server until you delete it there.');
      expect(await inbox.textContent()).not.toContain(NOTE);
      // Nothing here to delete, and nothing to copy or download but a placeholder.
      for (const name of ['Delete from server', 'Copy all', 'Download']) expect(await laptop!.page.getByRole('button', { name }).count()).toBe(0);
      await saveScreenshot(laptop!.page, 'harvest-inbox-sealed-elsewhere-laptop');
      expect(await seriousAxeViolations(laptop!.page)).toEqual([]);
      for (const person of [phone, laptop, cleoLaptop]) expect(person!.problems).toEqual([]);
    } finally {
      for (const device of nodeDevices) device.close();
      for (const member of crew) member.close();
    }
  });
});
