import { Writable } from 'node:stream';
import { createLogger } from '../../server/logger.ts';

/** A server logger whose JSON lines, at every level, are kept in memory for a test to read. */
export function capturedLogs() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger('trace', destination) };
}
