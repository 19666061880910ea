/**
 * Durations and clock times in the language shown: "20 min", "4 min 30 s", and the hour as this
 * language writes it.
 */
import { MS_PER_SECOND } from '../../shared/time.ts';
import { intlLocale, t } from '../language.ts';

/** A coarse, readable duration for plans and summaries: "20 min", "4 min 30 s", "45 s". */
export function durationText(ms: number): string {
  const totalSeconds = Math.round(Math.max(0, ms) / MS_PER_SECOND);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  if (minutes === 0) return t('duration.seconds', { seconds });
  return seconds === 0 ? t('duration.minutes', { minutes }) : t('duration.minutesSeconds', { minutes, seconds });
}

/** The hour and minute of a moment, as the language shown writes them. */
export const clockTimeText = (epochMs: number): string => new Intl.DateTimeFormat(intlLocale(), { hour: '2-digit', minute: '2-digit' }).format(epochMs);
