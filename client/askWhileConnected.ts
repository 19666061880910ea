/**
 * A request sent only while the socket is connected. Socket.IO's client keeps what is emitted
 * while disconnected and sends it on reconnecting, ahead of the page's own rejoin: the server
 * would refuse it as coming from nobody, or answer a join to a page no longer listening for it.
 * Refused here instead, it is the person's to send again once the page is back. (Creating a
 * clinic or a crew needs no join, so those wait for the page's first connection instead.)
 */
import type { Ack } from '../shared/protocol.ts';
import { refuse } from '../shared/reasons.ts';

/** `send`'s answer; OFFLINE without sending while `socket` is not connected, NO_ANSWER when none came. */
export async function askWhileConnected<T>(socket: { readonly connected: boolean }, send: () => Promise<Ack<T>>): Promise<Ack<T>> {
  if (!socket.connected) return refuse('OFFLINE');
  try {
    return await send();
  } catch {
    return refuse('NO_ANSWER');
  }
}
