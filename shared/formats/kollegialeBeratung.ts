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
  /** The same words in the other languages the app ships, by phase id; English above is the source. */
  translations: {
    de: {
      name: 'Kollegiale Beratung',
      description: 'Beratung unter Kolleg·innen in sechs Phasen mit Moderation: Rollen, Fallerzählung, Schlüsselfrage, Methode, Beratung, Abschluss. 45 bis 50 Minuten.',
      credit: 'Kollegiale Beratung nach Kim-Oliver Tietze.',
      roles: {
        moderator: { name: 'Moderator·in', duty: 'Führt durch die Phasen, achtet auf die Zeit und auf die Regeln jeder Phase.' },
        observer: { name: 'Prozessbeobachter·in', duty: 'Beobachtet, wie die Beratung verläuft, und berichtet am Ende.' },
      },
      phases: {
        casting: {
          title: 'Casting',
          purpose: 'Die Moderation bestätigt die Rollen: Fallgeber·in, Moderator·in, Berater·innen und, wenn gewünscht, Beobachter·in.',
          guidance: {
            caseGiver: 'Du bringst heute den Fall ein. Die Moderation bestätigt die Rollen.',
            speaker: 'Bestätige, wer den Fall einbringt, wer berät und wer beobachtet.',
            listeners: 'Achte auf deine Rolle.',
          },
        },
        account: {
          title: 'Spontanerzählung',
          purpose: 'Die Fallgeber·in schildert die Situation; die Berater·innen stellen Verständnisfragen.',
          guidance: {
            caseGiver: 'Schildere die Situation, wie du sie siehst.',
            listeners: 'Hör zu; stell nur Fragen, die dir beim Verstehen helfen.',
          },
        },
        keyQuestion: {
          title: 'Schlüsselfrage',
          purpose: 'Die Fallgeber·in formuliert die Frage, die die Beratung beantworten soll.',
          guidance: {
            caseGiver: 'Formuliere deine Schlüsselfrage: Wobei soll dir die Beratung helfen?',
            listeners: 'Hilf, die Frage zu schärfen, wenn die Fallgeber·in darum bittet.',
          },
        },
        method: {
          title: 'Methodenwahl',
          purpose: 'Moderation und Fallgeber·in wählen eine Methode: Brainstorming, Schlagzeilen, gute Ratschläge.',
          guidance: {
            caseGiver: 'Wähle mit der Moderation die Methode, die zu deiner Frage passt.',
            speaker: 'Schlag eine Methode vor, die zur Schlüsselfrage passt, und stimme sie mit der Fallgeber·in ab.',
            listeners: 'Warte auf die Methode.',
          },
        },
        consultation: {
          title: 'Beratung',
          purpose: 'Die Berater·innen beraten mit der gewählten Methode; die Fallgeber·in hört nur zu.',
          guidance: {
            caseGiver: 'Hör jetzt nur zu und notiere, was dir auffällt.',
            listeners: 'Beratet mit der gewählten Methode. Sprecht miteinander, nicht zur Fallgeber·in.',
          },
        },
        conclusion: {
          title: 'Abschluss',
          purpose: 'Die Fallgeber·in sagt, was sie·er mitnimmt; die Beobachtung kann berichten.',
          guidance: {
            caseGiver: 'Sag, welche Ideen dir helfen und was du tun wirst.',
            listeners: 'Hör zu. Bedanke dich bei der Fallgeber·in.',
          },
        },
      },
    },
    es: {
      name: 'Kollegiale Beratung',
      description: 'Asesoría entre colegas (kollegiale Beratung) en seis fases guiada por un moderador: roles, relato del caso, pregunta clave, método, asesoría y conclusión. De 45 a 50 minutos.',
      credit: 'Kollegiale Beratung según Kim-Oliver Tietze.',
      roles: {
        moderator: { name: 'Moderador/a', duty: 'Guía por las fases, cuida el tiempo y las reglas de cada fase.' },
        observer: { name: 'Observador/a del proceso', duty: 'Observa cómo va la asesoría e informa al final.' },
      },
      phases: {
        casting: {
          title: 'Reparto de roles',
          purpose: 'El moderador confirma los roles: quien trae el caso, moderador, asesores y un observador opcional.',
          guidance: {
            caseGiver: 'Hoy traes tú el caso. El moderador confirma los roles.',
            speaker: 'Confirma quién trae el caso, quién asesora y quién observa.',
            listeners: 'Atiende a tu rol.',
          },
        },
        account: {
          title: 'Relato del caso',
          purpose: 'Quien trae el caso describe la situación; los asesores hacen preguntas para entender.',
          guidance: {
            caseGiver: 'Describe la situación tal como la ves.',
            listeners: 'Escucha; haz solo preguntas que te ayuden a entender.',
          },
        },
        keyQuestion: {
          title: 'Pregunta clave',
          purpose: 'Quien trae el caso plantea la pregunta que la asesoría debe responder.',
          guidance: {
            caseGiver: 'Plantea tu pregunta clave: ¿en qué debe ayudarte la asesoría?',
            listeners: 'Ayuda a afinar la pregunta si quien trae el caso lo pide.',
          },
        },
        method: {
          title: 'Elección del método',
          purpose: 'El moderador y quien trae el caso eligen un método: lluvia de ideas, titulares, buenos consejos.',
          guidance: {
            caseGiver: 'Elige con el moderador el método que encaje con tu pregunta.',
            speaker: 'Propón un método que encaje con la pregunta clave y acuérdalo con quien trae el caso.',
            listeners: 'Espera al método.',
          },
        },
        consultation: {
          title: 'Asesoría',
          purpose: 'Los asesores asesoran con el método elegido; quien trae el caso solo escucha.',
          guidance: {
            caseGiver: 'Ahora solo escucha y anota lo que te llame la atención.',
            listeners: 'Asesorad con el método elegido. Hablad entre vosotros, no a quien trae el caso.',
          },
        },
        conclusion: {
          title: 'Conclusión',
          purpose: 'Quien trae el caso dice lo que se lleva; el observador puede informar.',
          guidance: {
            caseGiver: 'Di qué ideas te ayudan y qué vas a hacer.',
            listeners: 'Escucha. Da las gracias a quien trae el caso.',
          },
        },
      },
    },
  },
};
