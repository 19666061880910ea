/**
 * How far one clinic's broadcasts must go. Through the cluster's adapter, every broadcast is
 * published to Redis and received by every node, though behind a balancer that routes by clinic
 * all of a clinic's devices are on the node that runs it. So a room sends to this node alone while
 * no device of the clinic is known to be anywhere else, and to every node from the moment one is
 * (or might be) until the cluster answers that none is. A device elsewhere is counted before it is
 * let into the clinic's rooms, also when its node is back after a pause or a cut from Redis: that
 * node takes its devices out of the rooms first, and asks for each to be counted again.
 */
export type Reach = 'thisNode' | 'everyNode';

export class BroadcastReach {
  /** None at first, as in a clinic just made; a restored one asks at once. */
  private devicesElsewhere: boolean | 'unknown' = false;
  /** The question whose answer is awaited: an answer to an earlier one is out of date. */
  private question = 0;

  constructor(private readonly isHere: (connection: string) => boolean) {}

  get reach(): Reach {
    return this.devicesElsewhere === false ? 'thisNode' : 'everyNode';
  }

  /** A device is counted in the clinic. */
  counted(connection: string): void {
    if (!this.isHere(connection)) this.devicesElsewhere = true;
  }

  /**
   * Sends to every node until `anySocketElsewhere` answers that no other node has a socket in the
   * clinic's room. A device counted elsewhere meanwhile, or a later question, outweighs the answer;
   * one that fails leaves the room sending to every node.
   */
  async ask(anySocketElsewhere: () => Promise<boolean>): Promise<void> {
    this.devicesElsewhere = 'unknown';
    const question = ++this.question;
    const elsewhere = await anySocketElsewhere();
    if (question === this.question && this.devicesElsewhere === 'unknown') this.devicesElsewhere = elsewhere;
  }
}
