/**
 * Default CPU costs of service discovery and load balancing on a client host, for the built-in
 * profiles (with their 2300 ns stack traversal per side, see host/cpu-profile.ts).
 *
 * - `ipvsNs`: IPVS scheduling and NAT, per packet, each way (the request DNAT'd to the chosen
 *   task, the reply translated back). The reference has no modern figure. The LVS-HOWTO
 *   (performance chapter, a 2002 measurement by Padraig Brady) gives 60 µs latency for plain
 *   forwarding and 80 µs through an IPVS director on the same box: IPVS added a third of a
 *   forwarding pass. Taken as a ratio, as the reference's own measurements are (§7), that is a
 *   third of one stack traversal: 2300 / 3 ≈ 767 ns. ⚠ Derived from old hardware; calibrate.
 * - `dnsLookupNs`: one query to 127.0.0.11 and its answer. The query is DNAT'd in the
 *   container's namespace to the daemon's resolver socket on the same host and the answer comes
 *   back the same way (reference §4), so each crosses the host-local path once: 2 × 2 × 2300 =
 *   9200 ns. The resolver's own work is not counted. It is latency before the connection or
 *   flow starts; the daemon answers in its own threads, not on the packet-processing cores.
 */
export const SERVICE_COSTS = { ipvsNs: Math.round(2300 / 3), dnsLookupNs: 4 * 2300 };
