/** Today's default: the four-step case clinic crews in the microsolidarity network run. */
import type { ClinicFormat } from '../formatSchema.ts';

export const CLASSIC: ClinicFormat = {
  id: 'classic',
  name: 'Microsolidarity case clinic',
  description: 'One person brings a case; the crew asks, reflects, hears how it landed, then talks it through. About 80 minutes for four people.',
  credit: 'The case clinic as practised in microsolidarity crews (after the Presencing Institute).',
  participants: { min: 3, max: 7 },
  rounds: 'one',
  roles: [],
  phases: [
    {
      id: 'case',
      title: 'Case',
      purpose: 'The case giver tells the case; coaches only ask clarifying questions.',
      floor: { kind: 'caseGiver' },
      clarifyingQuestions: true,
      defaultMinutes: 20,
      minimumMinutes: 1,
      guidance: {
        caseGiver: 'Tell your case in your own words. Coaches only ask clarifying questions.',
        listeners: 'Listen closely. Clarifying questions only: no advice, no opinions yet.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'reflections',
      title: 'Reflections',
      purpose: 'Each coach in turn reflects what they heard and felt, without advice.',
      floor: { kind: 'eachCoach' },
      defaultMinutes: 5,
      minimumMinutes: 1,
      guidance: {
        caseGiver: 'Just listen: coaches reflect what they heard and felt. No advice yet.',
        speaker: 'Reflect back what you heard and how it made you feel. No advice yet.',
        listeners: 'Listen to each reflection. No advice yet.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'response',
      title: 'Response',
      purpose: 'The case giver says what it was like to share and to hear the reflections.',
      floor: { kind: 'caseGiver' },
      defaultMinutes: 10,
      minimumMinutes: 1,
      guidance: {
        caseGiver: 'Say what it was like to share your case and to hear the reflections.',
        listeners: 'Listen to how the reflections landed. Hold your advice a little longer.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'dialogue',
      title: 'Dialogue',
      purpose: 'An open conversation in which advice is welcome.',
      floor: { kind: 'everyone' },
      defaultMinutes: 35,
      minimumMinutes: 1,
      guidance: {
        caseGiver: 'Open dialogue: explore together. Advice is welcome now.',
        listeners: 'Open dialogue: explore together with the case giver. Advice is welcome now.',
      },
      autoAdvance: 'off',
    },
  ],
};
