/**
 * Who is online in one clinic, counted per device: a participant is online while any of their
 * devices is connected. Held in memory on the node that runs the clinic; it is never saved.
 */
export class Presence {
  private readonly devices = new Map<string, number>();

  isOnline(participantId: string): boolean {
    return this.devices.has(participantId);
  }

  get anyoneOnline(): boolean {
    return this.devices.size > 0;
  }

  arrive(participantId: string): void {
    this.devices.set(participantId, (this.devices.get(participantId) ?? 0) + 1);
  }

  /** One device left; true when it was the participant's last. */
  depart(participantId: string): boolean {
    const left = (this.devices.get(participantId) ?? 0) - 1;
    if (left > 0) {
      this.devices.set(participantId, left);
      return false;
    }
    return this.devices.delete(participantId);
  }

  /** All of a participant's devices are out, e.g. after they were removed. */
  forget(participantId: string): void {
    this.devices.delete(participantId);
  }
}
