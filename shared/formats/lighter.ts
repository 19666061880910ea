/** A shorter clinic for a lunch break or the end of a meeting. */
import type { ClinicFormat } from '../formatSchema.ts';

export const LIGHTER: ClinicFormat = {
  id: 'lighter',
  name: 'Lighter case clinic',
  description: 'The same arc in about 30 minutes: a short case, a minute of stillness, one mirror each, a brief dialogue.',
  credit: 'Shortened Presencing Institute case clinic.',
  participants: { min: 3, max: 6 },
  rounds: 'one',
  roles: [],
  phases: [
    {
      id: 'case',
      title: 'Case',
      purpose: 'The case giver tells the case in brief.',
      floor: { kind: 'caseGiver' },
      defaultMinutes: 5,
      minimumMinutes: 3,
      guidance: {
        caseGiver: 'Tell your case briefly: the situation and your question.',
        listeners: 'Listen closely. Notice what comes up.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'questions',
      title: 'Clarifying questions',
      purpose: 'A few questions to understand the case.',
      floor: { kind: 'everyone' },
      clarifyingQuestions: true,
      defaultMinutes: 4,
      minimumMinutes: 3,
      guidance: {
        caseGiver: 'Answer briefly what helps the coaches understand.',
        listeners: 'Clarifying questions only: no advice yet.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'stillness',
      title: 'Stillness',
      purpose: 'One minute of silence.',
      floor: { kind: 'nobody' },
      defaultMinutes: 1,
      minimumMinutes: 1,
      guidance: {
        caseGiver: 'Silence. Stay with what you feel.',
        listeners: 'Silence. Notice the image or feeling the case brings up.',
      },
      autoAdvance: 'soft',
    },
    {
      id: 'mirroring',
      title: 'Mirroring',
      purpose: 'Each coach shares one image, feeling or gesture.',
      floor: { kind: 'eachCoach' },
      defaultMinutes: 1,
      minimumMinutes: 1,
      guidance: {
        caseGiver: 'Just listen to each mirror.',
        speaker: 'One image, feeling or gesture. No analysis.',
        listeners: 'Listen to each mirror.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'dialogue',
      title: 'Dialogue',
      purpose: 'A brief open conversation; advice is welcome.',
      floor: { kind: 'everyone' },
      defaultMinutes: 12,
      minimumMinutes: 5,
      guidance: {
        caseGiver: 'Explore together. Advice is welcome now.',
        listeners: 'Explore together with the case giver. Advice is welcome now.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'closing',
      title: 'Closing',
      purpose: 'What each person takes away.',
      floor: { kind: 'everyone' },
      defaultMinutes: 5,
      minimumMinutes: 2,
      guidance: {
        caseGiver: 'Say what you take away.',
        listeners: 'A word each: what you take with you.',
      },
      autoAdvance: 'off',
    },
  ],
};
