/**
 * A cluster node's look, twice a second, for what a stopped node left behind. Its clinics: the
 * timers of a clinic must go on though no device sends anything, so a node with devices in a
 * clinic nobody holds takes it on (a few at a time, so many at once do not swamp the database).
 * Its devices: those connected to a node that is not running are counted out of the clinics run here.
 */
import type { ClinicRegistry } from './clinicRegistry.ts';
import type { NodeNetwork } from './nodeNetwork.ts';
import type { ClinicServer } from './socketHandlers.ts';

const WATCH_INTERVAL_MS = 500;
/** At most this many clinics taken on per round; the rest, a round later. */
const TAKEN_ON_PER_ROUND = 50;

export interface ClusterWatchDeps {
  readonly io: ClinicServer;
  readonly network: Pick<NodeNetwork, 'ownership'>;
  readonly registry: ClinicRegistry;
  /** A draining node takes nothing on. */
  readonly isDraining: () => boolean;
  readonly log: (message: string, error?: unknown) => void;
}

export function watchCluster({ io, network, registry, isDraining, log }: ClusterWatchDeps): { stop(): void } {
  async function lookAround(): Promise<void> {
    if (isDraining()) return;
    const joinedHere = [...new Set([...io.of('/').sockets.values()].flatMap((socket) => (socket.data.clinicId ? [socket.data.clinicId] : [])))];
    const holders = await network.ownership.holders(joinedHere);
    const orphans = joinedHere.filter((_, index) => holders[index] === null).slice(0, TAKEN_ON_PER_ROUND);
    await Promise.all(orphans.map((clinicId) => registry.place(clinicId).catch((error: unknown) => log('could not take a clinic on', error))));
    await registry.dropDevicesOfStoppedNodes();
  }

  let looking = false;
  const timer = setInterval(() => {
    // A round still going (a slow database) is not doubled.
    if (looking) return;
    looking = true;
    lookAround()
      .catch((error: unknown) => log('could not watch the cluster', error))
      .finally(() => (looking = false));
  }, WATCH_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
