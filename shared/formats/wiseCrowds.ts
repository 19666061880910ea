/** Wise Crowds: a round for each member, the crew consulting while the case giver listens. */
import type { ClinicFormat } from '../formatSchema.ts';
import { PRESENT, PRESENT_IN, questions, questionsIn, TURN_AROUND_IN, turnAround } from '../liberatingStructuresPhases.ts';

/** Who asks the clarifying questions, in each language. */
const QUESTIONS_IN = questionsIn({
  de: 'Die Gruppe fragt, was sie verstehen muss.',
  es: 'El grupo pregunta lo que necesita entender.',
});

export const WISE_CROWDS: ClinicFormat = {
  id: 'wiseCrowds',
  name: 'Wise Crowds',
  description: 'About fifteen minutes per member: present, questions, the crew consults while you turn your back, then you share what helped.',
  credit: 'Liberating Structures: Wise Crowds (Henri Lipmanowicz and Keith McCandless).',
  participants: { min: 4, max: 6 },
  rounds: 'eachCaseGiver',
  roles: [],
  phases: [
    PRESENT,
    questions('The crew asks what it needs to understand.', 3),
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
    turnAround(2),
  ],
  /** The same words in the other languages the app ships, by phase id; English above is the source. */
  translations: {
    de: {
      name: 'Wise Crowds',
      description: 'Etwa fünfzehn Minuten je Mitglied: vorstellen, Fragen, die Gruppe berät, während du dich abwendest, dann teilst du, was geholfen hat.',
      credit: 'Liberating Structures: Wise Crowds (Henri Lipmanowicz und Keith McCandless).',
      phases: {
        present: PRESENT_IN.de,
        questions: QUESTIONS_IN.de,
        consult: {
          title: 'Beraten',
          purpose: 'Die Gruppe bietet Ideen und Rat an, während die Fallgeber·in mit dem Rücken zu ihr zuhört.',
          guidance: {
            caseGiver: 'Dreh dich um (Kamera aus) und hör zu. Mach dir Notizen; sag nichts.',
            listeners: 'Bietet einander Ideen und Rat an, als wäre die Fallgeber·in nicht da.',
          },
        },
        turnAround: TURN_AROUND_IN.de,
      },
    },
    es: {
      name: 'Wise Crowds',
      description: 'Unos quince minutos por miembro: presentar, preguntas, el grupo consulta mientras te das la vuelta y luego compartes lo que te ayudó.',
      credit: 'Liberating Structures: Wise Crowds (Henri Lipmanowicz y Keith McCandless).',
      phases: {
        present: PRESENT_IN.es,
        questions: QUESTIONS_IN.es,
        consult: {
          title: 'Consulta',
          purpose: 'El grupo ofrece ideas y consejos mientras quien trae el caso escucha de espaldas.',
          guidance: {
            caseGiver: 'Date la vuelta (cámara apagada) y escucha. Toma notas; no digas nada.',
            listeners: 'Ofreceos ideas y consejos, como si quien trae el caso no estuviera.',
          },
        },
        turnAround: TURN_AROUND_IN.es,
      },
    },
  },
};
