/**
 * Says this node is older than the records it is asked for, at most once a minute: after a
 * rollback past a record-version bump every device on it asks again every few seconds.
 */
import type { NewerRecordError } from '../shared/recordMigrations.ts';
import type { Logger } from './logger.ts';

const OUTDATED_WARNING_EVERY_MS = 60_000;

export type OutdatedWarning = (error: NewerRecordError) => void;

export function outdatedWarning(logger: Logger, now: () => number): OutdatedWarning {
  let warnedAt = -Infinity;
  return (error) => {
    if (now() - warnedAt < OUTDATED_WARNING_EVERY_MS) return;
    warnedAt = now();
    logger.warn({ detail: error.message }, 'a device asked for a record a newer release saved: this node needs updating');
  };
}
