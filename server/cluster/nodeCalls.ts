/**
 * Calls between nodes over Redis pub/sub: a request to one node's channel, its answer on the
 * asker's, matched by id; and messages on one channel every node hears. A call to a node nobody
 * listens for (it stopped) fails at once, since Redis says how many received it, and surely did
 * not run; one that is not answered in time (the node is paused or swamped) fails after
 * `answerWithinMs`, and may have run. Every message names the cluster protocol version; a node
 * reads its own and the one before, so two adjacent versions run side by side.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { NodeUnreachableError, UnreadableCallError } from '../nodeNetwork.ts';
import { nodeMessageSchema, type NodeMessage } from '../nodeSchemas.ts';

/** Bumped when a call or message changes shape; a release must still read the version before its own. */
export const CLUSTER_PROTOCOL_VERSION = 1;
const readable = (version: unknown) => version === CLUSTER_PROTOCOL_VERSION || version === CLUSTER_PROTOCOL_VERSION - 1;


const callId = z.number().int().positive();
// What is inside (the call, the answer, the message) is read by whoever it is for.
const callEnvelopeSchema = z.object({ v: z.number().int(), id: callId, from: z.string().min(1), call: z.unknown() });
const answerEnvelopeSchema = z.union([
  /** `unread`: the call was refused unread, not failed; asking again would be refused again. */
  z.object({ id: callId, failed: z.string(), mayHaveRun: z.boolean(), unread: z.boolean().optional() }),
  z.object({ id: callId, answer: z.unknown() }),
]);
const everyoneEnvelopeSchema = z.object({ v: z.number().int(), message: z.unknown() });
type CallEnvelope = z.infer<typeof callEnvelopeSchema>;
type AnswerEnvelope = z.infer<typeof answerEnvelopeSchema>;

