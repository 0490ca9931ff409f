import { describe, expect, it } from 'vitest';
import { summarise } from '../../report/summary.ts';
import { loadScenario } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';
import { CPU_PROFILES } from './cpu-profile.ts';

/**
 * scenarios/kernel-veth.yaml with the shipped default profile (aesni), against the Linux kernel:
 * one CPU-bound TCP stream over veth on a 2-vCPU VM gave VXLAN/plain throughput 0.85 with
 * offloads on and 0.40 off, and VXLAN/plain CPU per GB 1.15 on and 2.6 off (issue 11). The
 * profile's constants come from the reference's UDP-per-datagram measurements (see
 * cpu-profile.ts), not from these ratios; the ratios follow from the mechanism: with offloads
 * VXLAN is paid once per 64 KiB super-segment and GRO batch, without them once per packet.
 * Tolerance: 15%, as the issue sets it (the kernel figures come from a noisy shared VM).
 */
const REFERENCE = { on: { throughput: 0.85, cpuPerGB: 1.15 }, off: { throughput: 0.4, cpuPerGB: 2.6 } };
const TOLERANCE = 0.15;

async function runVariant(name: string) {
  const variant = loadScenario('scenarios/kernel-veth.yaml').variants.find((v) => v.name === name);
  if (variant === undefined) throw new Error(`no variant ${name}`);
  return summarise(await runScenario(variant.resolved)).totals;
}

describe('kernel-veth: VXLAN against plain veth, default profile', () => {
  it.each(['on', 'off'] as const)('offloads %s: throughput and CPU-per-GB ratios within 15% of the kernel’s', async (mode) => {
    const plain = await runVariant(`plain-${mode}`);
    const vxlan = await runVariant(`vxlan-${mode}`);
    // CPU-bound: both variants keep a core fully busy, so the ratios measure CPU cost, not the link.
    expect(plain.busiestCoreUtilisation).toBeGreaterThan(0.99);
    expect(vxlan.busiestCoreUtilisation).toBeGreaterThan(0.99);
    const throughput = vxlan.goodputBps / plain.goodputBps;
    const cpuPerGB = vxlan.cpuSecondsPerGB / plain.cpuSecondsPerGB;
    console.log(`offloads ${mode}: VXLAN/plain throughput ${throughput.toFixed(3)} (kernel ${REFERENCE[mode].throughput}), CPU per GB ${cpuPerGB.toFixed(3)} (kernel ${REFERENCE[mode].cpuPerGB})`);
    expect(Math.abs(throughput / REFERENCE[mode].throughput - 1)).toBeLessThan(TOLERANCE);
    expect(Math.abs(cpuPerGB / REFERENCE[mode].cpuPerGB - 1)).toBeLessThan(TOLERANCE);
  });

  it('offloads off: plain goodput is one core’s capacity, 1e9 / (data + ACK / 2) segments/s, within 1%', async () => {
    // Every packet a segment of its own. Per data segment a core pays one 1500 B packet
    // (1986 + 1500 × 0.449 ns) and half a 52 B ACK (1986 + 52 × 0.449 ns): 3664.2 ns, so
    // 272 911 segments/s × 1448 B × 8 = 3.161 Gbit/s. The 1% covers slow start's first
    // milliseconds and the segments still in flight at the end of the 100 ms run.
    const aesni = CPU_PROFILES.aesni;
    if (aesni === undefined) throw new Error('no aesni');
    const perSegmentNs = aesni.segmentNs + 1500 * aesni.copyNsPerByte + (aesni.segmentNs + 52 * aesni.copyNsPerByte) / 2;
    expect(perSegmentNs).toBeCloseTo(3664.2, 1);
    const plain = await runVariant('plain-off');
    expect(Math.abs(plain.goodputBps / ((1e9 / perSegmentNs) * 1448 * 8) - 1)).toBeLessThan(0.01);
  });
});
