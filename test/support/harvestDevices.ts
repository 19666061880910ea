/**
 * Participants acting as real harvest devices over real sockets: a case giver's device makes its
 * own non-extractable key pair and publishes it, a coach's device seals with the shared module
 * exactly as the browser does. Every packet a device receives is kept, to be searched for
 * plaintext.
 */
import type { HarvestChange, HarvestOverview, InboxItem, LastTime } from '../../shared/harvestSchemas.ts';
import type { Ack } from '../../shared/protocol.ts';
import { createDeviceKeyPair, exportPublicKey, open, seal, type DeviceKeyPair, type PublishedKey, type SealedKind } from '../../shared/sealedNotes.ts';
import type { TestParticipant } from './participant.ts';

const WAIT_LIMIT_MS = 10_000;

/** Everything the server sent a socket, packet by packet (events and acknowledgements), as JSON. */
export function recordPackets(participant: TestParticipant): string[] {
  const received: string[] = [];
  participant.socket.io.on('packet', (packet) => received.push(JSON.stringify(packet)));
  return received;
}

export interface OpenedItem {
  readonly noteId: string;
  readonly kind: SealedKind;
  readonly from: string;
  readonly text: string | null;
}

export class HarvestDevice {
  readonly received: string[];
  readonly changes: HarvestChange[] = [];
  keyPair: DeviceKeyPair | null = null;
  keyId: string | null = null;

  constructor(readonly participant: TestParticipant) {
    this.received = recordPackets(participant);
    participant.socket.on('harvest:changed', (change) => this.changes.push(change));
  }

  private get socket() {
    return this.participant.socket.timeout(WAIT_LIMIT_MS);
  }

  /** Makes this device's key pair and publishes its public half. */
  async publishKey(): Promise<Ack<{ keyId: string }>> {
    this.keyPair ??= await createDeviceKeyPair();
    const reply = await this.socket.emitWithAck('harvest:publishKey', { publicKey: await exportPublicKey(this.keyPair) });
    if (reply.ok) this.keyId = reply.data.keyId;
    return reply;
  }

  overview(): Promise<Ack<HarvestOverview>> {
    return this.socket.emitWithAck('harvest:overview', {});
  }

  /** The keys `to` has published, as this device is told now. */
  async keysOf(to: string): Promise<PublishedKey[]> {
    const overview = await this.overview();
    if (!overview.ok) throw new Error(`overview refused: ${overview.error.reason}`);
    return overview.data.caseGivers.find((caseGiver) => caseGiver.participantId === to)?.keys ?? [];
  }

  /** Seals `text` for every device `to` has published (or for `keys`), as the app does, and sends it. */
  async send(kind: SealedKind, to: string, text: string, keys?: readonly PublishedKey[]): Promise<Ack<{ noteId: string; sentAt: number }>> {
    keys ??= await this.keysOf(to);
    const envelopes = await seal(text, { clinicId: this.clinicId, kind, senderId: this.participant.id, recipientId: to }, keys);
    return this.socket.emitWithAck('harvest:send', { kind, to, envelopes });
  }

  /** Fetches this device's envelopes and opens each one (null where it was sealed for another device). */
  async inbox(): Promise<OpenedItem[]> {
    if (!this.keyPair || !this.keyId) throw new Error('This device has no key');
    const reply = await this.socket.emitWithAck('harvest:fetch', { keyId: this.keyId });
    if (!reply.ok) throw new Error(`fetch refused: ${reply.error.reason}`);
    const { privateKey } = this.keyPair;
    return Promise.all(
      reply.data.items.map(async (item: InboxItem) => ({
        noteId: item.noteId,
        kind: item.kind,
        from: item.from,
        text: item.envelope && (await open(item.envelope, { clinicId: this.clinicId, kind: item.kind, senderId: item.from, recipientId: this.participant.id }, privateKey)),
      })),
    );
  }

  delete(noteIds: string[]): Promise<Ack<{ deleted: number }>> {
    return this.socket.emitWithAck('harvest:delete', { noteIds });
  }

  /** A crew member's takeaways from earlier sessions, as the server hands them to this device. */
  lastTime(): Promise<Ack<LastTime>> {
    return this.socket.emitWithAck('harvest:lastTime', {});
  }

  /**
   * Opens the takeaways from last time with the key this device held in the session they were
   * written in (`earlierKey`); null where none of the envelopes is for that key.
   */
  async openLastTime(earlierKey: { keyId: string; keyPair: DeviceKeyPair }): Promise<Array<string | null>> {
    const reply = await this.lastTime();
    if (!reply.ok) throw new Error(`last time refused: ${reply.error.reason}`);
    const me = this.participant.id;
    return Promise.all(
      reply.data.items.map((item) => {
        const envelope = item.envelopes.find((candidate) => candidate.keyId === earlierKey.keyId);
        return envelope ? open(envelope, { clinicId: item.clinicId, kind: 'takeaway', senderId: me, recipientId: me }, earlierKey.keyPair.privateKey) : null;
      }),
    );
  }

  dismissLastTime(noteIds: string[]): Promise<Ack<{ deleted: number }>> {
    return this.socket.emitWithAck('harvest:dismissLastTime', { noteIds });
  }

  /** Resolves once the server has told this device that `part` changed (at once if it already has). */
  changed(part: HarvestChange['part']): Promise<void> {
    if (this.changes.some((change) => change.part === part)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`never told that ${part} changed`)), WAIT_LIMIT_MS);
      const listener = (change: HarvestChange) => {
        if (change.part !== part) return;
        clearTimeout(timer);
        this.participant.socket.off('harvest:changed', listener);
        resolve();
      };
      this.participant.socket.on('harvest:changed', listener);
    });
  }

  private get clinicId(): string {
    const clinicId = this.participant.state?.clinicId;
    if (!clinicId) throw new Error('not joined');
    return clinicId;
  }
}
