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
  /** The same words in the other languages the app ships, by phase id; English above is the source. */
  translations: {
    de: {
      name: 'Wise Crowds',
      description: 'Etwa fünfzehn Minuten je Mitglied: vorstellen, Fragen, die Gruppe berät, während du dich abwendest, dann teilst du, was geholfen hat.',
      credit: 'Liberating Structures: Wise Crowds (Henri Lipmanowicz und Keith McCandless).',
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
          purpose: 'Die Gruppe fragt, was sie verstehen muss.',
          guidance: {
            caseGiver: 'Beantworte, was ihnen beim Verstehen hilft.',
            listeners: 'Stell nur Verständnisfragen.',
          },
        },
        consult: {
          title: 'Beraten',
          purpose: 'Die Gruppe bietet Ideen und Rat an, während die Fallgeber·in mit dem Rücken zu ihr zuhört.',
          guidance: {
            caseGiver: 'Dreh dich um (Kamera aus) und hör zu. Mach dir Notizen; sag nichts.',
            listeners: 'Bietet einander Ideen und Rat an, als wäre die Fallgeber·in nicht da.',
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
      name: 'Wise Crowds',
      description: 'Unos quince minutos por miembro: presentar, preguntas, el grupo consulta mientras te das la vuelta y luego compartes lo que te ayudó.',
      credit: 'Liberating Structures: Wise Crowds (Henri Lipmanowicz y Keith McCandless).',
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
          purpose: 'El grupo pregunta lo que necesita entender.',
          guidance: {
            caseGiver: 'Responde lo que les ayude a entender.',
            listeners: 'Haz solo preguntas aclaratorias.',
          },
        },
        consult: {
          title: 'Consulta',
          purpose: 'El grupo ofrece ideas y consejos mientras quien trae el caso escucha de espaldas.',
          guidance: {
            caseGiver: 'Date la vuelta (cámara apagada) y escucha. Toma notas; no digas nada.',
            listeners: 'Ofreceos ideas y consejos, como si quien trae el caso no estuviera.',
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
