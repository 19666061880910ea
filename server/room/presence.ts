/**
 * Who is online in one clinic, by connection: a participant is online while any of their devices
 * is connected. A connection is named `node/socket`, so that when a node goes, the devices it
 * served can be counted out together. Held in memory on the node that runs the clinic (and
 * mirrored in Redis in a cluster, for the node that takes it over); it is never saved.
 */
/** A device's connection, named by its node and its socket there. */
export const connectionName = (nodeId: string, socketId: string) => `${nodeId}/${socketId}`;
/** The node a connection belongs to. */
export const nodeOfConnection = (connection: string) => connection.slice(0, connection.indexOf('/'));
/** The socket a connection is, on its node. */
export const socketOfConnection = (connection: string) => connection.slice(connection.indexOf('/') + 1);

export type OnlineConnections = ReadonlyArray<readonly [connection: string, participantId: string]>;

export class Presence {
  private readonly connectionsOf = new Map<string, Set<string>>();

  constructor(online: OnlineConnections = []) {
    for (const [connection, participantId] of online) this.arrive(participantId, connection);
  }

  isOnline(participantId: string): boolean {
    return this.connectionsOf.has(participantId);
  }

  get anyoneOnline(): boolean {
    return this.connectionsOf.size > 0;
  }

  arrive(participantId: string, connection: string): void {
    const connections = this.connectionsOf.get(participantId) ?? new Set();
    connections.add(connection);
    this.connectionsOf.set(participantId, connections);
  }

  /** One device left; true when it was the participant's last. */
  depart(participantId: string, connection: string): boolean {
    const connections = this.connectionsOf.get(participantId);
    if (!connections?.delete(connection) || connections.size > 0) return false;
    return this.connectionsOf.delete(participantId);
  }

  /** All of a participant's devices are out, e.g. after they were removed; the connections they had. */
  forget(participantId: string): string[] {
    const connections = [...(this.connectionsOf.get(participantId) ?? [])];
    this.connectionsOf.delete(participantId);
    return connections;
  }

  /** Every connection `isGone` picks is out (say, a node's that stopped); the connections dropped. */
  dropWhere(isGone: (connection: string) => boolean): string[] {
    const dropped: string[] = [];
    for (const [participantId, connections] of this.connectionsOf) {
      for (const connection of connections) {
        if (isGone(connection)) {
          connections.delete(connection);
          dropped.push(connection);
        }
      }
      if (connections.size === 0) this.connectionsOf.delete(participantId);
    }
    return dropped;
  }

  /** The connections online now. */
  connections(): string[] {
    return [...this.connectionsOf.values()].flatMap((connections) => [...connections]);
  }
}

/** Where one clinic's presence is kept beside its room, for a node that takes the clinic over. */
export interface PresenceMirror {
  arrived(connection: string, participantId: string): void;
  departed(connections: readonly string[]): void;
}
