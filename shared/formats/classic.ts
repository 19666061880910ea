/** Today's default: the four-step case clinic crews in the microsolidarity network run. */
import type { ClinicFormat } from '../formatSchema.ts';

export const CLASSIC: ClinicFormat = {
  id: 'classic',
  name: 'Microsolidarity case clinic',
  description: 'One person brings a case; the crew asks, reflects, hears how it landed, then talks it through. About 80 minutes for four people.',
  credit: 'The case clinic as practised in microsolidarity crews (after the Presencing Institute).',
  participants: { min: 3, max: 7 },
  rounds: 'one',
  roles: [],
  phases: [
    {
      id: 'case',
      title: 'Case',
      purpose: 'The case giver tells the case; coaches only ask clarifying questions.',
      floor: { kind: 'caseGiver' },
      clarifyingQuestions: true,
      defaultMinutes: 20,
      minimumMinutes: 1,
      guidance: {
        caseGiver: 'Tell your case in your own words. Coaches only ask clarifying questions.',
        listeners: 'Listen closely. Clarifying questions only: no advice, no opinions yet.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'reflections',
      title: 'Reflections',
      purpose: 'Each coach in turn reflects what they heard and felt, without advice.',
      floor: { kind: 'eachCoach' },
      defaultMinutes: 5,
      minimumMinutes: 1,
      guidance: {
        caseGiver: 'Just listen: coaches reflect what they heard and felt. No advice yet.',
        speaker: 'Reflect back what you heard and how it made you feel. No advice yet.',
        listeners: 'Listen to each reflection. No advice yet.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'response',
      title: 'Response',
      purpose: 'The case giver says what it was like to share and to hear the reflections.',
      floor: { kind: 'caseGiver' },
      defaultMinutes: 10,
      minimumMinutes: 1,
      guidance: {
        caseGiver: 'Say what it was like to share your case and to hear the reflections.',
        listeners: 'Listen to how the reflections landed. Hold your advice a little longer.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'dialogue',
      title: 'Dialogue',
      purpose: 'An open conversation in which advice is welcome.',
      floor: { kind: 'everyone' },
      defaultMinutes: 35,
      minimumMinutes: 1,
      guidance: {
        caseGiver: 'Open dialogue: explore together. Advice is welcome now.',
        listeners: 'Open dialogue: explore together with the case giver. Advice is welcome now.',
      },
      autoAdvance: 'off',
    },
  ],
  /** The same words in the other languages the app ships, by phase id; English above is the source. */
  translations: {
    de: {
      name: 'Microsolidarity-Fallberatung',
      description: 'Eine Person bringt einen Fall ein; die Gruppe fragt, spiegelt, hört, wie es ankam, und bespricht ihn dann. Etwa 80 Minuten für vier Personen.',
      credit: 'Die Fallberatung, wie sie in Microsolidarity-Crews gelebt wird (nach dem Presencing Institute).',
      phases: {
        case: {
          title: 'Fall',
          purpose: 'Die Fallgeber·in erzählt den Fall; die Berater·innen stellen nur Verständnisfragen.',
          guidance: {
            caseGiver: 'Erzähle deinen Fall mit deinen eigenen Worten. Die Berater·innen stellen nur Verständnisfragen.',
            listeners: 'Hör genau zu. Nur Verständnisfragen: noch keine Ratschläge, keine Meinungen.',
          },
        },
        reflections: {
          title: 'Spiegeln',
          purpose: 'Jede·r Berater·in spiegelt nacheinander, was sie·er gehört und gefühlt hat, ohne Rat.',
          guidance: {
            caseGiver: 'Hör einfach zu: Die Berater·innen spiegeln, was sie gehört und gefühlt haben. Noch kein Rat.',
            speaker: 'Spiegle, was du gehört hast und wie es dich berührt hat. Noch kein Rat.',
            listeners: 'Hör jedem Spiegel zu. Noch kein Rat.',
          },
        },
        response: {
          title: 'Antwort',
          purpose: 'Die Fallgeber·in sagt, wie es war, den Fall zu teilen und die Spiegel zu hören.',
          guidance: {
            caseGiver: 'Sag, wie es war, deinen Fall zu teilen und die Spiegel zu hören.',
            listeners: 'Hör, wie die Spiegel angekommen sind. Halte deinen Rat noch etwas zurück.',
          },
        },
        dialogue: {
          title: 'Dialog',
          purpose: 'Ein offenes Gespräch, in dem Rat willkommen ist.',
          guidance: {
            caseGiver: 'Offener Dialog: gemeinsam erkunden. Rat ist jetzt willkommen.',
            listeners: 'Offener Dialog: gemeinsam mit der Fallgeber·in erkunden. Rat ist jetzt willkommen.',
          },
        },
      },
    },
    es: {
      name: 'Clínica de casos de Microsolidarity',
      description: 'Una persona trae un caso; el grupo pregunta, refleja, escucha cómo le llegó y luego lo conversa. Unos 80 minutos para cuatro personas.',
      credit: 'La clínica de casos tal como se practica en los grupos de microsolidarity (según el Presencing Institute).',
      phases: {
        case: {
          title: 'Caso',
          purpose: 'Quien trae el caso lo cuenta; los coaches solo hacen preguntas aclaratorias.',
          guidance: {
            caseGiver: 'Cuenta tu caso con tus palabras. Los coaches solo hacen preguntas aclaratorias.',
            listeners: 'Escucha con atención. Solo preguntas aclaratorias: aún sin consejos ni opiniones.',
          },
        },
        reflections: {
          title: 'Reflejos',
          purpose: 'Cada coach, por turno, refleja lo que oyó y sintió, sin consejos.',
          guidance: {
            caseGiver: 'Solo escucha: los coaches reflejan lo que oyeron y sintieron. Aún sin consejos.',
            speaker: 'Refleja lo que oíste y cómo te hizo sentir. Aún sin consejos.',
            listeners: 'Escucha cada reflejo. Aún sin consejos.',
          },
        },
        response: {
          title: 'Respuesta',
          purpose: 'Quien trae el caso dice cómo fue compartirlo y oír los reflejos.',
          guidance: {
            caseGiver: 'Di cómo fue compartir tu caso y oír los reflejos.',
            listeners: 'Escucha cómo le llegaron los reflejos. Guarda tus consejos un poco más.',
          },
        },
        dialogue: {
          title: 'Diálogo',
          purpose: 'Una conversación abierta en la que los consejos son bienvenidos.',
          guidance: {
            caseGiver: 'Diálogo abierto: explorad juntos. Ahora los consejos son bienvenidos.',
            listeners: 'Diálogo abierto: explorad junto a quien trae el caso. Ahora los consejos son bienvenidos.',
          },
        },
      },
    },
  },
};
