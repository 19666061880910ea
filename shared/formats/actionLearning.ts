/** An action learning set: each presenter gets a round of open questions, then commits to an action. */
import type { ClinicFormat } from '../formatSchema.ts';

export const ACTION_LEARNING: ClinicFormat = {
  id: 'actionLearning',
  name: 'Action learning set',
  description: 'Each presenter brings a problem; the set asks open questions only, and the presenter leaves with an action. 30 to 40 minutes per presenter.',
  credit: 'Action learning after Reg Revans.',
  participants: { min: 3, max: 7 },
  rounds: 'eachCaseGiver',
  roles: [],
  phases: [
    {
      id: 'present',
      title: 'Present',
      purpose: 'The presenter describes the problem and what they want from the set.',
      floor: { kind: 'caseGiver' },
      defaultMinutes: 5,
      minimumMinutes: 3,
      guidance: {
        caseGiver: 'Describe your problem and what you want from the set.',
        listeners: 'Listen for what you do not yet understand.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'questions',
      title: 'Open questions',
      purpose: 'The set asks open, insightful questions; no advice, no stories of its own.',
      floor: { kind: 'everyone' },
      clarifyingQuestions: true,
      defaultMinutes: 20,
      minimumMinutes: 10,
      guidance: {
        caseGiver: 'Answer, think aloud, or say "let me take that away".',
        listeners: 'Open questions only: no advice, no stories of your own.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'action',
      title: 'Action',
      purpose: 'The presenter says what they have learned and what they will do next.',
      floor: { kind: 'caseGiver' },
      defaultMinutes: 5,
      minimumMinutes: 2,
      guidance: {
        caseGiver: 'Say what you learned and the action you will take before the next meeting.',
        listeners: 'Listen. Help make the action concrete if asked.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'review',
      title: 'Process review',
      purpose: 'The set looks at how well it helped: which questions opened things up.',
      floor: { kind: 'everyone' },
      defaultMinutes: 5,
      minimumMinutes: 2,
      guidance: {
        caseGiver: 'Say which questions helped you most.',
        listeners: 'How did we do as a set? Which questions opened things up?',
      },
      autoAdvance: 'off',
    },
  ],
};
