/**
 * A crew session as an iCalendar file (RFC 5545) of one event, for members' calendars. Its times
 * are instants in UTC worked out from the session's wall time and zone, so every calendar shows it
 * at the same moment, in its own zone, with no time-zone table to ship; re-downloaded after a move,
 * it replaces the earlier one (same UID, higher SEQUENCE). It names no member: only the crew and
 * the week. Written by hand: one event in UTC needs only escaping and line folding, not a library
 * and its dependencies.
 */
import { CREW_SESSION_MINUTES } from '../shared/crewLimits.ts';
import { instantOf } from '../shared/crewSchedule.ts';
import type { StoredCrew } from '../shared/crewSchema.ts';

const KIND_NAMES = { intro: 'intro', case: 'case session', landing: 'landing' } as const;

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

/** The .ics text of session `index`, or null if the crew has none; `stampedAt` is when it was made. */
export function sessionCalendar(crew: StoredCrew, index: number, stampedAt: number): string | null {
  const session = crew.sessions[index];
  if (!session) return null;
  const start = instantOf(session.scheduled);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Case Clinic//Crew sessions//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${crew.id}-${index}@case-clinic`,
    `SEQUENCE:${crew.revision}`,
    `DTSTAMP:${utcStamp(stampedAt)}`,
    `DTSTART:${utcStamp(start)}`,
    `DTEND:${utcStamp(start + CREW_SESSION_MINUTES * 60_000)}`,
    `SUMMARY:${escaped(`${crew.name}: week ${index + 1} of ${crew.sessions.length}, ${KIND_NAMES[session.kind]}`)}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(folded).join('\r\n')}\r\n`;
}
