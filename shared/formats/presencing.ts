/** The Presencing Institute's case clinic: intention, stillness, mirroring, generative dialogue. */
import type { ClinicFormat } from '../formatSchema.ts';

export const PRESENCING: ClinicFormat = {
  id: 'presencing',
  name: 'Presencing Institute case clinic',
  description: 'A deeper clinic with a moment of stillness and a mirror from each coach before the dialogue. 60 to 75 minutes.',
  credit: 'Case clinic guide of the Presencing Institute (u-school for Transformation, Otto Scharmer).',
  participants: { min: 3, max: 7 },
  rounds: 'one',
  roles: [],
  phases: [
    {
      id: 'intention',
      title: 'Intention statement',
      purpose: 'The case giver states the situation, the question and what they want to learn.',
      floor: { kind: 'caseGiver' },
      defaultMinutes: 12,
      minimumMinutes: 8,
      guidance: {
        caseGiver: 'Share your situation, your key question and what you hope to learn.',
        listeners: 'Listen deeply. Notice the images and feelings that come up.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'questions',
      title: 'Clarifying questions',
      purpose: 'Coaches ask questions that help them understand, not questions that advise.',
      floor: { kind: 'everyone' },
      clarifyingQuestions: true,
      defaultMinutes: 8,
      minimumMinutes: 3,
      guidance: {
        caseGiver: 'Answer what helps the coaches understand. You may leave a question open.',
        listeners: 'Ask only clarifying questions: no advice, no leading questions.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'stillness',
      title: 'Stillness',
      purpose: 'A few minutes of silence to listen to what resonates.',
      floor: { kind: 'nobody' },
      defaultMinutes: 3,
      minimumMinutes: 1,
      guidance: {
        caseGiver: 'Silence. Stay with what you feel right now.',
        listeners: 'Silence. Notice the image, feeling or gesture the case brings up.',
      },
      autoAdvance: 'soft',
    },
    {
      id: 'mirroring',
      title: 'Mirroring',
      purpose: 'Each coach in turn shares the image, feeling or gesture that came up.',
      floor: { kind: 'eachCoach' },
      defaultMinutes: 2,
      minimumMinutes: 1,
      guidance: {
        caseGiver: 'Just listen to each mirror. No need to answer.',
        speaker: 'Share the image, feeling or gesture that came up. No analysis.',
        listeners: 'Listen to each mirror.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'response',
      title: 'Response',
      purpose: 'The case giver reflects on what they heard in the mirrors.',
      floor: { kind: 'caseGiver' },
      defaultMinutes: 5,
      minimumMinutes: 2,
      guidance: {
        caseGiver: 'Say what resonated in the mirrors and what shifted.',
        listeners: 'Listen to what resonated.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'dialogue',
      title: 'Generative dialogue',
      purpose: 'Everyone explores the case and new possibilities together.',
      floor: { kind: 'everyone' },
      defaultMinutes: 25,
      minimumMinutes: 10,
      guidance: {
        caseGiver: 'Explore together. Notice what new possibilities emerge.',
        listeners: 'Build on the mirrors and the response. Explore, do not fix.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'closingCoaches',
      title: 'Closing remarks',
      purpose: 'Each coach in turn says a closing word.',
      floor: { kind: 'eachCoach' },
      defaultMinutes: 1,
      minimumMinutes: 1,
      guidance: {
        caseGiver: 'Listen to each closing word.',
        speaker: 'A closing word: what you take with you, or wish the case giver.',
        listeners: 'Listen to each closing word.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'closingCaseGiver',
      title: 'Last word',
      purpose: 'The case giver closes the clinic.',
      floor: { kind: 'caseGiver' },
      defaultMinutes: 2,
      minimumMinutes: 1,
      guidance: {
        caseGiver: 'The last word is yours: what you take away, and a thank-you if you like.',
        listeners: "Listen to the case giver's last word.",
      },
      autoAdvance: 'off',
    },
  ],
  /** The same words in the other languages the app ships, by phase id; English above is the source. */
  translations: {
    de: {
      name: 'Fallberatung des Presencing Institute',
      description: 'Eine tiefere Beratung mit einem Moment der Stille und einem Spiegel jeder·s Berater·in vor dem Dialog. 60 bis 75 Minuten.',
      credit: 'Leitfaden zur Fallberatung des Presencing Institute (u-school for Transformation, Otto Scharmer).',
      phases: {
        intention: {
          title: 'Absicht',
          purpose: 'Die Fallgeber·in schildert die Situation, die Frage und was sie·er lernen möchte.',
          guidance: {
            caseGiver: 'Schildere deine Situation, deine Kernfrage und was du lernen möchtest.',
            listeners: 'Hör tief zu. Achte auf die Bilder und Gefühle, die auftauchen.',
          },
        },
        questions: {
          title: 'Verständnisfragen',
          purpose: 'Die Berater·innen stellen Fragen, die dem Verstehen dienen, keine, die raten.',
          guidance: {
            caseGiver: 'Beantworte, was den Berater·innen beim Verstehen hilft. Du darfst eine Frage offen lassen.',
            listeners: 'Nur Verständnisfragen: keine Ratschläge, keine Suggestivfragen.',
          },
        },
        stillness: {
          title: 'Stille',
          purpose: 'Ein paar Minuten Stille, um zu hören, was nachklingt.',
          guidance: {
            caseGiver: 'Stille. Bleib bei dem, was du gerade fühlst.',
            listeners: 'Stille. Achte auf das Bild, das Gefühl oder die Geste, die der Fall auslöst.',
          },
        },
        mirroring: {
          title: 'Spiegeln',
          purpose: 'Jede·r Berater·in teilt nacheinander das Bild, das Gefühl oder die Geste, die aufkam.',
          guidance: {
            caseGiver: 'Hör jedem Spiegel einfach zu. Du musst nicht antworten.',
            speaker: 'Teile das Bild, das Gefühl oder die Geste, die aufkam. Keine Analyse.',
            listeners: 'Hör jedem Spiegel zu.',
          },
        },
        response: {
          title: 'Antwort',
          purpose: 'Die Fallgeber·in sagt, was sie·er in den Spiegeln gehört hat.',
          guidance: {
            caseGiver: 'Sag, was in den Spiegeln nachklang und was sich verschoben hat.',
            listeners: 'Hör, was nachgeklungen ist.',
          },
        },
        dialogue: {
          title: 'Generativer Dialog',
          purpose: 'Alle erkunden gemeinsam den Fall und neue Möglichkeiten.',
          guidance: {
            caseGiver: 'Erkundet gemeinsam. Achte darauf, welche neuen Möglichkeiten entstehen.',
            listeners: 'Baut auf den Spiegeln und der Antwort auf. Erkunden, nicht reparieren.',
          },
        },
        closingCoaches: {
          title: 'Schlussworte',
          purpose: 'Jede·r Berater·in sagt nacheinander ein Schlusswort.',
          guidance: {
            caseGiver: 'Hör jedem Schlusswort zu.',
            speaker: 'Ein Schlusswort: was du mitnimmst oder der Fallgeber·in wünschst.',
            listeners: 'Hör jedem Schlusswort zu.',
          },
        },
        closingCaseGiver: {
          title: 'Letztes Wort',
          purpose: 'Die Fallgeber·in schließt die Beratung.',
          guidance: {
            caseGiver: 'Das letzte Wort hast du: was du mitnimmst, und wenn du magst, ein Dank.',
            listeners: 'Hör das letzte Wort der Fallgeber·in.',
          },
        },
      },
    },
    es: {
      name: 'Clínica de casos del Presencing Institute',
      description: 'Una clínica más honda, con un momento de quietud y un espejo de cada coach antes del diálogo. De 60 a 75 minutos.',
      credit: 'Guía de la clínica de casos del Presencing Institute (u-school for Transformation, Otto Scharmer).',
      phases: {
        intention: {
          title: 'Intención',
          purpose: 'Quien trae el caso expone la situación, la pregunta y lo que quiere aprender.',
          guidance: {
            caseGiver: 'Comparte tu situación, tu pregunta clave y lo que esperas aprender.',
            listeners: 'Escucha a fondo. Fíjate en las imágenes y los sentimientos que surgen.',
          },
        },
        questions: {
          title: 'Preguntas aclaratorias',
          purpose: 'Los coaches hacen preguntas para entender, no preguntas que aconsejan.',
          guidance: {
            caseGiver: 'Responde lo que ayude a entender a los coaches. Puedes dejar una pregunta abierta.',
            listeners: 'Solo preguntas aclaratorias: sin consejos, sin preguntas que lleven a una respuesta.',
          },
        },
        stillness: {
          title: 'Quietud',
          purpose: 'Unos minutos de silencio para escuchar lo que resuena.',
          guidance: {
            caseGiver: 'Silencio. Quédate con lo que sientes ahora.',
            listeners: 'Silencio. Fíjate en la imagen, el sentimiento o el gesto que despierta el caso.',
          },
        },
        mirroring: {
          title: 'Espejo',
          purpose: 'Cada coach, por turno, comparte la imagen, el sentimiento o el gesto que surgió.',
          guidance: {
            caseGiver: 'Solo escucha cada espejo. No hace falta responder.',
            speaker: 'Comparte la imagen, el sentimiento o el gesto que surgió. Sin análisis.',
            listeners: 'Escucha cada espejo.',
          },
        },
        response: {
          title: 'Respuesta',
          purpose: 'Quien trae el caso reflexiona sobre lo que oyó en los espejos.',
          guidance: {
            caseGiver: 'Di qué resonó en los espejos y qué cambió.',
            listeners: 'Escucha lo que resonó.',
          },
        },
        dialogue: {
          title: 'Diálogo generativo',
          purpose: 'Todos exploran juntos el caso y nuevas posibilidades.',
          guidance: {
            caseGiver: 'Explorad juntos. Fíjate en las nuevas posibilidades que surgen.',
            listeners: 'Construid sobre los espejos y la respuesta. Explorar, no arreglar.',
          },
        },
        closingCoaches: {
          title: 'Palabras de cierre',
          purpose: 'Cada coach, por turno, dice unas palabras de cierre.',
          guidance: {
            caseGiver: 'Escucha cada palabra de cierre.',
            speaker: 'Unas palabras de cierre: lo que te llevas o lo que deseas a quien trae el caso.',
            listeners: 'Escucha cada palabra de cierre.',
          },
        },
        closingCaseGiver: {
          title: 'Última palabra',
          purpose: 'Quien trae el caso cierra la clínica.',
          guidance: {
            caseGiver: 'La última palabra es tuya: lo que te llevas y, si quieres, un agradecimiento.',
            listeners: 'Escucha la última palabra de quien trae el caso.',
          },
        },
      },
    },
  },
};