interface Waiting {
  readonly nodeId: string;
  readonly resolve: (answer: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** How long after a call went out an answer that came after its wait is still heard, for a call that asks to hear it. */
const LATE_ANSWERS_HEARD_MS = 60_000;

export class NodeCalls {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  /**
   * Calls whose wait ran out, by id: what to do with the answer should it come after all, until
   * when (no end yet while the call waits for Redis to go out).
   */
  private readonly late = new Map<number, { readonly onLateAnswer: (answer: unknown) => void; expiry?: NodeJS.Timeout }>();
  private answerCall: (call: unknown) => Promise<unknown> = () => Promise.reject(new Error('This node answers no calls yet'));
  private readonly listeners: Array<(message: NodeMessage) => void> = [];

  private constructor(
    /** Channels are not keys: the namespace is added to them here. */
    private readonly namespace: string,
    private readonly publisher: Redis,
    private readonly nodeId: string,
    private readonly answerWithinMs: number,
    private readonly log: (message: string, error?: unknown) => void,
    private readonly lateAnswersHeardMs: number,
  ) {}

  /** Subscribes `subscriber` (a connection given over to it) to this node's channels. */
  static async open(
    namespace: string,
    publisher: Redis,
    subscriber: Redis,
    nodeId: string,
    answerWithinMs: number,
    log: (message: string, error?: unknown) => void,
    lateAnswersHeardMs = LATE_ANSWERS_HEARD_MS,
  ): Promise<NodeCalls> {
    const calls = new NodeCalls(namespace, publisher, nodeId, answerWithinMs, log, lateAnswersHeardMs);
    subscriber.on('message', (channel: string, text: string) => calls.received(channel, text));
    await subscriber.subscribe(calls.callChannel(nodeId), calls.answerChannel(nodeId), calls.everyone);
    return calls;
  }

  private callChannel(nodeId: string): string {
    return `${this.namespace}:calls:${nodeId}`;
  }

  private answerChannel(nodeId: string): string {
    return `${this.namespace}:answers:${nodeId}`;
  }

  private get everyone(): string {
    return `${this.namespace}:everyone`;
  }

  /**
   * Resolves with `nodeId`'s answer; rejects with NodeUnreachableError when it cannot be had within
   * `answerWithinMs`. An answer that comes later goes to `onLateAnswer`, if given, for a while.
   */
  ask(nodeId: string, call: unknown, onLateAnswer?: (answer: unknown) => void): Promise<unknown> {
    const id = this.nextId++;
    const envelope: CallEnvelope = { v: CLUSTER_PROTOCOL_VERSION, id, from: this.nodeId, call };
    let wentOut = false;
    const answered = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        if (onLateAnswer) {
          this.late.set(id, { onLateAnswer });
          if (wentOut) this.hearLateFromNow(id);
        }
        reject(new NodeUnreachableError(nodeId, `no answer within ${this.answerWithinMs} ms`, true));
      }, this.answerWithinMs);
      this.waiting.set(id, { nodeId, resolve, reject, timer });
    });
    // Not awaited: while Redis cannot be reached the publish waits for it, and the wait for the
    // answer runs out meanwhile, which must reach the caller (unheard, it would end the process).
    this.publisher.publish(this.callChannel(nodeId), JSON.stringify(envelope)).then(
      (receivers) => {
        if (receivers === 0) return this.settle(id, { id, failed: 'it is not running', mayHaveRun: false });
        wentOut = true;
        // Out only now, after a wait for Redis that outlasted the answer's: its answer is heard from now on.
        this.hearLateFromNow(id);
      },
      (error: unknown) => this.settle(id, { id, failed: `could not reach Redis (${(error as Error).message})`, mayHaveRun: false }),
    );
    return answered;
  }

  answer(handler: (call: unknown) => Promise<unknown>): void {
    this.answerCall = handler;
  }

  tellEveryone(message: NodeMessage): void {
    this.publisher.publish(this.everyone, JSON.stringify({ v: CLUSTER_PROTOCOL_VERSION, message })).catch((error: unknown) => this.log('could not tell the other nodes', error));
  }

  hear(listener: (message: NodeMessage) => void): void {
    this.listeners.push(listener);
  }

  /** Fails every call still waiting: this node is stopping. */
  close(): void {
    for (const [id] of this.waiting) this.settle(id, { id, failed: 'this node is stopping', mayHaveRun: true });
    for (const { expiry } of this.late.values()) clearTimeout(expiry);
    this.late.clear();
  }

  /** A call whose wait ran out has gone out: its answer is heard for `lateAnswersHeardMs` from now. */
  private hearLateFromNow(id: number): void {
    const late = this.late.get(id);
    if (!late) return;
    late.expiry = setTimeout(() => this.late.delete(id), this.lateAnswersHeardMs);
    late.expiry.unref();
  }

  private received(channel: string, text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      this.log('a node sent a message that is not JSON', error);
      return;
    }
    if (channel === this.answerChannel(this.nodeId)) {
      const answer = answerEnvelopeSchema.safeParse(parsed);
      // The call it answers goes unanswered, so it fails as maybe run.
      if (!answer.success) return this.log('a node sent an answer this node cannot read', answer.error);
      this.settle(answer.data.id, answer.data);
    } else if (channel === this.callChannel(this.nodeId)) {
      const call = callEnvelopeSchema.safeParse(parsed);
      // Nobody to answer: its asker waits, then takes it as maybe run.
      if (!call.success) return this.log('a node sent a call this node cannot read', call.error);
      void this.serve(call.data);
    } else if (channel === this.everyone) {
      const envelope = everyoneEnvelopeSchema.safeParse(parsed);
      if (!envelope.success) return this.log('a node sent a message this node cannot read', envelope.error);
      const { v } = envelope.data;
      if (!readable(v)) return this.log(`a node of cluster protocol ${v} sent a message this node cannot read`);
      const message = nodeMessageSchema.safeParse(envelope.data.message);
      if (!message.success) return this.log('a node sent a message this node cannot read', message.error);
      for (const listener of this.listeners) listener(message.data);
    }
  }

  private async serve({ v, id, from, call }: CallEnvelope): Promise<void> {
    let answer: AnswerEnvelope;
    if (!readable(v)) answer = { id, failed: `this node reads cluster protocol ${CLUSTER_PROTOCOL_VERSION} and the one before, not ${v}`, mayHaveRun: false };
    else {
      try {
        answer = { id, answer: await this.answerCall(call) };
      } catch (error) {
        this.log('could not answer a call from another node', error);
        answer = error instanceof UnreadableCallError ? { id, failed: 'it could not read the call', mayHaveRun: false, unread: true } : { id, failed: 'it failed to answer', mayHaveRun: true };
      }
    }
    await this.publisher.publish(this.answerChannel(from), JSON.stringify(answer)).catch((error: unknown) => this.log('could not answer another node', error));
  }

  private settle(id: number, answer: AnswerEnvelope): void {
    const waiting = this.waiting.get(id);
    if (!waiting) return this.settleLate(id, answer);
    this.waiting.delete(id);
    clearTimeout(waiting.timer);
    if ('failed' in answer) {
      waiting.reject(answer.unread ? new UnreadableCallError(`Node ${waiting.nodeId} could not read the call`) : new NodeUnreachableError(waiting.nodeId, answer.failed, answer.mayHaveRun));
    }
    else waiting.resolve(answer.answer);
  }

  /** An answer after its wait ran out: heard only by a call that asked to, and only if it is one. */
  private settleLate(id: number, answer: AnswerEnvelope): void {
    const late = this.late.get(id);
    if (!late) return;
    clearTimeout(late.expiry);
    this.late.delete(id);
    if ('answer' in answer) late.onLateAnswer(answer.answer);
  }
}
