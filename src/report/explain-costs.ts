import { isIdeal } from '../model/host/cpu-profile.ts';
import { stackCostParts } from '../model/host/stack-cost.ts';
import type { Encapsulation } from '../model/overlay/encapsulation.ts';
import type { ResolvedHostCpu } from '../scenario/resolve-hosts.ts';
import { textTableLines } from './text-table.ts';
import { APP_CALL_BYTES } from '../model/transport/app-writes.ts';

const STACKS: readonly Encapsulation[] = ['none', 'vxlan', 'vxlan-esp', 'wireguard'];

function ns(value: number): string {
  return `${Number(value.toFixed(1))} ns`;
}

function perByte(value: number): string {
  return value === 0 ? '—' : `${Number(value.toPrecision(4))} ns/B`;
}

/**
 * The host cost model of a scenario, stack by stack: what one side pays once per segment (a
 * GSO super-segment, a GRO batch, or a packet alone), per wire packet where no offload
 * applies, per byte of inner packet, and per byte through the cipher; then the system call
 * every application write or read pays, whatever the stack. Ends with a newline.
 */
export function formatStackCosts(hostCpu: ResolvedHostCpu): string {
  const { profile, offloads } = hostCpu;
  if (isIdeal(profile)) return `CPU cost per side: none (profile ${profile.name}: ideal hosts)\n`;
  const segments = offloads.enabled ? `segments up to ${offloads.gsoMaxBytes} B and ${offloads.napiBudgetPackets} packets` : 'every packet its own segment';
  const tunnel = offloads.enabled ? `, tunnel offload ${offloads.tunnel ? 'on' : 'off'}` : '';
  // ICMP always checksums in software; this table is for TCP and UDP.
  const checksum = !offloads.enabled;
  const header = ['stack', 'per segment', 'per packet', 'per byte', 'cipher per byte'];
  const rows = STACKS.map((encap) => {
    const p = stackCostParts(profile, offloads.tunnel, encap, checksum);
    return [encap, ns(p.perSegmentNs), ns(p.perPacketNs), perByte(p.perByteNs), perByte(p.perCipherByteNs)];
  });
  return [
    `CPU cost per side by stack (profile ${profile.name}; offloads ${offloads.enabled ? 'on' : 'off'}${tunnel}; ${segments})`,
    ...textTableLines(header, rows),
    `  per application write or read, any stack: ${ns(profile.syscallNs)}${profile.syscallNs === 0 ? ' (not split out: inside per segment)' : ''}; one system call each: a UDP datagram is one write and one read, a TCP stream one each per ${APP_CALL_BYTES / 1024} KiB at most`,
    `  per NAPI poll on the VXLAN paths (vxlan, vxlan-esp): ${ns(profile.vxlanPollNs)}${profile.vxlanPollNs === 0 ? ' (not split out: inside per segment and per packet)' : ''}; a poll is a batch of up to ${hostCpu.offloads.napiBudgetPackets} packets a core takes back to back`,
    '  a segment of k packets and B bytes costs: per segment + k × per packet + B × per byte (+ cipher bytes × cipher per byte)',
  ]
    .join('\n')
    .concat('\n');
}
