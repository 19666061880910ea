/** Troika consulting: three people, one round each, the case giver turning their back to listen. */
import type { ClinicFormat } from '../formatSchema.ts';
import { PRESENT, PRESENT_IN, questions, questionsIn, TURN_AROUND_IN, turnAround } from '../liberatingStructuresPhases.ts';

/** Who asks the clarifying questions, in each language. */
const QUESTIONS_IN = questionsIn({
  de: 'Die Berater·innen fragen, was sie verstehen müssen.',
  es: 'Los consultores preguntan lo que necesitan entender.',
});

export const TROIKA: ClinicFormat = {
  id: 'troika',
  name: 'Troika consulting',
  description: 'Three people, about ten minutes each: present, answer questions, then turn your back while the other two consult.',
  credit: 'Liberating Structures: Troika Consulting (Henri Lipmanowicz and Keith McCandless).',
  participants: { min: 3, max: 4 },
  rounds: 'eachCaseGiver',
  roles: [],
  phases: [
    PRESENT,
    questions('The consultants ask what they need to understand.', 2),
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
    turnAround(1),
  ],
  /** The same words in the other languages the app ships, by phase id; English above is the source. */
  translations: {
    de: {
      name: 'Troika-Beratung',
      description: 'Drei Personen, je etwa zehn Minuten: vorstellen, Fragen beantworten, dann abwenden, während die anderen beiden beraten.',
      credit: 'Liberating Structures: Troika Consulting (Henri Lipmanowicz und Keith McCandless).',
      phases: {
        present: PRESENT_IN.de,
        questions: QUESTIONS_IN.de,
        consult: {
          title: 'Beraten',
          purpose: 'Die Berater·innen sprechen über die Herausforderung, während die Fallgeber·in mit dem Rücken zu ihnen zuhört.',
          guidance: {
            caseGiver: 'Dreh dich um (Kamera aus) und hör zu. Mach dir Notizen, wenn du magst; sag nichts.',
            listeners: 'Sprecht miteinander über die Herausforderung, als wäre die Fallgeber·in nicht da.',
          },
        },
        turnAround: TURN_AROUND_IN.de,
      },
    },
    es: {
      name: 'Consultoría Troika',
      description: 'Tres personas, unos diez minutos cada una: presentar, responder preguntas y luego darse la vuelta mientras las otras dos consultan.',
      credit: 'Liberating Structures: Troika Consulting (Henri Lipmanowicz y Keith McCandless).',
      phases: {
        present: PRESENT_IN.es,
        questions: QUESTIONS_IN.es,
        consult: {
          title: 'Consulta',
          purpose: 'Los consultores hablan del reto mientras quien trae el caso escucha de espaldas.',
          guidance: {
            caseGiver: 'Date la vuelta (cámara apagada) y escucha. Toma notas si quieres; no digas nada.',
            listeners: 'Hablad entre vosotros del reto, como si quien trae el caso no estuviera.',
          },
        },
        turnAround: TURN_AROUND_IN.es,
      },
    },
  },
};
