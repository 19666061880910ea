/**
 * A crew's first session: getting to know each other, agreeing how to be together, picking the
 * rota. Nobody brings a case, yet a clinic needs a case giver to start (`START` checks the
 * lineup), so the case giver's seat goes to the session's host, its facilitator: they open,
 * checking in first and saying their hopes to show the way, then each of the others takes a turn
 * (`eachCoach`: everyone in the lineup but the host, in order). One round: a round per member
 * would repeat the agreements and the rota with each of them.
 */
import type { ClinicFormat } from '../formatSchema.ts';

export const CREW_INTRO: ClinicFormat = {
  id: 'crewIntro',
  name: 'Crew intro',
  description: "A crew's first session, about 90 minutes for four: check in, share hopes, agree how to be together, and pick who brings a case when.",
  credit: 'The intro session of microsolidarity crews.',
  participants: { min: 2, max: 12 },
  rounds: 'one',
  roles: [],
  caseGiverSeat: 'host',
  phases: [
    {
      id: 'welcome',
      title: 'Welcome',
      purpose: 'The host welcomes the crew, says how the weeks will go, and checks in first.',
      floor: { kind: 'caseGiver' },
      defaultMinutes: 10,
      minimumMinutes: 5,
      guidance: {
        caseGiver: 'Welcome everyone and say how the weeks will go. Then check in and share your hopes first, to show the way.',
        listeners: 'Listen to the welcome. Your turn to check in comes next.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'checkIn',
      title: 'Check-in round',
      purpose: 'Each member in turn: who they are, what brings them, how they arrive today.',
      floor: { kind: 'eachCoach' },
      defaultMinutes: 6,
      minimumMinutes: 2,
      guidance: {
        caseGiver: 'Listen as each member checks in.',
        speaker: 'Check in: who you are, what brings you to this crew, how you arrive today.',
        listeners: 'Listen. Nothing to fix, nothing to add.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'hopes',
      title: 'Hopes',
      purpose: 'Each member in turn: what they hope from these weeks, and what they worry about.',
      floor: { kind: 'eachCoach' },
      defaultMinutes: 5,
      minimumMinutes: 2,
      guidance: {
        caseGiver: 'Listen to what each member hopes for.',
        speaker: 'Say what you hope from these weeks, and anything you worry about.',
        listeners: 'Listen. Notice what you share with them.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'agreements',
      title: 'Agreements',
      purpose: 'How the crew will be together: confidentiality, turning up, how advice is offered.',
      floor: { kind: 'everyone' },
      defaultMinutes: 25,
      minimumMinutes: 10,
      guidance: {
        caseGiver: 'Guide the agreements: what is said here stays here; turning up or saying so; how advice is offered.',
        listeners: 'Agree together how you will be: what is said here stays here, turning up, how advice is offered.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'rota',
      title: 'Picking the rota',
      purpose: 'Who brings a case in which week, and who facilitates each session.',
      floor: { kind: 'everyone' },
      defaultMinutes: 15,
      minimumMinutes: 10,
      guidance: {
        caseGiver: 'Ask who would like to bring a case when, and who facilitates each week; the crew page keeps it.',
        listeners: 'Say which week you would like to bring a case, and which you could facilitate.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'checkOut',
      title: 'Check-out',
      purpose: 'A word or a sentence each on how everyone leaves.',
      floor: { kind: 'everyone' },
      defaultMinutes: 7,
      minimumMinutes: 3,
      guidance: {
        caseGiver: 'Invite a word or a sentence each on how everyone leaves, and close.',
        listeners: 'A word or a sentence: how you leave.',
      },
      autoAdvance: 'off',
    },
  ],
  /** The same words in the other languages the app ships, by phase id; English above is the source. */
  translations: {
    de: {
      name: 'Crew-Auftakt',
      description: 'Die erste Sitzung einer Crew, etwa 90 Minuten für vier: ankommen, Hoffnungen teilen, vereinbaren, wie ihr zusammen sein wollt, und wählen, wer wann einen Fall einbringt.',
      credit: 'Die Auftaktsitzung von Microsolidarity-Crews.',
      phases: {
        welcome: {
          title: 'Willkommen',
          purpose: 'Der Gastgeber heißt die Crew willkommen, sagt, wie die Wochen ablaufen, und kommt als Erstes an.',
          guidance: {
            caseGiver: 'Heiß alle willkommen und sag, wie die Wochen ablaufen. Dann komm an und teile als Erstes deine Hoffnungen, um den Weg zu zeigen.',
            listeners: 'Hör dem Willkommen zu. Danach bist du mit dem Ankommen dran.',
          },
        },
        checkIn: {
          title: 'Ankommensrunde',
          purpose: 'Jedes Mitglied nacheinander: wer es ist, was es herführt, wie es heute ankommt.',
          guidance: {
            caseGiver: 'Hör zu, wie jedes Mitglied ankommt.',
            speaker: 'Komm an: wer du bist, was dich zu dieser Crew führt, wie du heute ankommst.',
            listeners: 'Hör zu. Nichts zu reparieren, nichts hinzuzufügen.',
          },
        },
        hopes: {
          title: 'Hoffnungen',
          purpose: 'Jedes Mitglied nacheinander: was es sich von diesen Wochen erhofft und was es befürchtet.',
          guidance: {
            caseGiver: 'Hör, was sich jedes Mitglied erhofft.',
            speaker: 'Sag, was du dir von diesen Wochen erhoffst und was dich besorgt.',
            listeners: 'Hör zu. Achte darauf, was ihr teilt.',
          },
        },
        agreements: {
          title: 'Vereinbarungen',
          purpose: 'Wie die Crew zusammen sein will: Vertraulichkeit, Dasein, wie Rat angeboten wird.',
          guidance: {
            caseGiver: 'Leite die Vereinbarungen an: Was hier gesagt wird, bleibt hier; da sein oder absagen; wie Rat angeboten wird.',
            listeners: 'Vereinbart gemeinsam, wie ihr sein wollt: Was hier gesagt wird, bleibt hier; da sein; wie Rat angeboten wird.',
          },
        },
        rota: {
          title: 'Plan festlegen',
          purpose: 'Wer in welcher Woche einen Fall einbringt und wer jede Sitzung moderiert.',
          guidance: {
            caseGiver: 'Frag, wer wann einen Fall einbringen möchte und wer jede Woche moderiert; die Crew-Seite hält es fest.',
            listeners: 'Sag, in welcher Woche du einen Fall einbringen möchtest und welche du moderieren könntest.',
          },
        },
        checkOut: {
          title: 'Abschlussrunde',
          purpose: 'Ein Wort oder ein Satz von jeder·m, wie sie·er geht.',
          guidance: {
            caseGiver: 'Lade zu einem Wort oder Satz ein, wie alle gehen, und schließ die Sitzung.',
            listeners: 'Ein Wort oder ein Satz: wie du gehst.',
          },
        },
      },
    },
    es: {
      name: 'Inicio del grupo',
      description: 'La primera sesión de un grupo, unos 90 minutos para cuatro: llegar, compartir esperanzas, acordar cómo estar juntos y elegir quién trae un caso y cuándo.',
      credit: 'La sesión de inicio de los grupos de microsolidarity.',
      phases: {
        welcome: {
          title: 'Bienvenida',
          purpose: 'Quien acoge da la bienvenida al grupo, cuenta cómo irán las semanas y abre la ronda de llegada.',
          guidance: {
            caseGiver: 'Da la bienvenida a todos y cuenta cómo irán las semanas. Luego cuenta cómo llegas y comparte primero tus esperanzas, para marcar el camino.',
            listeners: 'Escucha la bienvenida. Después te toca contar cómo llegas.',
          },
        },
        checkIn: {
          title: 'Ronda de llegada',
          purpose: 'Cada miembro por turno: quién es, qué le trae, cómo llega hoy.',
          guidance: {
            caseGiver: 'Escucha cómo llega cada miembro.',
            speaker: 'Cuenta cómo llegas: quién eres, qué te trae a este grupo, cómo llegas hoy.',
            listeners: 'Escucha. Nada que arreglar, nada que añadir.',
          },
        },
        hopes: {
          title: 'Esperanzas',
          purpose: 'Cada miembro por turno: qué espera de estas semanas y qué le preocupa.',
          guidance: {
            caseGiver: 'Escucha lo que espera cada miembro.',
            speaker: 'Di qué esperas de estas semanas y qué te preocupa.',
            listeners: 'Escucha. Fíjate en lo que compartes con ellos.',
          },
        },
        agreements: {
          title: 'Acuerdos',
          purpose: 'Cómo estará junto el grupo: confidencialidad, presencia, cómo se ofrecen los consejos.',
          guidance: {
            caseGiver: 'Guía los acuerdos: lo que se dice aquí se queda aquí; venir o avisar; cómo se ofrecen los consejos.',
            listeners: 'Acordad juntos cómo vais a estar: lo que se dice aquí se queda aquí, venir, cómo se ofrecen los consejos.',
          },
        },
        rota: {
          title: 'Elegir el calendario',
          purpose: 'Quién trae un caso qué semana y quién facilita cada sesión.',
          guidance: {
            caseGiver: 'Pregunta quién quiere traer un caso y cuándo, y quién facilita cada semana; la página del grupo lo guarda.',
            listeners: 'Di qué semana te gustaría traer un caso y cuál podrías facilitar.',
          },
        },
        checkOut: {
          title: 'Ronda de salida',
          purpose: 'Una palabra o una frase cada uno sobre cómo se va.',
          guidance: {
            caseGiver: 'Invita a decir una palabra o una frase sobre cómo se va cada uno, y cierra.',
            listeners: 'Una palabra o una frase: cómo te vas.',
          },
        },
      },
    },
  },
};
