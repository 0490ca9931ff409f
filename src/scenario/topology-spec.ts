import type { LinkDirectionParams } from '../model/underlay/link-tx.ts';
import type { LinkParams, UnderlayConfig } from './schema.ts';

/** One full-duplex link between two named nodes; the directions differ at most in their loss. */
export interface LinkSpec {
  a: string;
  b: string;
  /** Direction a → b. */
  params: LinkDirectionParams;
  /** Direction b → a. */
  reverse: LinkDirectionParams;
  /** Where the link was declared, for error messages, e.g. `underlay.links[3]`. */
  path: PropertyKey[];
}

/** The underlay as explicit lists, whatever topology the scenario named. */
export interface TopologySpec {
  /** Host names; host i has node index i. */
  hosts: string[];
  switches: string[];
  links: LinkSpec[];
}

/** Converts schema link parameters to the model parameters of its two directions. */
export function directionParams(link: LinkParams): Pick<LinkSpec, 'params' | 'reverse'> {
  const params = oneDirection(link, link.loss.forward);
  return { params, reverse: link.loss.reverse === link.loss.forward ? params : oneDirection(link, link.loss.reverse) };
}

function oneDirection(link: LinkParams, lossProbability: number): LinkDirectionParams {
  return {
    rateBps: link.bandwidth,
    delayNs: link.delay,
    jitterNs: link.jitter,
    lossProbability,
    framingBytes: link.framing.bytes,
    minWireBytes: link.framing.minWireBytes,
    mtuBytes: link.mtu,
    queueLimitPackets: link.queue.packets,
    queueLimitBytes: link.queue.bytes,
  };
}

/**
 * Expands a topology into explicit lists. Generated names: hosts `h1..hN`; star switch `sw`;
 * leaf-spine leaves `leaf1..leafR` and spines `spine1..spineS`, hosts spread over racks in
 * order: host i (from 0) goes to rack floor(i·R/N), so rack sizes differ by at most one
 * (10 hosts in 4 racks: 3, 2, 3, 2).
 */
export function expandTopology(underlay: UnderlayConfig): TopologySpec {
  if (underlay.topology === 'explicit') {
    return {
      hosts: underlay.hosts,
      switches: underlay.switches,
      links: underlay.links.map((l, i) => ({ a: l.between[0], b: l.between[1], ...directionParams(l), path: ['underlay', 'links', i] })),
    };
  }
  const hosts = Array.from({ length: underlay.hosts }, (_, i) => `h${i + 1}`);
  const hostLink = directionParams(underlay.hostLink);
  if (underlay.topology === 'star') {
    return { hosts, switches: ['sw'], links: hosts.map((h) => ({ a: h, b: 'sw', ...hostLink, path: ['underlay', 'hostLink'] })) };
  }
  const leaves = Array.from({ length: underlay.racks }, (_, i) => `leaf${i + 1}`);
  const spines = Array.from({ length: underlay.spines }, (_, i) => `spine${i + 1}`);
  const fabricLink = directionParams(underlay.fabricLink);
  const links: LinkSpec[] = [];
  hosts.forEach((h, i) => {
    const rack = Math.floor((i * underlay.racks) / underlay.hosts);
    links.push({ a: h, b: leaves[rack] as string, ...hostLink, path: ['underlay', 'hostLink'] });
  });
  for (const leaf of leaves) {
    for (const spine of spines) links.push({ a: leaf, b: spine, ...fabricLink, path: ['underlay', 'fabricLink'] });
  }
  return { hosts, switches: [...leaves, ...spines], links };
}
