/**
 * A crew's last session: ending well. As in the intro, the case giver's seat goes to the session's
 * host, its facilitator: nobody brings a case, but a clinic starts only with someone in that seat.
 * The host opens, looking back and saying their own appreciation and takeaway first; then each of
 * the others in turn (`eachCoach`), then the crew decides together. One round, so the decision is
 * taken once; the organiser records it on the crew page.
 */
import type { ClinicFormat } from '../formatSchema.ts';

export const CREW_LANDING: ClinicFormat = {
  id: 'crewLanding',
  name: 'Crew landing',
  description: "A crew's last session, about an hour for four: appreciation, what each takes away, and the decision to end, go on, or seed new crews.",
  credit: 'The graceful landing of microsolidarity crews.',
  participants: { min: 2, max: 12 },
  rounds: 'one',
  roles: [],
  caseGiverSeat: 'host',
  phases: [
    {
      id: 'lookingBack',
      title: 'Looking back',
      purpose: 'The host recalls the weeks together and goes first with appreciation and a takeaway.',
      floor: { kind: 'caseGiver' },
      defaultMinutes: 8,
      minimumMinutes: 3,
      guidance: {
        caseGiver: 'Recall the weeks together. Then say what you appreciate and what you take away, to show the way.',
        listeners: 'Listen, and remember the weeks together.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'appreciation',
      title: 'Appreciation round',
      purpose: 'Each member in turn says what they appreciate in the crew and in each other.',
      floor: { kind: 'eachCoach' },
      defaultMinutes: 5,
      minimumMinutes: 2,
      guidance: {
        caseGiver: 'Listen to each appreciation.',
        speaker: 'Say what you appreciate: in this crew, in each person, in yourself.',
        listeners: 'Listen, and take the appreciation in.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'takeaway',
      title: 'What I take away',
      purpose: 'Each member in turn says what they take away from these weeks.',
      floor: { kind: 'eachCoach' },
      defaultMinutes: 4,
      minimumMinutes: 2,
      guidance: {
        caseGiver: 'Listen to what each member takes away.',
        speaker: 'Say what you take away from these weeks.',
        listeners: 'Listen.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'decision',
      title: "The crew's decision",
      purpose: 'End here, go on for another cycle with rotating organisers, or seed new crews.',
      floor: { kind: 'everyone' },
      defaultMinutes: 20,
      minimumMinutes: 5,
      guidance: {
        caseGiver: 'Help the crew decide: end here, another cycle with rotating organisers, or seed new crews.',
        listeners: 'Decide together: end here, another cycle with rotating organisers, or seed new crews.',
      },
      autoAdvance: 'off',
    },
    {
      id: 'lastWords',
      title: 'Last words',
      purpose: 'A word or a sentence each to close the crew.',
      floor: { kind: 'everyone' },
      defaultMinutes: 5,
      minimumMinutes: 2,
      guidance: {
        caseGiver: 'Invite a last word each, and close the crew.',
        listeners: 'A last word or a sentence.',
      },
      autoAdvance: 'off',
    },
  ],
  /** The same words in the other languages the app ships, by phase id; English above is the source. */
  translations: {
    de: {
      name: 'Crew-Abschluss',
      description: 'Die letzte Sitzung einer Crew, etwa eine Stunde für vier: Wertschätzung, was jede·r mitnimmt, und die Entscheidung, aufzuhören, weiterzumachen oder neue Crews zu säen.',
      credit: 'Die behutsame Landung von Microsolidarity-Crews.',
      phases: {
        lookingBack: {
          title: 'Rückblick',
          purpose: 'Der Gastgeber erinnert an die gemeinsamen Wochen und beginnt mit Wertschätzung und dem, was er mitnimmt.',
          guidance: {
            caseGiver: 'Erinnere an die gemeinsamen Wochen. Dann sag, was du schätzt und was du mitnimmst, um den Weg zu zeigen.',
            listeners: 'Hör zu und erinnere dich an die gemeinsamen Wochen.',
          },
        },
        appreciation: {
          title: 'Wertschätzungsrunde',
          purpose: 'Jedes Mitglied sagt nacheinander, was es an der Crew und aneinander schätzt.',
          guidance: {
            caseGiver: 'Hör jeder Wertschätzung zu.',
            speaker: 'Sag, was du schätzt: an dieser Crew, an jeder Person, an dir selbst.',
            listeners: 'Hör zu und lass die Wertschätzung ankommen.',
          },
        },
        takeaway: {
          title: 'Was ich mitnehme',
          purpose: 'Jedes Mitglied sagt nacheinander, was es aus diesen Wochen mitnimmt.',
          guidance: {
            caseGiver: 'Hör, was jedes Mitglied mitnimmt.',
            speaker: 'Sag, was du aus diesen Wochen mitnimmst.',
            listeners: 'Hör zu.',
          },
        },
        decision: {
          title: 'Die Entscheidung der Crew',
          purpose: 'Hier aufhören, eine weitere Runde mit wechselnder Organisation, oder neue Crews säen.',
          guidance: {
            caseGiver: 'Hilf der Crew zu entscheiden: hier aufhören, eine weitere Runde mit wechselnder Organisation, oder neue Crews säen.',
            listeners: 'Entscheidet gemeinsam: hier aufhören, eine weitere Runde mit wechselnder Organisation, oder neue Crews säen.',
          },
        },
        lastWords: {
          title: 'Letzte Worte',
          purpose: 'Ein Wort oder ein Satz von jeder·m, um die Crew zu schließen.',
          guidance: {
            caseGiver: 'Lade zu einem letzten Wort ein und schließ die Crew.',
            listeners: 'Ein letztes Wort oder ein Satz.',
          },
        },
      },
    },
    es: {
      name: 'Cierre del grupo',
      description: 'La última sesión de un grupo, una hora para cuatro: agradecimiento, lo que cada uno se lleva y la decisión de terminar, seguir o sembrar nuevos grupos.',
      credit: 'El aterrizaje suave de los grupos de microsolidarity.',
      phases: {
        lookingBack: {
          title: 'Mirar atrás',
          purpose: 'Quien acoge recuerda las semanas juntos y empieza con su agradecimiento y lo que se lleva.',
          guidance: {
            caseGiver: 'Recuerda las semanas juntos. Luego di qué agradeces y qué te llevas, para marcar el camino.',
            listeners: 'Escucha y recuerda las semanas juntos.',
          },
        },
        appreciation: {
          title: 'Ronda de agradecimiento',
          purpose: 'Cada miembro por turno dice qué agradece del grupo y de los demás.',
          guidance: {
            caseGiver: 'Escucha cada agradecimiento.',
            speaker: 'Di qué agradeces: de este grupo, de cada persona, de ti.',
            listeners: 'Escucha y recibe el agradecimiento.',
          },
        },
        takeaway: {
          title: 'Lo que me llevo',
          purpose: 'Cada miembro por turno dice qué se lleva de estas semanas.',
          guidance: {
            caseGiver: 'Escucha lo que se lleva cada miembro.',
            speaker: 'Di qué te llevas de estas semanas.',
            listeners: 'Escucha.',
          },
        },
        decision: {
          title: 'La decisión del grupo',
          purpose: 'Terminar aquí, otro ciclo con organización rotativa o sembrar nuevos grupos.',
          guidance: {
            caseGiver: 'Ayuda al grupo a decidir: terminar aquí, otro ciclo con organización rotativa o sembrar nuevos grupos.',
            listeners: 'Decidid juntos: terminar aquí, otro ciclo con organización rotativa o sembrar nuevos grupos.',
          },
        },
        lastWords: {
          title: 'Últimas palabras',
          purpose: 'Una palabra o una frase cada uno para cerrar el grupo.',
          guidance: {
            caseGiver: 'Invita a una última palabra cada uno y cierra el grupo.',
            listeners: 'Una última palabra o una frase.',
          },
        },
      },
    },
  },
};
