/** Kollegiale Beratung: six phases led by a moderator, with a method chosen for each case. */
import type { ClinicFormat } from '../formatSchema.ts';

export const KOLLEGIALE_BERATUNG: ClinicFormat = {
  id: 'kollegialeBeratung',
  name: 'Kollegiale Beratung',
  description: 'Peer consultation in six phases led by a moderator: roles, case account, key question, method, consultation, conclusion. 45 to 50 minutes.',
  credit: 'Kollegiale Beratung after Kim-Oliver Tietze.',
  participants: { min: 4, max: 10 },
  rounds: 'one',
  roles: [
    { id: 'moderator', name: 'Moderator', duty: 'Leads through the phases, keeps time and guards the rules of each phase.' },
    { id: 'observer', name: 'Process observer', duty: 'Watches how the consultation goes and reports at the end.' },
  ],
  phases: [
    {
      id: 'casting',
      title: 'Casting',
      purpose: 'The moderator confirms the roles: case giver, moderator, consultants and an optional observer.',
      floor: { kind: 'role', roleId: 'moderator' },
      defaultMinutes: 5,
      minimumMinutes: 2,
      guidance: {
        caseGiver: 'You bring the case today. The moderator confirms the roles.',
        speaker: 'Confirm who brings the case, who consults and who observes.',
        listeners: 'Listen for your role.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'account',
      title: 'Case account',
      purpose: 'The case giver describes the situation; consultants ask questions of understanding.',
      floor: { kind: 'caseGiver' },
      clarifyingQuestions: true,
      defaultMinutes: 10,
      minimumMinutes: 5,
      guidance: {
        caseGiver: 'Describe the situation as you see it.',
        listeners: 'Listen; ask only questions that help you understand.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'keyQuestion',
      title: 'Key question',
      purpose: 'The case giver puts the question the consultation should answer.',
      floor: { kind: 'caseGiver' },
      defaultMinutes: 5,
      minimumMinutes: 2,
      guidance: {
        caseGiver: 'Put your key question: what should the consultation help you with?',
        listeners: 'Help sharpen the question if the case giver asks.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'method',
      title: 'Choice of method',
      purpose: 'The moderator and the case giver choose a method: brainstorming, headlines, good advice.',
      floor: { kind: 'role', roleId: 'moderator' },
      defaultMinutes: 5,
      minimumMinutes: 2,
      guidance: {
        caseGiver: 'Choose with the moderator the method that suits your question.',
        speaker: 'Suggest a method that fits the key question and agree it with the case giver.',
        listeners: 'Wait for the method.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'consultation',
      title: 'Consultation',
      purpose: 'The consultants consult with the chosen method; the case giver only listens.',
      floor: { kind: 'everyone' },
      defaultMinutes: 15,
      minimumMinutes: 10,
      guidance: {
        caseGiver: 'Only listen now, and note what strikes you.',
        listeners: 'Consult with the chosen method. Talk to each other, not to the case giver.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'conclusion',
      title: 'Conclusion',
      purpose: 'The case giver says what they take away; the observer may report.',
      floor: { kind: 'caseGiver' },
      defaultMinutes: 5,
      minimumMinutes: 2,
      guidance: {
        caseGiver: 'Say which ideas help you and what you will do.',
        listeners: 'Listen. Thank the case giver.',
      },
      autoAdvance: 'off',
    },
  ],
};
