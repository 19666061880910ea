/**
 * A crew session as an iCalendar file (RFC 5545) of one event, for members' calendars. Its times
 * are instants in UTC worked out from the session's wall time and zone, so every calendar shows it
 * at the same moment, in its own zone, with no time-zone table to ship; re-downloaded after a move,
 * it replaces the earlier one (same UID, higher SEQUENCE). It names no member: only the crew and
 * the week. Its UID is a hash of the crew id, not the id: an event is shared and synced where the
 * crew link, which lets a newcomer join, must not go. Written by hand: one event in UTC needs only
 * escaping and line folding, not a library and its dependencies.
 */
import { CREW_SESSION_MINUTES } from '../shared/crewLimits.ts';
import type { CrewSessionKind, StoredCrew } from '../shared/crewSchema.ts';
import type { Language } from '../shared/languages.ts';
import { REASONS } from '../shared/reasons.ts';
import { hashSecret } from './secrets.ts';

/**
 * The event's title in each language the app ships, for the member's own calendar: the crew,
 * which week of how many, and what kind of session. The server has no catalogs (they are the
 * client's), and these few words need no plural: written here, one line per language.
 */
const SUMMARIES: Readonly<Record<Language, { readonly weekOf: (week: number, weeks: number) => string; readonly kinds: Readonly<Record<CrewSessionKind, string>> }>> = {
  en: { weekOf: (week, weeks) => `week ${week} of ${weeks}`, kinds: { intro: 'intro', case: 'case session', landing: 'landing' } },
  de: { weekOf: (week, weeks) => `Woche ${week} von ${weeks}`, kinds: { intro: 'Auftakt', case: 'Fallsitzung', landing: 'Abschluss' } },
  es: { weekOf: (week, weeks) => `semana ${week} de ${weeks}`, kinds: { intro: 'inicio', case: 'sesión de casos', landing: 'cierre' } },
};

/**
 * What a calendar download that fails says instead, in the same languages: the browser shows it as
 * it is. `outdated` is the pages' SERVER_OUTDATED sentence (a test keeps the translations equal).
 */
export const CALENDAR_FAILURES: Readonly<Record<Language, { readonly notFound: string; readonly notAMember: string; readonly failed: string; readonly outdated: string }>> = {
  en: {
    notFound: 'There is no such crew session.',
    notAMember: 'This device is not in this crew any more. Open the crew page again.',
    failed: 'The calendar file could not be made. Please try again.',
    outdated: REASONS.SERVER_OUTDATED.message,
  },
  de: {
    notFound: 'Diese Sitzung der Crew gibt es nicht.',
    notAMember: 'Dieses Gerät gehört nicht mehr zu dieser Crew. Öffne die Seite der Crew noch einmal.',
    failed: 'Die Kalenderdatei konnte nicht erstellt werden. Bitte versuche es noch einmal.',
    outdated: 'Dies wurde von einer neueren Version von Case Clinic gespeichert, und dieser Server ist noch nicht aktualisiert. Versuche es gleich noch einmal.',
  },
  es: {
    notFound: 'Esa sesión del grupo no existe.',
    notAMember: 'Este dispositivo ya no forma parte del grupo. Vuelve a abrir la página del grupo.',
    failed: 'No se pudo crear el archivo de calendario. Inténtalo de nuevo.',
    outdated: 'Esto lo guardó una versión más reciente de Case Clinic y este servidor aún no se ha actualizado. Vuelve a intentarlo en un momento.',
  },
};

/** 20270302T180000Z */
const utcStamp = (epochMs: number) => new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** TEXT values escape backslashes, semicolons, commas and line breaks. */
const escaped = (text: string) => text.replace(/[\\;,]/g, (character) => `\\${character}`).replace(/\r?\n/g, '\\n');

/** Lines longer than 75 octets continue on the next line after a space, never splitting a character. */
function folded(line: string): string {
  const parts: string[] = [];
  let current = '';
  for (const character of line) {
    const limit = parts.length === 0 ? 75 : 74;
    if (Buffer.byteLength(current + character) > limit) {
      parts.push(current);
      current = '';
    }
    current += character;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** The .ics text of session `index`, titled in `language`, or null if the crew has none; `stampedAt` is when it was made. */
export async function sessionCalendar(crew: StoredCrew, index: number, stampedAt: number, language: Language = 'en'): Promise<string | null> {
  const session = crew.sessions[index];
  if (!session) return null;
  // Loaded here, not with the server: the date arithmetic brings the Temporal polyfill.
  const { instantOf } = await import('../shared/crewSchedule.ts');
  const start = instantOf(session.scheduled);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Case Clinic//Crew sessions//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${hashSecret(`calendar-event:${crew.id}`)}-${index}@case-clinic`,
    `SEQUENCE:${crew.revision}`,
    `DTSTAMP:${utcStamp(stampedAt)}`,
    `DTSTART:${utcStamp(start)}`,
    `DTEND:${utcStamp(start + CREW_SESSION_MINUTES * 60_000)}`,
    `SUMMARY:${escaped(`${crew.name}: ${SUMMARIES[language].weekOf(index + 1, crew.sessions.length)}, ${SUMMARIES[language].kinds[session.kind]}`)}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(folded).join('\r\n')}\r\n`;
}
