/**
 * A fresh in-process server for each test, and the connections a test opens, closed after it.
 * Call once at the top level of a test file.
 */
import { afterEach, beforeEach } from 'vitest';
import { TestParticipant } from './participant.ts';
import { startInProcessServer, type InProcessOptions, type InProcessServer } from './servers.ts';

export interface ServerFixture {
  readonly server: InProcessServer;
  /** Closes `connection` after the test. */
  track<T extends { close(): void }>(connection: T): T;
  joinAs(clinicId: string, name: string, facilitatorKey?: string): Promise<TestParticipant>;
}

export function useInProcessServer(options?: InProcessOptions): ServerFixture {
  let server: InProcessServer | undefined;
  const opened: Array<{ close(): void }> = [];

  beforeEach(async () => {
    server = await startInProcessServer(options);
  });

  afterEach(async () => {
    for (const connection of opened.splice(0)) connection.close();
    await server?.close();
  });

  const fixture: ServerFixture = {
    get server() {
      if (!server) throw new Error('The server starts in beforeEach');
      return server;
    },
    track(connection) {
      opened.push(connection);
      return connection;
    },
    async joinAs(clinicId, name, facilitatorKey) {
      return fixture.track(await TestParticipant.join(fixture.server.url, clinicId, name, facilitatorKey));
    },
  };
  return fixture;
}
