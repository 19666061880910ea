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
