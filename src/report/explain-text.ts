import { formatRateBps } from '../core/units.ts';
import type { CpuProfile } from '../model/host/cpu-profile.ts';
import type { Encapsulation } from '../model/overlay/encapsulation.ts';
import { groupSizes, type PacketExplanation, type PieceGroup } from './explain-packet.ts';
import { APP_CALL_BYTES } from '../model/transport/app-writes.ts';

/** Width of the label column, indent included; fits the longest layer name at depth 2. */
const LABEL_WIDTH = 34;
/** Width of the byte counts in layer rows, so they line up. */
const BYTES_WIDTH = 6;

const STACKS: Record<Encapsulation, string> = {
  none: 'none (no encapsulation)',
  vxlan: 'vxlan',
  'vxlan-esp': 'vxlan-esp (VXLAN in IPsec ESP transport mode)',
  wireguard: 'wireguard',
};

/** Nanoseconds with one decimal when fractional. */
export function formatNs(ns: number): string {
  return Number.isInteger(ns) ? String(ns) : ns.toFixed(1);
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function row(depth: number, label: string, value: string): string {
  return (`${' '.repeat(depth * 2)}${label}`.padEnd(LABEL_WIDTH) + value).trimEnd();
}

function bytesCell(bytes: number): string {
  return `${String(bytes).padStart(BYTES_WIDTH)} B`;
}

/** `1420 B + 50 B`, or `45 × 1420 B + 300 B` for runs of equal sizes. */
export function formatSizes(sizes: readonly number[]): string {
  return groupSizes(sizes)
    .map((g) => (g.count === 1 ? `${g.bytes} B` : `${g.count} × ${g.bytes} B`))
    .join(' + ');
}

/** ns per byte, to four significant digits. */
function perByte(nsPerByte: number): string {
  return String(Number(nsPerByte.toPrecision(4)));
}

/** How one side's CPU time adds up for one piece sent or received alone (a segment of one). */
function cpuTerms(e: PacketExplanation, piece: PieceGroup): string {
  const profile: CpuProfile = e.cpu.profile;
  if (e.idealHosts) return `0 ns (ideal hosts: profile ${profile.name} charges no CPU)`;
  const terms = [`segment ${formatNs(profile.segmentNs)}`];
  if (e.encap === 'vxlan' || e.encap === 'vxlan-esp') {
    terms.push(`vxlan ${formatNs(profile.vxlanNs)}`);
    // A piece alone is a poll of its own; the built-in profiles have no per-poll cost.
    if (profile.vxlanPollNs > 0) terms.push(`vxlan poll ${formatNs(profile.vxlanPollNs)}`);
  }
  if (e.encap === 'vxlan-esp') terms.push(`${profile.cipher} ${formatNs(profile.cryptoFixedNs)} + ${piece.encryptedBytes} B × ${perByte(profile.cryptoNsPerByte)} ns/B`);
  if (e.encap === 'wireguard') {
    terms.push(`wireguard ${formatNs(profile.wireguardNs)}`);
    terms.push(`chacha20-poly1305 ${formatNs(profile.wireguardCryptoFixedNs)} + ${piece.encryptedBytes} B × ${perByte(profile.wireguardCryptoNsPerByte)} ns/B`);
  }
  const bytes = e.softwareChecksum ? `(copy ${perByte(profile.copyNsPerByte)} + checksum ${perByte(profile.checksumNsPerByte)})` : `copy ${perByte(profile.copyNsPerByte)}`;
  terms.push(`${piece.innerBytes} B × ${bytes} ns/B`);
  return `${formatNs(piece.cpuNs)} ns = ${terms.join(' + ')} (profile ${profile.name})`;
}

/** A full TCP segment: what a CPU-bound stream pays per super-segment or GRO batch. */
function fullSegmentLine(e: PacketExplanation): string | undefined {
  const s = e.fullSegment;
  if (s === undefined || e.idealHosts) return undefined;
  const what = e.cpu.offloads.enabled ? `${plural(s.packets, 'packet')} of ${e.packetBytes} B in one GSO super-segment or GRO batch` : 'offloads off: every packet is its own segment';
  return `${formatNs(Math.round(s.cpuNs))} ns per side for ${what} (${formatNs(Math.round(s.cpuNs / s.packets))} ns a packet)`;
}

/**
 * The application's system calls for the explained packet, which the pieces' CPU leaves out;
 * undefined when the profile charges none (syscallNs 0, as the built-in profiles).
 */
function appCallsLine(e: PacketExplanation): string | undefined {
  const callNs = e.cpu.profile.syscallNs;
  if (e.idealHosts || callNs === 0) return undefined;
  const each = `${formatNs(callNs)} ns each`;
  if (e.kind === 'ping') return `sender 1 write (${each}); the kernel answers, so no read on the receiver`;
  if (e.kind === 'udp-cbr' || e.kind === 'udp-poisson') return `sender 1 write, receiver 1 read, for the whole datagram (${each})`;
  return `1 write per ${APP_CALL_BYTES / 1024} KiB the application writes, 1 read per batch of data queued for the reader, up to ${APP_CALL_BYTES / 1024} KiB (${each})`;
}

function networkLine(e: PacketExplanation): string {
  const underlay = `IPv${e.ipVersion} underlay`;
  if (e.network === '') return `none: host to host over the bare ${underlay}`;
  const df = e.encap === 'none' ? '' : `, outer DF ${e.outerDf ? 'set' : 'clear'}`;
  return `${e.network}: ${STACKS[e.encap]}, ${underlay}${df}`;
}

function pieceLines(e: PacketExplanation, piece: PieceGroup, first: number): string[] {
  const total = e.totals.pieces;
  const label = total === 1 ? 'layers, outermost first' : piece.count === 1 ? `piece ${first} of ${total}` : `pieces ${first}–${first + piece.count - 1} of ${total}`;
  const each = piece.count === 1 ? '' : ' each';
  const lines = [row(1, label, total === 1 ? '' : `${piece.innerBytes} B inner IP packet${each}; layers outermost first`)];
  for (const l of piece.layers) lines.push(row(2, l.layer, bytesCell(l.bytes)));
  lines.push(row(2, 'outer IP packet', bytesCell(piece.outerBytes)));
  if (piece.droppedFragNeeded) {
    lines.push(row(2, 'outer fragments', `dropped: DF set and ${piece.outerBytes} B > link MTU ${e.egressMtuBytes} B ("fragmentation needed")`));
  } else {
    const frags = piece.outerFragmentBytes;
    lines.push(
      row(2, 'outer fragments', frags.length === 1 ? `none (${piece.outerBytes} B ≤ link MTU ${e.egressMtuBytes} B)` : `${frags.length} (DF clear, link MTU ${e.egressMtuBytes} B): ${formatSizes(frags)}`),
    );
    const padding = piece.paddingBytes > 0 ? ` + ${piece.paddingBytes} B padding to the ${e.link.minWireBytes} B minimum` : '';
    const frames = frags.length === 1 ? `1 frame: ${piece.outerBytes} B + ${e.link.framingBytes} B framing${padding}` : `${frags.length} frames, ${e.link.framingBytes} B framing each${padding}`;
    lines.push(row(2, 'on the wire', `${piece.wireBytes} B (${frames})`));
    lines.push(row(2, 'serialisation', `${formatNs(piece.serialisationNs)} ns on ${e.link.name}`));
  }
  lines.push(row(2, 'CPU per side, alone', cpuTerms(e, piece)));
  return lines;
}

function overheadLine(e: PacketExplanation): string {
  const t = e.totals;
  if (t.lost) return 'none: the packet never arrives';
  if (e.payloadBytes === 0) return `${t.overheadBytes} B on the wire for an empty payload`;
  const pct = ((t.overheadBytes / e.payloadBytes) * 100).toFixed(2);
  const share = ((e.payloadBytes / t.wireBytes) * 100).toFixed(2);
  return `${t.overheadBytes} B = ${pct} % of the ${e.payloadBytes} B payload (payload is ${share} % of the wire bytes)`;
}

/** DNS, IPVS and NAT steps of a connection to a service (the packet below is its first connection's). */
function serviceLines(sv: NonNullable<PacketExplanation['service']>, clientHost: string, dst: string): string[] {
  const dns = row(1, 'DNS', `${formatNs(sv.dnsLookupNs)} ns lookup at 127.0.0.11 on ${clientHost} before the connection (no wire; none while a cached answer is valid)`);
  if (sv.mode === 'dnsrr') {
    return [dns, row(1, 'service', `${sv.service} by DNS round robin over ${plural(sv.tasks, 'task')}: the answer starts at ${dst}; no VIP, IPVS or NAT`)];
  }
  return [
    dns,
    row(1, 'service', `${sv.service} by its VIP: ${clientHost}'s IPVS table (${sv.scheduler} over ${plural(sv.tasks, 'task')}) picks a task per connection (here ${dst})`),
    row(1, 'NAT', `${formatNs(sv.ipvsNs)} ns of IPVS and NAT per packet on ${clientHost}, each way, on top of the CPU below`),
  ];
}

/** An external request after the node it reached: IPVS, NAT, the extra hop and the way back. */
function ingressLines(e: PacketExplanation): string[] {
  const ing = e.ingress;
  if (ing === undefined) return [];
  const port = row(1, 'published port', `${ing.service}:${ing.publishedPort}/${ing.protocol} in ${ing.mode} mode; ${e.srcHost} sends to ${ing.node} over the bare underlay (above)`);
  if (ing.mode === 'host') return [port, row(1, 'node', `${ing.task} on ${ing.node} answers on the port itself: no IPVS, no NAT, no extra hop`)];
  const lines = [
    port,
    row(1, 'ingress node', `${ing.node}'s ingress sandbox: IPVS (${ing.scheduler} over all ${plural(ing.tasks, 'task')}, ${ing.tasksOnNode} on ${ing.node}) picks ${ing.task} on ${ing.taskHost}`),
    row(1, 'NAT', `${formatNs(ing.ipvsNs)} ns of IPVS, DNAT and SNAT per packet on ${ing.node}, each way, after receiving it (${formatNs(ing.nodeReceiveCpuNs)} ns per piece alone)`),
  ];
  const hop = e.ingressHop;
  if (hop === undefined) return [...lines, row(1, 'extra hop', `none: ${ing.task} runs on ${ing.node}`)];
  const inner = hop.innerFragmentBytes;
  lines.push(
    row(1, 'extra hop', `${ing.node} → ${ing.taskHost} over the ingress overlay (${hop.encap}, container MTU ${hop.innerMtuBytes} B), ${inner.length === 1 ? 'in one piece' : `in ${inner.length} inner fragments: ${formatSizes(inner)}`}`),
  );
  const onHop = { ...e, encap: hop.encap, link: hop.link, egressMtuBytes: hop.egressMtuBytes };
  let first = 1;
  for (const piece of hop.pieces) {
    lines.push(...pieceLines(onHop, piece, first));
    first += piece.count;
  }
  const cpu = e.idealHosts ? '0 ns (ideal hosts)' : `${formatNs(hop.totals.senderCpuNs)} ns on ${ing.node} and ${formatNs(hop.totals.receiverCpuNs)} ns on ${ing.taskHost}`;
  lines.push(row(1, 'extra hop costs', `${hop.totals.wireBytes} B on the wire, ${formatNs(hop.totals.serialisationNs)} ns serialisation on ${hop.link.name}, CPU ${cpu}, plus the links' propagation`));
  lines.push(row(1, 'reply', `back the same way (the SNAT makes ${ing.task} answer ${ing.node}): ${ing.taskHost} → ${ing.node} over the ingress overlay, NAT undone, then ${ing.node} → ${e.srcHost}`));
  return lines;
}

/** The plain-text, aligned breakdown of one packet, ending with a newline. */
export function formatExplanation(e: PacketExplanation): string {
  const pairs = e.pairCount === 1 ? 'its only pair' : `first of ${e.pairCount} pairs`;
  const end = (name: string, host: string) => (name === host ? name : `${name} on ${host}`);
  const lines = [
    `${e.workload} (${e.kind}), ${pairs}`,
    row(1, 'sender → receiver', `${end(e.src, e.srcHost)} → ${end(e.dst, e.dstHost)}`),
    row(1, 'network and stack', networkLine(e)),
    row(1, e.encap === 'none' ? 'MTU (host link)' : 'container MTU', `${e.innerMtuBytes} B`),
    row(1, 'inner IP packet', `${e.packetBytes} B = ${e.payloadBytes} B payload + ${e.transportHeaderBytes} B ${e.transport} + 20 B IPv4`),
  ];
  if (e.service) lines.push(...serviceLines(e.service, e.srcHost, e.dst));
  if (e.sameHost) {
    const inner = e.innerFragmentBytes;
    const pieces = inner.length === 1 ? '1 piece' : `${inner.length} inner fragments (${formatSizes(inner)})`;
    const cpu = e.idealHosts ? '0 ns CPU (ideal hosts)' : `${formatNs(e.localCpuNs)} ns CPU for ${pieces}, both stacks on the sender's core`;
    lines.push(row(1, 'path', `both on ${e.srcHost}: the host-local path (veth, bridge, veth; no encapsulation, cipher or wire), ${cpu}`));
    const calls = appCallsLine(e);
    if (calls !== undefined) lines.push(row(1, 'CPU, system calls', calls));
    return `${lines.join('\n')}\n`;
  }
  const inner = e.innerFragmentBytes;
  lines.push(
    row(1, 'inner fragments', inner.length === 1 ? `none (${e.packetBytes} B ≤ ${e.innerMtuBytes} B MTU)` : `${inner.length} (${e.packetBytes} B > ${e.innerMtuBytes} B MTU): ${formatSizes(inner)}`),
  );
  lines.push(row(1, 'first link', `${e.link.name}: ${formatRateBps(e.link.rateBps)}, MTU ${e.link.mtuBytes} B, framing ${e.link.framingBytes} B per frame`));
  let first = 1;
  for (const piece of e.pieces) {
    lines.push(...pieceLines(e, piece, first));
    first += piece.count;
  }
  const t = e.totals;
  if (t.lost) lines.push(row(1, 'whole packet', 'lost: the sender drops a piece as "fragmentation needed"'));
  else if (t.pieces > 1 || t.frames > 1) {
    lines.push(row(1, 'whole packet', `${plural(t.pieces, 'piece')}, ${plural(t.frames, 'frame')}, ${t.wireBytes} B on the wire, ${formatNs(t.serialisationNs)} ns serialisation`));
  }
  if (t.pieces > 1 || t.lost) {
    const cpu = t.senderCpuNs === t.receiverCpuNs ? `${formatNs(t.senderCpuNs)} ns per side` : `sender ${formatNs(t.senderCpuNs)} ns, receiver ${formatNs(t.receiverCpuNs)} ns`;
    lines.push(row(1, 'CPU, whole packet', e.idealHosts ? '0 ns (ideal hosts)' : cpu));
  }
  const segment = fullSegmentLine(e);
  if (segment !== undefined) lines.push(row(1, 'CPU, full segment', segment));
  const calls = appCallsLine(e);
  if (calls !== undefined) lines.push(row(1, 'CPU, system calls', calls));
  lines.push(row(1, 'overhead', overheadLine(e)));
  lines.push(...ingressLines(e));
  return `${lines.join('\n')}\n`;
}
