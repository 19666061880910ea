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
  /** The same words in the other languages the app ships, by phase id; English above is the source. */
  translations: {
    de: {
      name: 'Action-Learning-Set',
      description: 'Jede vortragende Person bringt ein Problem ein; das Set stellt nur offene Fragen, und sie geht mit einer Handlung. 30 bis 40 Minuten je Person.',
      credit: 'Action Learning nach Reg Revans.',
      phases: {
        present: {
          title: 'Vorstellen',
          purpose: 'Die vortragende Person beschreibt das Problem und was sie vom Set möchte.',
          guidance: {
            caseGiver: 'Beschreibe dein Problem und was du vom Set möchtest.',
            listeners: 'Hör auf das, was du noch nicht verstehst.',
          },
        },
        questions: {
          title: 'Offene Fragen',
          purpose: 'Das Set stellt offene, erhellende Fragen; keinen Rat, keine eigenen Geschichten.',
          guidance: {
            caseGiver: 'Antworte, denk laut nach oder sag „das nehme ich mit“.',
            listeners: 'Nur offene Fragen: kein Rat, keine eigenen Geschichten.',
          },
        },
        action: {
          title: 'Handlung',
          purpose: 'Die vortragende Person sagt, was sie gelernt hat und was sie als Nächstes tut.',
          guidance: {
            caseGiver: 'Sag, was du gelernt hast und was du bis zum nächsten Treffen tust.',
            listeners: 'Hör zu. Hilf, die Handlung konkret zu machen, wenn du gefragt wirst.',
          },
        },
        review: {
          title: 'Prozessrückblick',
          purpose: 'Das Set schaut, wie gut es geholfen hat: welche Fragen etwas geöffnet haben.',
          guidance: {
            caseGiver: 'Sag, welche Fragen dir am meisten geholfen haben.',
            listeners: 'Wie gut waren wir als Set? Welche Fragen haben etwas geöffnet?',
          },
        },
      },
    },
    es: {
      name: 'Conjunto de aprendizaje en acción',
      description: 'Cada presentador trae un problema; el conjunto solo hace preguntas abiertas y el presentador se va con una acción. De 30 a 40 minutos por presentador.',
      credit: 'Aprendizaje en acción según Reg Revans.',
      phases: {
        present: {
          title: 'Presentar',
          purpose: 'El presentador describe el problema y lo que quiere del conjunto.',
          guidance: {
            caseGiver: 'Describe tu problema y lo que quieres del conjunto.',
            listeners: 'Escucha lo que aún no entiendes.',
          },
        },
        questions: {
          title: 'Preguntas abiertas',
          purpose: 'El conjunto hace preguntas abiertas y reveladoras; sin consejos ni historias propias.',
          guidance: {
            caseGiver: 'Responde, piensa en voz alta o di «me lo llevo para pensarlo».',
            listeners: 'Solo preguntas abiertas: sin consejos ni historias propias.',
          },
        },
        action: {
          title: 'Acción',
          purpose: 'El presentador dice lo que ha aprendido y lo que hará a continuación.',
          guidance: {
            caseGiver: 'Di lo que aprendiste y la acción que harás antes de la próxima reunión.',
            listeners: 'Escucha. Ayuda a concretar la acción si te lo piden.',
          },
        },
        review: {
          title: 'Revisión del proceso',
          purpose: 'El conjunto mira cuánto ayudó: qué preguntas abrieron algo.',
          guidance: {
            caseGiver: 'Di qué preguntas te ayudaron más.',
            listeners: '¿Cómo lo hicimos como conjunto? ¿Qué preguntas abrieron algo?',
          },
        },
      },
    },
  },
};
