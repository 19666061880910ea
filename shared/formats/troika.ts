/** Troika consulting: three people, one round each, the case giver turning their back to listen. */
import type { ClinicFormat } from '../formatSchema.ts';

export const TROIKA: ClinicFormat = {
  id: 'troika',
  name: 'Troika consulting',
  description: 'Three people, about ten minutes each: present, answer questions, then turn your back while the other two consult.',
  credit: 'Liberating Structures: Troika Consulting (Henri Lipmanowicz and Keith McCandless).',
  participants: { min: 3, max: 4 },
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
      purpose: 'The consultants ask what they need to understand.',
      floor: { kind: 'everyone' },
      clarifyingQuestions: true,
      defaultMinutes: 2,
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
      purpose: 'The consultants talk about the challenge while the case giver listens with their back turned.',
      floor: { kind: 'everyone' },
      caseGiverTurnsAway: true,
      defaultMinutes: 5,
      minimumMinutes: 3,
      guidance: {
        caseGiver: 'Turn your back (camera off) and listen. Take notes if you like; say nothing.',
        listeners: 'Talk with each other about the challenge, as if the case giver were not there.',
      },
      autoAdvance: 'soft',
    },
    {
      id: 'turnAround',
      title: 'Turn around',
      purpose: 'The case giver turns back and shares what was valuable.',
      floor: { kind: 'caseGiver' },
      defaultMinutes: 1,
      minimumMinutes: 1,
      guidance: {
        caseGiver: 'Turn around (camera on) and say what was most valuable.',
        listeners: 'Welcome the case giver back and listen.',
      },
      autoAdvance: 'off',
    },
  ],
};
