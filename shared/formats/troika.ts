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
  /** The same words in the other languages the app ships, by phase id; English above is the source. */
  translations: {
    de: {
      name: 'Troika-Beratung',
      description: 'Drei Personen, je etwa zehn Minuten: vorstellen, Fragen beantworten, dann abwenden, während die anderen beiden beraten.',
      credit: 'Liberating Structures: Troika Consulting (Henri Lipmanowicz und Keith McCandless).',
      phases: {
        present: {
          title: 'Vorstellen',
          purpose: 'Die Fallgeber·in schildert eine Herausforderung und bittet um Hilfe.',
          guidance: {
            caseGiver: 'Schildere deine Herausforderung und welche Hilfe du dir wünschst.',
            listeners: 'Hör zu. Frag noch nichts.',
          },
        },
        questions: {
          title: 'Verständnisfragen',
          purpose: 'Die Berater·innen fragen, was sie verstehen müssen.',
          guidance: {
            caseGiver: 'Beantworte, was ihnen beim Verstehen hilft.',
            listeners: 'Stell nur Verständnisfragen.',
          },
        },
        consult: {
          title: 'Beraten',
          purpose: 'Die Berater·innen sprechen über die Herausforderung, während die Fallgeber·in mit dem Rücken zu ihnen zuhört.',
          guidance: {
            caseGiver: 'Dreh dich um (Kamera aus) und hör zu. Mach dir Notizen, wenn du magst; sag nichts.',
            listeners: 'Sprecht miteinander über die Herausforderung, als wäre die Fallgeber·in nicht da.',
          },
        },
        turnAround: {
          title: 'Umdrehen',
          purpose: 'Die Fallgeber·in dreht sich zurück und sagt, was wertvoll war.',
          guidance: {
            caseGiver: 'Dreh dich zurück (Kamera an) und sag, was am wertvollsten war.',
            listeners: 'Heißt die Fallgeber·in wieder willkommen und hört zu.',
          },
        },
      },
    },
    es: {
      name: 'Consultoría Troika',
      description: 'Tres personas, unos diez minutos cada una: presentar, responder preguntas y luego darse la vuelta mientras las otras dos consultan.',
      credit: 'Liberating Structures: Troika Consulting (Henri Lipmanowicz y Keith McCandless).',
      phases: {
        present: {
          title: 'Presentar',
          purpose: 'Quien trae el caso comparte un reto y pide ayuda.',
          guidance: {
            caseGiver: 'Comparte tu reto y la ayuda que te gustaría.',
            listeners: 'Escucha. Aún no preguntes nada.',
          },
        },
        questions: {
          title: 'Preguntas aclaratorias',
          purpose: 'Los consultores preguntan lo que necesitan entender.',
          guidance: {
            caseGiver: 'Responde lo que les ayude a entender.',
            listeners: 'Haz solo preguntas aclaratorias.',
          },
        },
        consult: {
          title: 'Consulta',
          purpose: 'Los consultores hablan del reto mientras quien trae el caso escucha de espaldas.',
          guidance: {
            caseGiver: 'Date la vuelta (cámara apagada) y escucha. Toma notas si quieres; no digas nada.',
            listeners: 'Hablad entre vosotros del reto, como si quien trae el caso no estuviera.',
          },
        },
        turnAround: {
          title: 'Darse la vuelta',
          purpose: 'Quien trae el caso se da la vuelta y comparte lo que le resultó valioso.',
          guidance: {
            caseGiver: 'Date la vuelta (cámara encendida) y di qué fue lo más valioso.',
            listeners: 'Dad la bienvenida a quien trae el caso y escuchad.',
          },
        },
      },
    },
  },
};
