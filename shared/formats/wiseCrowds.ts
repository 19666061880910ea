/** Wise Crowds: a round for each member, the crew consulting while the case giver listens. */
import type { ClinicFormat } from '../formatSchema.ts';

export const WISE_CROWDS: ClinicFormat = {
  id: 'wiseCrowds',
  name: 'Wise Crowds',
  description: 'About fifteen minutes per member: present, questions, the crew consults while you turn your back, then you share what helped.',
  credit: 'Liberating Structures: Wise Crowds (Henri Lipmanowicz and Keith McCandless).',
  participants: { min: 4, max: 6 },
  rounds: 'eachCaseGiver',
  roles: [],
  phases: [
    {
      id: 'present',
      title: 'Present',
      purpose: 'The case giver shares a challenge and asks for help.',
      floor: { kind: 'caseGiver' },
      defaultMinutes: 2,
      minimumMinutes: 1,
      guidance: {
        caseGiver: 'Share your challenge and the help you would like.',
        listeners: 'Listen. Ask nothing yet.',
      },
      autoAdvance: 'soft',
    },
    {
      id: 'questions',
      title: 'Clarifying questions',
      purpose: 'The crew asks what it needs to understand.',
      floor: { kind: 'everyone' },
      clarifyingQuestions: true,
      defaultMinutes: 3,
      minimumMinutes: 1,
      guidance: {
        caseGiver: 'Answer what helps them understand.',
        listeners: 'Ask clarifying questions only.',
      },
      autoAdvance: 'soft',
    },
    {
      id: 'consult',
      title: 'Consult',
      purpose: 'The crew offers ideas and advice while the case giver listens with their back turned.',
      floor: { kind: 'everyone' },
      caseGiverTurnsAway: true,
      defaultMinutes: 8,
      minimumMinutes: 4,
      guidance: {
        caseGiver: 'Turn your back (camera off) and listen. Take notes; say nothing.',
        listeners: 'Offer ideas and advice to each other, as if the case giver were not there.',
      },
      autoAdvance: 'soft',
    },
    {
      id: 'turnAround',
      title: 'Turn around',
      purpose: 'The case giver turns back and shares what was valuable.',
      floor: { kind: 'caseGiver' },
      defaultMinutes: 2,
      minimumMinutes: 1,
      guidance: {
        caseGiver: 'Turn around (camera on) and say what was most valuable.',
        listeners: 'Welcome the case giver back and listen.',
      },
      autoAdvance: 'off',
    },
  ],
};
