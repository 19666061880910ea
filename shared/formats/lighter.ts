/** A shorter clinic for a lunch break or the end of a meeting. */
import type { ClinicFormat } from '../formatSchema.ts';

export const LIGHTER: ClinicFormat = {
  id: 'lighter',
  name: 'Lighter case clinic',
  description: 'The same arc in about 30 minutes: a short case, a minute of stillness, one mirror each, a brief dialogue.',
  credit: 'Shortened Presencing Institute case clinic.',
  participants: { min: 3, max: 6 },
  rounds: 'one',
  roles: [],
  phases: [
    {
      id: 'case',
      title: 'Case',
      purpose: 'The case giver tells the case in brief.',
      floor: { kind: 'caseGiver' },
      defaultMinutes: 5,
      minimumMinutes: 3,
      guidance: {
        caseGiver: 'Tell your case briefly: the situation and your question.',
        listeners: 'Listen closely. Notice what comes up.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'questions',
      title: 'Clarifying questions',
      purpose: 'A few questions to understand the case.',
      floor: { kind: 'everyone' },
      clarifyingQuestions: true,
      defaultMinutes: 4,
      minimumMinutes: 3,
      guidance: {
        caseGiver: 'Answer briefly what helps the coaches understand.',
        listeners: 'Clarifying questions only: no advice yet.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'stillness',
      title: 'Stillness',
      purpose: 'One minute of silence.',
      floor: { kind: 'nobody' },
      defaultMinutes: 1,
      minimumMinutes: 1,
      guidance: {
        caseGiver: 'Silence. Stay with what you feel.',
        listeners: 'Silence. Notice the image or feeling the case brings up.',
      },
      autoAdvance: 'soft',
    },
    {
      id: 'mirroring',
      title: 'Mirroring',
      purpose: 'Each coach shares one image, feeling or gesture.',
      floor: { kind: 'eachCoach' },
      defaultMinutes: 1,
      minimumMinutes: 1,
      guidance: {
        caseGiver: 'Just listen to each mirror.',
        speaker: 'One image, feeling or gesture. No analysis.',
        listeners: 'Listen to each mirror.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'dialogue',
      title: 'Dialogue',
      purpose: 'A brief open conversation; advice is welcome.',
      floor: { kind: 'everyone' },
      defaultMinutes: 12,
      minimumMinutes: 5,
      guidance: {
        caseGiver: 'Explore together. Advice is welcome now.',
        listeners: 'Explore together with the case giver. Advice is welcome now.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'closing',
      title: 'Closing',
      purpose: 'What each person takes away.',
      floor: { kind: 'everyone' },
      defaultMinutes: 5,
      minimumMinutes: 2,
      guidance: {
        caseGiver: 'Say what you take away.',
        listeners: 'A word each: what you take with you.',
      },
      autoAdvance: 'off',
    },
  ],
  /** The same words in the other languages the app ships, by phase id; English above is the source. */
  translations: {
    de: {
      name: 'Kurze Fallberatung',
      description: 'Derselbe Bogen in etwa 30 Minuten: ein kurzer Fall, eine Minute Stille, ein Spiegel je Person, ein kurzer Dialog.',
      credit: 'Verkürzte Fallberatung des Presencing Institute.',
      phases: {
        case: {
          title: 'Fall',
          purpose: 'Die Fallgeber·in erzählt den Fall in Kürze.',
          guidance: {
            caseGiver: 'Erzähle deinen Fall kurz: die Situation und deine Frage.',
            listeners: 'Hör genau zu. Achte darauf, was auftaucht.',
          },
        },
        questions: {
          title: 'Verständnisfragen',
          purpose: 'Ein paar Fragen, um den Fall zu verstehen.',
          guidance: {
            caseGiver: 'Beantworte kurz, was den Berater·innen beim Verstehen hilft.',
            listeners: 'Nur Verständnisfragen: noch kein Rat.',
          },
        },
        stillness: {
          title: 'Stille',
          purpose: 'Eine Minute Stille.',
          guidance: {
            caseGiver: 'Stille. Bleib bei dem, was du fühlst.',
            listeners: 'Stille. Achte auf das Bild oder Gefühl, das der Fall auslöst.',
          },
        },
        mirroring: {
          title: 'Spiegeln',
          purpose: 'Jede·r Berater·in teilt ein Bild, ein Gefühl oder eine Geste.',
          guidance: {
            caseGiver: 'Hör jedem Spiegel einfach zu.',
            speaker: 'Ein Bild, ein Gefühl oder eine Geste. Keine Analyse.',
            listeners: 'Hör jedem Spiegel zu.',
          },
        },
        dialogue: {
          title: 'Dialog',
          purpose: 'Ein kurzes offenes Gespräch; Rat ist willkommen.',
          guidance: {
            caseGiver: 'Erkundet gemeinsam. Rat ist jetzt willkommen.',
            listeners: 'Erkundet gemeinsam mit der Fallgeber·in. Rat ist jetzt willkommen.',
          },
        },
        closing: {
          title: 'Abschluss',
          purpose: 'Was jede·r mitnimmt.',
          guidance: {
            caseGiver: 'Sag, was du mitnimmst.',
            listeners: 'Ein Wort von jeder·m: was du mitnimmst.',
          },
        },
      },
    },
    es: {
      name: 'Clínica de casos ligera',
      description: 'El mismo recorrido en unos 30 minutos: un caso breve, un minuto de quietud, un espejo por persona y un diálogo corto.',
      credit: 'Clínica de casos del Presencing Institute, abreviada.',
      phases: {
        case: {
          title: 'Caso',
          purpose: 'Quien trae el caso lo cuenta en breve.',
          guidance: {
            caseGiver: 'Cuenta tu caso en breve: la situación y tu pregunta.',
            listeners: 'Escucha con atención. Fíjate en lo que surge.',
          },
        },
        questions: {
          title: 'Preguntas aclaratorias',
          purpose: 'Unas pocas preguntas para entender el caso.',
          guidance: {
            caseGiver: 'Responde en breve lo que ayude a entender a los coaches.',
            listeners: 'Solo preguntas aclaratorias: aún sin consejos.',
          },
        },
        stillness: {
          title: 'Quietud',
          purpose: 'Un minuto de silencio.',
          guidance: {
            caseGiver: 'Silencio. Quédate con lo que sientes.',
            listeners: 'Silencio. Fíjate en la imagen o el sentimiento que despierta el caso.',
          },
        },
        mirroring: {
          title: 'Espejo',
          purpose: 'Cada coach comparte una imagen, un sentimiento o un gesto.',
          guidance: {
            caseGiver: 'Solo escucha cada espejo.',
            speaker: 'Una imagen, un sentimiento o un gesto. Sin análisis.',
            listeners: 'Escucha cada espejo.',
          },
        },
        dialogue: {
          title: 'Diálogo',
          purpose: 'Una breve conversación abierta; los consejos son bienvenidos.',
          guidance: {
            caseGiver: 'Explorad juntos. Ahora los consejos son bienvenidos.',
            listeners: 'Explorad junto a quien trae el caso. Ahora los consejos son bienvenidos.',
          },
        },
        closing: {
          title: 'Cierre',
          purpose: 'Lo que cada persona se lleva.',
          guidance: {
            caseGiver: 'Di lo que te llevas.',
            listeners: 'Una palabra cada uno: lo que te llevas.',
          },
        },
      },
    },
  },
};
