/**
 * A crew's first session: getting to know each other, agreeing how to be together, picking the
 * rota. Nobody brings a case, yet a clinic needs a case giver to start (`START` checks the
 * lineup), so the case giver's seat goes to the session's host, its facilitator: they open,
 * checking in first and saying their hopes to show the way, then each of the others takes a turn
 * (`eachCoach`: everyone in the lineup but the host, in order). One round: a round per member
 * would repeat the agreements and the rota with each of them.
 */
import type { ClinicFormat } from '../formatSchema.ts';

export const CREW_INTRO: ClinicFormat = {
  id: 'crewIntro',
  name: 'Crew intro',
  description: "A crew's first session, about 90 minutes for four: check in, share hopes, agree how to be together, and pick who brings a case when.",
  credit: 'The intro session of microsolidarity crews.',
  participants: { min: 2, max: 12 },
  rounds: 'one',
  roles: [],
  phases: [
    {
      id: 'welcome',
      title: 'Welcome',
      purpose: 'The host welcomes the crew, says how the weeks will go, and checks in first.',
      floor: { kind: 'caseGiver' },
      defaultMinutes: 10,
      minimumMinutes: 5,
      guidance: {
        caseGiver: 'Welcome everyone and say how the weeks will go. Then check in and share your hopes first, to show the way.',
        listeners: 'Listen to the welcome. Your turn to check in comes next.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'checkIn',
      title: 'Check-in round',
      purpose: 'Each member in turn: who they are, what brings them, how they arrive today.',
      floor: { kind: 'eachCoach' },
      defaultMinutes: 6,
      minimumMinutes: 2,
      guidance: {
        caseGiver: 'Listen as each member checks in.',
        speaker: 'Check in: who you are, what brings you to this crew, how you arrive today.',
        listeners: 'Listen. Nothing to fix, nothing to add.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'hopes',
      title: 'Hopes',
      purpose: 'Each member in turn: what they hope from these weeks, and what they worry about.',
      floor: { kind: 'eachCoach' },
      defaultMinutes: 5,
      minimumMinutes: 2,
      guidance: {
        caseGiver: 'Listen to what each member hopes for.',
        speaker: 'Say what you hope from these weeks, and anything you worry about.',
        listeners: 'Listen. Notice what you share with them.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'agreements',
      title: 'Agreements',
      purpose: 'How the crew will be together: confidentiality, turning up, how advice is offered.',
      floor: { kind: 'everyone' },
      defaultMinutes: 25,
      minimumMinutes: 10,
      guidance: {
        caseGiver: 'Guide the agreements: what is said here stays here; turning up or saying so; how advice is offered.',
        listeners: 'Agree together how you will be: what is said here stays here, turning up, how advice is offered.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'rota',
      title: 'Picking the rota',
      purpose: 'Who brings a case in which week, and who facilitates each session.',
      floor: { kind: 'everyone' },
      defaultMinutes: 15,
      minimumMinutes: 10,
      guidance: {
        caseGiver: 'Ask who would like to bring a case when, and who facilitates each week; the crew page keeps it.',
        listeners: 'Say which week you would like to bring a case, and which you could facilitate.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'checkOut',
      title: 'Check-out',
      purpose: 'A word or a sentence each on how everyone leaves.',
      floor: { kind: 'everyone' },
      defaultMinutes: 7,
      minimumMinutes: 3,
      guidance: {
        caseGiver: 'Invite a word or a sentence each on how everyone leaves, and close.',
        listeners: 'A word or a sentence: how you leave.',
      },
      autoAdvance: 'off',
    },
  ],
};
