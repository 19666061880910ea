/**
 * How far one clinic's broadcasts must go. Through the cluster's adapter, every broadcast is
 * published to Redis and received by every node, though behind a balancer that routes by clinic
 * all of a clinic's devices are on the node that runs it. So a room sends to this node alone while
 * no device of the clinic is known to be anywhere else, and to every node from the moment one is
 * (or might be), for as long as it runs. A device elsewhere is counted before it is let into the
 * clinic's rooms. One already in them that the room did not know of (its node was paused, or cut
 * off from Redis, when the room was restored) is counted when its node is back and asks, and is
 * then brought up to date.
 */
export type Reach = 'thisNode' | 'everyNode';

export class BroadcastReach {
  private devicesElsewhere: boolean | 'unknown';

  /**
   * `devicesElsewhere` is false for a clinic just made (nobody can be in it yet), 'unknown' for one
   * restored: a node that ran it before may have let devices on other nodes into its rooms.
   */
  constructor(
    private readonly isHere: (connection: string) => boolean,
    devicesElsewhere: false | 'unknown',
  ) {
    this.devicesElsewhere = devicesElsewhere;
  }

  get reach(): Reach {
    return this.devicesElsewhere === false ? 'thisNode' : 'everyNode';
  }

  /** A device is counted in the clinic. */
  counted(connection: string): void {
    if (!this.isHere(connection)) this.devicesElsewhere = true;
  }

  /**
   * The cluster answered that none of the clinic's rooms has a socket on another node; a device
   * counted elsewhere since still is.
   */
  noneElsewhere(): void {
    if (this.devicesElsewhere === 'unknown') this.devicesElsewhere = false;
  }
}
