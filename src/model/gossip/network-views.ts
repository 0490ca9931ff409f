import type { TableEntry } from './messages.ts';

/** Most network events one host may have about one network: a version must fit in a byte (0 = never attached). */
export const MAX_NETWORK_EVENTS_PER_HOST = 254;

/**
 * What every node believes about who is attached to one network that has network events
 * (NetworkDB's networkNodes[nid], reference/gossip-controlplane.md §3.3), and the network's
 * per-host inSync flags. Only hosts with a row in the network (its initial members and the hosts
 * its network events name) can be attached, but every host of the cluster keeps a view, since
 * NetworkEvents go to the whole cluster.
 *
 * A view holds, per row, the version of the newest NetworkEvent the observer applied about that
 * host: 0 means never attached and each event adds one, so an odd version means attached. Events
 * about one attachment are raised only by the host itself, so this count orders them as their
 * Lamport times do; at one byte a pair, 1000 hosts with 1000 rows take 1 MB.
 */
export class NetworkViews {
  /** Rows: hosts that can be attached, in the network's member order. */
  readonly rows: number;
  /** `version[observer × rows + row]`: the newest event version the observer applied about the row's host. */
  readonly version: Uint8Array;
  /** Per observer: hosts attached in its view, itself included (the length of its networkNodes). */
  readonly count: Int32Array;
  /** Per row: the host's own version (the truth). */
  readonly truth: Uint8Array;
  /** Per host: the network's inSync flag, set once the host's join bulk sync is done (ref §3.3). */
  readonly inSync: Uint8Array;
  /** Tracked event id of each version of each row: `eventIds[row][version]` (sparse; a hole is untracked). */
  readonly eventIds: number[][];
  /** Entries a row's leave deleted: `leftEntries[row][version]`; an observer applying that leave deletes them too. */
  readonly leftEntries: TableEntry[][][];

  /**
   * @param n hosts in the cluster (observers)
   * @param rowHosts host of each row
   * @param attached 1 for each host attached at the start (index: host); every observer knows them
   */
  constructor(n: number, rowHosts: readonly number[], attached: Uint8Array) {
    const rows = rowHosts.length;
    this.rows = rows;
    this.version = new Uint8Array(n * rows);
    this.count = new Int32Array(n);
    this.truth = new Uint8Array(rows);
    this.inSync = new Uint8Array(n);
    this.eventIds = rowHosts.map(() => []);
    this.leftEntries = rowHosts.map(() => []);
    const start = new Uint8Array(rows);
    let attachedCount = 0;
    rowHosts.forEach((h, r) => {
      if (attached[h] !== 1) return;
      start[r] = 1;
      this.truth[r] = 1;
      this.inSync[h] = 1;
      attachedCount++;
    });
    for (let obs = 0; obs < n; obs++) this.version.set(start, obs * rows);
    this.count.fill(attachedCount);
  }

  /** Whether `obs` believes the host of `row` is attached (false for a host without a row, row −1). */
  sees(obs: number, row: number): boolean {
    return row >= 0 && (this.version[obs * this.rows + row]! & 1) === 1;
  }

  /**
   * `obs` applies version `v` about `row` if it is newer than what it holds. Returns the version it
   * held before, or −1 when `v` is not newer (nothing changed).
   */
  apply(obs: number, row: number, v: number): number {
    const i = obs * this.rows + row;
    const had = this.version[i]!;
    if (v <= had) return -1;
    this.version[i] = v;
    this.count[obs] = this.count[obs]! + (v & 1) - (had & 1);
    return had;
  }

  /** A restarted node has lost its view: it knows only its own attachment (row `selfRow`, −1 for none). */
  reset(obs: number, selfRow: number): void {
    this.version.fill(0, obs * this.rows, (obs + 1) * this.rows);
    this.count[obs] = 0;
    if (selfRow >= 0) this.apply(obs, selfRow, this.truth[selfRow]!);
  }
}
