/**
 * Structured JSON logs (pino), one object a line. The server never logs a payload, but a field
 * that could carry a secret or a person is censored wherever it turns up, and an error's text has
 * anything shaped like an id, token or key taken out: logs travel further than the database.
 */
import pino from 'pino';

export type Logger = pino.Logger;
export type LogLevel = pino.Level | 'silent';

export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Fields that hold an identifier, a secret, a name or a title, wherever they appear. */
const PRIVATE_FIELDS = ['clinicId', 'participantId', 'participantToken', 'facilitatorKey', 'token', 'key', 'name', 'title', 'payload', 'record'];

/**
 * Ids, tokens and keys are at least 22 URL-safe base64 characters (128 random bits or more); what
 * else in an error runs that long is a camelCase word from a stack trace, kept for the reader.
 */
const IDENTIFIER_SHAPED = /[A-Za-z0-9_-]{20,}/g;
const CAMEL_CASE_WORDS = /^[a-z]+(?:[A-Z][a-z]+)*$/;
const withoutIdentifiers = (text: string) => text.replace(IDENTIFIER_SHAPED, (run) => (CAMEL_CASE_WORDS.test(run) ? run : '[id]'));

function scrubbedError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: withoutIdentifiers(String(error)) };
  const { type, message, stack } = pino.stdSerializers.err(error);
  return { type, message: withoutIdentifiers(message), stack: withoutIdentifiers(stack) };
}

// A destination stream, never a `pino.transport`: a transport starts a worker from a file it finds
// beside pino's own module, which the built server (server/buildServer.ts) has bundled away.
export function createLogger(level: LogLevel = 'info', destination: pino.DestinationStream = pino.destination({ sync: true })): Logger {
  return pino(
    {
      level,
      redact: { paths: [...PRIVATE_FIELDS, ...PRIVATE_FIELDS.map((field) => `*.${field}`)], censor: '[redacted]' },
      serializers: { err: scrubbedError },
    },
    destination,
  );
}

/** The `log(message, error)` the registry and rooms take, writing to `logger` at error level. */
export const errorLogOf =
  (logger: Logger) =>
  (message: string, error?: unknown): void =>
    logger.error({ err: error }, message);
