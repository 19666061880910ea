/**
 * A crew's last session: ending well. As in the intro, the case giver's seat goes to the session's
 * host, its facilitator: nobody brings a case, but a clinic starts only with someone in that seat.
 * The host opens, looking back and saying their own appreciation and takeaway first; then each of
 * the others in turn (`eachCoach`), then the crew decides together. One round, so the decision is
 * taken once; the organiser records it on the crew page.
 */
import type { ClinicFormat } from '../formatSchema.ts';

export const CREW_LANDING: ClinicFormat = {
  id: 'crewLanding',
  name: 'Crew landing',
  description: "A crew's last session, about an hour for four: appreciation, what each takes away, and the decision to end, go on, or seed new crews.",
  credit: 'The graceful landing of microsolidarity crews.',
  participants: { min: 2, max: 12 },
  rounds: 'one',
  roles: [],
  phases: [
    {
      id: 'lookingBack',
      title: 'Looking back',
      purpose: 'The host recalls the weeks together and goes first with appreciation and a takeaway.',
      floor: { kind: 'caseGiver' },
      defaultMinutes: 8,
      minimumMinutes: 3,
      guidance: {
        caseGiver: 'Recall the weeks together. Then say what you appreciate and what you take away, to show the way.',
        listeners: 'Listen, and remember the weeks together.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'appreciation',
      title: 'Appreciation round',
      purpose: 'Each member in turn says what they appreciate in the crew and in each other.',
      floor: { kind: 'eachCoach' },
      defaultMinutes: 5,
      minimumMinutes: 2,
      guidance: {
        caseGiver: 'Listen to each appreciation.',
        speaker: 'Say what you appreciate: in this crew, in each person, in yourself.',
        listeners: 'Listen, and take the appreciation in.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'takeaway',
      title: 'What I take away',
      purpose: 'Each member in turn says what they take away from these weeks.',
      floor: { kind: 'eachCoach' },
      defaultMinutes: 4,
      minimumMinutes: 2,
      guidance: {
        caseGiver: 'Listen to what each member takes away.',
        speaker: 'Say what you take away from these weeks.',
        listeners: 'Listen.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'decision',
      title: "The crew's decision",
      purpose: 'End here, go on for another cycle with rotating organisers, or seed new crews.',
      floor: { kind: 'everyone' },
      defaultMinutes: 20,
      minimumMinutes: 5,
      guidance: {
        caseGiver: 'Help the crew decide: end here, another cycle with rotating organisers, or seed new crews.',
        listeners: 'Decide together: end here, another cycle with rotating organisers, or seed new crews.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'lastWords',
      title: 'Last words',
      purpose: 'A word or a sentence each to close the crew.',
      floor: { kind: 'everyone' },
      defaultMinutes: 5,
      minimumMinutes: 2,
      guidance: {
        caseGiver: 'Invite a last word each, and close the crew.',
        listeners: 'A last word or a sentence.',
      },
      autoAdvance: 'off',
    },
  ],
};
