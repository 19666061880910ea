/**
 * A rolling update seen from a page: the node it reached cannot read what a newer release of the
 * app saved, and refuses with SERVER_OUTDATED. The socket closes and connects afresh a while later,
 * which rejoins whatever page is open by then, perhaps through an upgraded node.
 */
import { TURNED_AWAY_RETRY_MS, type ProtocolError } from '../shared/protocol.ts';

export function connectAfreshLater(socket: { disconnect(): unknown; connect(): unknown }): void {
  socket.disconnect();
  window.setTimeout(() => socket.connect(), TURNED_AWAY_RETRY_MS);
}

/** The notice a page keeps once the server has let it in: the update's has done its job. */
export const noticeOnceLetIn = (notice: ProtocolError | null) => (notice?.reason === 'SERVER_OUTDATED' ? null : notice);

/**
 * A join typed afresh (a name, a pairing code) that a node not yet updated turned away: it joined
 * nobody and used up nothing, so the connection made afresh sends it again, and the person need not
 * type it twice. A page holds at most one, for the clinic or crew it has open.
 */
export class JoinAfterUpdate<How> {
  private held: { readonly id: string; readonly how: How } | undefined;

  hold(id: string, how: How): void {
    this.held = { id, how };
  }

  /** Whether one is held for `id`: a join typed meanwhile replaces it rather than going out beside it. */
  isHeldFor(id: string): boolean {
    return this.held?.id === id;
  }

  /** The join to send again on connecting afresh to `id`, if one is held; none is held after. */
  take(id: string): How | undefined {
    const held = this.held;
    this.held = undefined;
    return held?.id === id ? held.how : undefined;
  }

  /** The page closed: nothing is sent again. */
  drop(): void {
    this.held = undefined;
  }
}
