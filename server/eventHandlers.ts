/**
 * How an inbound event is handled: one handler per event for the whole server, given the
 * connection it came on. A connection keeps only what is its own (its socket, its paces, its
 * queue), so ten thousand devices do not each carry a copy of every handler.
 */
import type { z } from 'zod';
import { PROTOCOL_VERSION, type Ack } from '../shared/protocol.ts';
import { describeIssue } from '../shared/protocolSchemas.ts';
import { REASONS, refuse } from '../shared/reasons.ts';
import type { SlidingWindow, TokenBucket } from './rateLimits.ts';
import type { SerialQueue } from './serialQueue.ts';
import type { ClinicSocket } from './socketHandlers.ts';

/** One device's connection, as the handlers see it. */
export interface DeviceConnection {
  readonly socket: ClinicSocket;
  /** Paces all its events. */
  readonly bucket: TokenBucket;
  /** Paces its asides: a nervous thumb must not spam the facilitator. */
  readonly asides: SlidingWindow;
  /**
   * Its requests, handled one at a time in the order it sent them, each reply (a refusal too)
   * after the replies before it: a double-submitted join, or a join racing a disconnect, cannot
   * leave the device in two places at once.
   */
  readonly queue: SerialQueue;
}

/** What an event's handler gets: the connection, and the arguments as sent (the acknowledgement taken off). */
export type EventHandler = (connection: DeviceConnection, args: readonly unknown[]) => Ack<unknown> | Promise<Ack<unknown>>;

/** A payload's first problem in words, or the data the schema made of it. */
function problemWith<Schema extends z.ZodType>(schema: Schema, payload: unknown): { problem: string } | { data: z.output<Schema> } {
  try {
    const parsed = schema.safeParse(payload);
    return parsed.success ? { data: parsed.data } : { problem: describeIssue(parsed.error) };
  } catch {
    // zod runs some checks on values of the wrong type, and a crafted one (say, a `length` that
    // cannot become a number) makes them throw: that is an invalid payload, not a server fault.
    return { problem: REASONS.INVALID_PAYLOAD.message };
  }
}

/** A client that speaks another protocol version is told so before its payload is read. */
function speaksOtherVersion(payload: unknown): boolean {
  return typeof payload === 'object' && payload !== null && (payload as { protocolVersion?: unknown }).protocolVersion !== PROTOCOL_VERSION;
}

/**
 * A handler that only ever sees a payload its schema accepted. Whatever a client sends, the
 * typed event map is only a promise, so arguments arrive as unknown.
 */
export function validated<Schema extends z.ZodType, Result>(
  schema: Schema,
  handler: (connection: DeviceConnection, payload: z.output<Schema>) => Promise<Ack<Result>>,
  { versioned = false } = {},
): EventHandler {
  return (connection, args) => {
    if (args.length !== 1) return refuse('WRONG_ARGUMENTS');
    if (versioned && speaksOtherVersion(args[0])) {
      return refuse('PROTOCOL_MISMATCH', `${REASONS.PROTOCOL_MISMATCH.message} (This server speaks protocol version ${PROTOCOL_VERSION}.)`);
    }
    const checked = problemWith(schema, args[0]);
    return 'problem' in checked ? refuse('INVALID_PAYLOAD', checked.problem) : handler(connection, checked.data);
  };
}
