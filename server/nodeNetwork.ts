/**
 * What a node shares with the other nodes of a cluster, behind one interface: who owns each clinic
 * (a lease whose fencing token its saves carry), calls to the node that owns a clinic, messages
 * to every node, who is online, limits counted across nodes, and turns at cluster-wide chores. One
 * node alone (`standaloneNetwork`) owns every clinic and tells only itself; `cluster/redisNetwork.ts`
 * is the same over Redis.
 */
import type { ServerOptions } from 'socket.io';
import type { NodeMessage } from './nodeSchemas.ts';
import type { OnlineConnections, PresenceMirror } from './room/presence.ts';
import { memoryLimits, type SharedLimits } from './sharedLimits.ts';

export interface ClinicOwnership {
  /**
   * Claims the clinic for this node unless another node holds it: null when this node holds it now
   * (with a fencing token higher than any claim before), otherwise the id of the node that does.
   */
  acquire(clinicId: string): Promise<string | null>;
  /** Whether this node still holds the clinic by its own clock, so it may write it without asking. */
  holds(clinicId: string): boolean;
  /** The fencing token of this node's claim on the clinic: its saves carry it. */
  fenceOf(clinicId: string): number;
  /**
   * The store holds a claim with a token at least `storedFence` that this node's claim does not
   * outrank (Redis lost its counter, say, restarted empty): while this node still holds the lease,
   * it is given a token above it. False if the lease is not this node's any more.
   */
  outrank(clinicId: string, storedFence: number): Promise<boolean>;
  /** Lets go of the clinic, so another node may take it at once. */
  release(clinicId: string): Promise<void>;
  /** Called when a claim could not be kept (another node took the clinic over): the room must stop. */
  onLost(listener: (clinicId: string) => void): void;
  /** The node holding each of `clinicIds` now, or null where none does (it stopped, or nobody took the clinic on). */
  holders(clinicIds: readonly string[]): Promise<Array<string | null>>;
}


/** The node asked did not answer: it stopped, or it is too busy or cut off to. */
export class NodeUnreachableError extends Error {
  override readonly name = 'NodeUnreachableError';
  constructor(
    nodeId: string,
    why: string,
    /** False when the call surely never ran there (nobody received it, or it was refused unread); true when it may have. */
    readonly mayHaveRun: boolean,
  ) {
    super(`Node ${nodeId} did not answer: ${why}`);
  }
}

/**
 * A call the node asked could not read (another release's, say): it surely did not run, and would
 * be refused again. A node's handler throws it for such a call, and the asker's call fails with it.
 */
export class UnreadableCallError extends Error {
  override readonly name = 'UnreadableCallError';
}

export interface NodeNetwork {
  /** This process's id: a node's name with what makes each start of it unique. */
  readonly nodeId: string;
  readonly ownership: ClinicOwnership;
  /**
   * Sends a call to another node and resolves with its answer; rejects with NodeUnreachableError or
   * UnreadableCallError. An answer that comes after the wait ran out goes to `onLateAnswer`, if given.
   */
  ask(nodeId: string, call: unknown, onLateAnswer?: (answer: unknown) => void): Promise<unknown>;
  /** How this node answers other nodes' calls; `handler` throws UnreadableCallError for one it cannot read. */
  answer(handler: (call: unknown) => Promise<unknown>): void;
  /** Sends a message to every node, this one included. */
  tellEveryone(message: NodeMessage): void;
  hear(handler: (message: NodeMessage) => void): void;
  /** One clinic's presence as kept beside its room, and as the node that takes it over finds it. */
  presenceOf(clinicId: string): PresenceMirror & { readonly load: () => Promise<OnlineConnections>; readonly clear: () => void };
  /**
   * Called when this node finds the others took it for stopped (it was paused, or cut off from
   * Redis) and it is back, or when it hears Redis again after a reconnection: the clinics it
   * serves may have counted its devices out, or sent them what they never got.
   */
  onBack(listener: () => void): void;
  /** Which of `nodeIds` are running now. */
  liveNodes(nodeIds: readonly string[]): Promise<ReadonlySet<string>>;
  /** True for one node per `periodMs` across the cluster: who runs a chore this time. */
  takeTurn(chore: string, periodMs: number): Promise<boolean>;
  readonly limits: SharedLimits;
  /** The Socket.IO adapter that carries broadcasts to every node's sockets; none alone. */
  readonly adapter?: ServerOptions['adapter'];
  close(): Promise<void>;
}

/** Alone, who is online is kept nowhere else: one mirror for every clinic, not a new one each. */
const NO_PRESENCE_MIRROR: ReturnType<NodeNetwork['presenceOf']> = { arrived: () => undefined, departed: () => undefined, load: async () => [], clear: () => undefined };

/** One node: every clinic is its own, fenced with 0, and nobody else is there to hear. */
export function standaloneNetwork(nodeId = 'local'): NodeNetwork {
  const listeners: Array<(message: NodeMessage) => void> = [];
  return {
    nodeId,
    ownership: {
      acquire: async () => null,
      holds: () => true,
      fenceOf: () => 0,
      outrank: async () => false,
      release: async () => undefined,
      onLost: () => undefined,
      // Alone, a clinic not live on this node runs nowhere.
      holders: async (clinicIds) => clinicIds.map(() => null),
    },
    ask: (otherNodeId) => Promise.reject(new NodeUnreachableError(otherNodeId, 'this node runs alone', false)),
    answer: () => undefined,
    tellEveryone: (message) => {
      for (const listener of listeners) listener(message);
    },
    hear: (listener) => void listeners.push(listener),
    presenceOf: () => NO_PRESENCE_MIRROR,
    onBack: () => undefined,
    liveNodes: async (nodeIds) => new Set(nodeIds.filter((id) => id === nodeId)),
    takeTurn: async () => true,
    limits: memoryLimits,
    close: async () => undefined,
  };
}
