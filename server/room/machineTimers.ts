/**
 * The clinic machine's timers, armed and cancelled as its steps ask (its time-up), for a room that
 * keeps no running actor. Each is named, so a step that asks for a timer again replaces it.
 */
import type { DelayedEvent, TimerOrder } from '../../shared/clinicMachine.ts';

export class MachineTimers {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly fire: (event: DelayedEvent) => void) {}

  follow(orders: readonly TimerOrder[]): void {
    for (const order of orders) {
      if ('cancel' in order) {
        this.cancel(order.cancel);
        continue;
      }
      this.cancel(order.arm);
      const timer = setTimeout(() => {
        this.pending.delete(order.arm);
        this.fire(order.event);
      }, order.afterMs);
      this.pending.set(order.arm, timer);
    }
  }

  /** Cancels every timer: the room stopped, or went back to a saved state whose timers are armed afresh. */
  clear(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private cancel(name: string): void {
    clearTimeout(this.pending.get(name));
    this.pending.delete(name);
  }
}
