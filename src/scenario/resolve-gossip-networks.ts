import { MAX_NETWORK_EVENTS_PER_HOST } from '../model/gossip/network-views.ts';
import type { GossipEventSpec, GossipNetworkSpec } from '../model/gossip/spec.ts';
import type { PathIssue } from './resolve.ts';

/** A `network` event as written, its network found, waiting for the attachment check. */
export interface NetworkEventDraft {
  /** Position in `gossip.events`. */
  index: number;
  /** Host names as listed (unknown ones are reported elsewhere and skipped here). */
  names: string[];
  /** The event to run, in its place among the others; the check fills in its hosts. */
  spec: Extract<GossipEventSpec, { kind: 'network' }>;
}

/** Where a host stands with a network while the events are replayed, and why. */
interface Attachment {
  attached: boolean;
  /** Why, for messages: "it runs a task ...", "it joined at 2 s (gossip.events[0])". */
  because: string;
  events: number;
}

const seconds = (ns: number) => `${ns / 1e9} s`;

/**
 * Replays the network events in the order a run applies them (by time, then as listed; the hosts
 * of one event in list order) from the attachments the tasks' placement gives, and reports a host
 * that joins a network it is already attached to, leaves one it is not attached to, or has more
 * events about one network than a view's version can count. Fills in each event's hosts.
 */
export function checkNetworkEvents(drafts: readonly NetworkEventDraft[], networks: readonly GossipNetworkSpec[], hostIndex: ReadonlyMap<string, number>, issues: PathIssue[]): void {
  const state = new Map<string, Attachment>();
  const stateOf = (network: number, host: string): Attachment => {
    const key = `${network}/${host}`;
    let s = state.get(key);
    if (s === undefined) {
      const h = hostIndex.get(host)!;
      s = networks[network]!.members.includes(h)
        ? { attached: true, because: 'it runs a task of a service on that network from the start', events: 0 }
        : { attached: false, because: 'it runs no task of a service on that network', events: 0 };
      state.set(key, s);
    }
    return s;
  };
  const order = [...drafts].sort((a, b) => a.spec.atNs - b.spec.atNs || a.index - b.index);
  for (const d of order) {
    const e = d.spec;
    const name = networks[e.network]!.name;
    d.names.forEach((host, j) => {
      const h = hostIndex.get(host);
      if (h === undefined) return;
      const path = ['gossip', 'events', d.index, 'hosts', j];
      const s = stateOf(e.network, host);
      if (e.action === 'join' && s.attached) {
        issues.push({ path, message: `host "${host}" is already attached to network "${name}" at ${seconds(e.atNs)}: ${s.because}` });
        return;
      }
      if (e.action === 'leave' && !s.attached) {
        issues.push({ path, message: `host "${host}" is not attached to network "${name}" at ${seconds(e.atNs)}: ${s.because}` });
        return;
      }
      if (++s.events > MAX_NETWORK_EVENTS_PER_HOST) {
        if (s.events === MAX_NETWORK_EVENTS_PER_HOST + 1) issues.push({ path, message: `expected at most ${MAX_NETWORK_EVENTS_PER_HOST} network events per host and network; this is one more for host "${host}" on "${name}"` });
        return;
      }
      s.attached = e.action === 'join';
      s.because = `it ${e.action === 'join' ? 'joined' : 'left'} at ${seconds(e.atNs)} (gossip.events[${d.index}])`;
      e.hosts.push(h);
    });
  }
}
