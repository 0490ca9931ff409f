import { spawnSync } from 'node:child_process';

/** Which path a measurement crosses: plain veth between the hosts, or the container path over VXLAN. */
export type TimedStack = 'none' | 'vxlan';

/**
 * Offload features `calibrate` turns on or off together (`ethtool -K` names), with the name
 * `ethtool -k` shows them by: tx and rx checksum, TSO, GSO, GRO, and UDP-tunnel segmentation.
 */
const OFFLOAD_FEATURES = {
  tx: 'tx-checksumming',
  rx: 'rx-checksumming',
  tso: 'tcp-segmentation-offload',
  gso: 'generic-segmentation-offload',
  gro: 'generic-receive-offload',
  'tx-udp_tnl-segmentation': 'tx-udp_tnl-segmentation',
} as const;

/** Addresses live only inside the namespaces this module creates. */
const UNDERLAY = ['192.168.250.1', '192.168.250.2'] as const;
const OVERLAY = ['192.168.251.1', '192.168.251.2'] as const;
/** Docker's overlay: VNI ≥ 4096, UDP port 4789, container MTU 1450 over a 1500 underlay (shared/reference §1.2, §1.3). */
const VNI = '4097';
const VXLAN_PORT = '4789';
const CONTAINER_MTU = '1450';

/** Result of one command: whether it exited 0, and its error text. */
export function run(command: string, args: string[]): { ok: boolean; error: string; stdout: string } {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  return { ok: r.status === 0, error: r.error ? r.error.message : (r.stderr ?? '').trim(), stdout: r.stdout ?? '' };
}

/** Why `ethtool` cannot toggle offloads here, or undefined when it is installed. */
export function whyOffloadsCannotBeToggled(): string | undefined {
  const r = run('ethtool', ['--version']);
  return r.ok ? undefined : 'ethtool is not installed, so offloads stay as the kernel sets them (on for veth and VXLAN)';
}

/** A device in a namespace; `label` names it in reports the same on both sides. */
interface Device {
  ns: string;
  dev: string;
  label?: string;
}

/** Packet counters of a device (`ip -s link`): skbs, so one GSO super-segment or GRO batch counts once. */
interface DeviceCounters {
  txPackets: number;
  rxPackets: number;
}

/**
 * Two hosts and a container on each, laid out as Docker's overlay (shared/reference §1.4 and
 * §7): per side a host namespace `h` holding one end of the underlay veth, an overlay sandbox
 * namespace `ov` holding the bridge `br0`, the `vx0` VXLAN device (created in `h`, so its UDP
 * socket stays in the host's namespace, then moved into `ov`) and one end of the container's
 * veth, and a container namespace `c` holding the other end, `eth0`. Plain traffic runs between
 * the `h` namespaces; overlay traffic between the `c` namespaces: container veth → br0 → vx0 →
 * underlay veth, and back up on the far side.
 */
export class Testbed {
  private readonly tag = `osim-${process.pid}`;
  readonly hosts = [`${this.tag}-h1`, `${this.tag}-h2`] as const;
  readonly sandboxes = [`${this.tag}-ov1`, `${this.tag}-ov2`] as const;
  readonly containers = [`${this.tag}-c1`, `${this.tag}-c2`] as const;
  private readonly underlayDevs = [`osu${process.pid % 100000}a`, `osu${process.pid % 100000}b`] as const;

  setUp(): void {
    const [u1, u2] = this.underlayDevs;
    const steps: string[][] = [...this.hosts, ...this.sandboxes, ...this.containers].map((ns) => ['netns', 'add', ns]);
    steps.push(['link', 'add', u1, 'type', 'veth', 'peer', 'name', u2], ['link', 'set', u1, 'netns', this.hosts[0]], ['link', 'set', u2, 'netns', this.hosts[1]]);
    for (const side of [0, 1] as const) {
      const h = this.hosts[side];
      const ov = this.sandboxes[side];
      const c = this.containers[side];
      const u = this.underlayDevs[side];
      steps.push(
        ...[h, ov, c].map((ns) => ['-n', ns, 'link', 'set', 'lo', 'up']),
        ['-n', h, 'addr', 'add', `${UNDERLAY[side]}/24`, 'dev', u],
        ['-n', h, 'link', 'set', u, 'up'],
        ['-n', h, 'link', 'add', 'vx0', 'type', 'vxlan', 'id', VNI, 'local', UNDERLAY[side], 'remote', UNDERLAY[1 - side] as string, 'dstport', VXLAN_PORT, 'dev', u],
        ['-n', h, 'link', 'set', 'vx0', 'netns', ov],
        ['-n', ov, 'link', 'add', 'br0', 'type', 'bridge'],
        ['-n', ov, 'link', 'set', 'vx0', 'mtu', CONTAINER_MTU, 'master', 'br0'],
        ['-n', ov, 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', c],
        ['-n', ov, 'link', 'set', 'veth0', 'mtu', CONTAINER_MTU, 'master', 'br0'],
        ['-n', ov, 'link', 'set', 'br0', 'up'],
        ['-n', ov, 'link', 'set', 'vx0', 'up'],
        ['-n', ov, 'link', 'set', 'veth0', 'up'],
        ['-n', c, 'link', 'set', 'eth0', 'mtu', CONTAINER_MTU],
        ['-n', c, 'addr', 'add', `${OVERLAY[side]}/24`, 'dev', 'eth0'],
        ['-n', c, 'link', 'set', 'eth0', 'up'],
      );
    }
    for (const step of steps) {
      const r = run('ip', step);
      if (!r.ok) throw new Error(`ip ${step.join(' ')}: ${r.error}`);
    }
  }

  /** Deleting the namespaces deletes every device in them; the underlay pair too if set-up failed before moving it. */
  tearDown(): void {
    for (const ns of [...this.containers, ...this.sandboxes, ...this.hosts]) run('ip', ['netns', 'del', ns]);
    run('ip', ['link', 'del', this.underlayDevs[0]]);
  }

  /** Namespace the sender (side 0) or receiver (side 1) of `stack` runs in, and the receiver's address. */
  endpoint(stack: TimedStack, side: 0 | 1): { ns: string; address: string } {
    return stack === 'none' ? { ns: this.hosts[side], address: UNDERLAY[side] } : { ns: this.containers[side], address: OVERLAY[side] };
  }

  /** The device a side's own stack sends from and receives on: the underlay veth, or the container's eth0. */
  private stackDevice(stack: TimedStack, side: 0 | 1): Device {
    return stack === 'none' ? { ns: this.hosts[side], dev: this.underlayDevs[side] } : { ns: this.containers[side], dev: 'eth0' };
  }

  /** Packet counters of the device a side's stack uses for `stack`. */
  counters(stack: TimedStack, side: 0 | 1): DeviceCounters {
    const { ns, dev } = this.stackDevice(stack, side);
    const r = run('ip', ['-n', ns, '-s', '-j', 'link', 'show', 'dev', dev]);
    if (!r.ok) throw new Error(`ip -n ${ns} -s link show dev ${dev}: ${r.error}`);
    const stats = (JSON.parse(r.stdout) as { stats64: { tx: { packets: number }; rx: { packets: number } } }[])[0]?.stats64;
    if (stats === undefined) throw new Error(`no counters for ${dev} in ${ns}`);
    return { txPackets: stats.tx.packets, rxPackets: stats.rx.packets };
  }

  /** Every device of both paths. */
  private devices(): Device[] {
    return [0, 1].flatMap((side) => [
      { ns: this.hosts[side] as string, dev: this.underlayDevs[side] as string, label: 'the underlay veth' },
      { ns: this.sandboxes[side] as string, dev: 'vx0' },
      { ns: this.sandboxes[side] as string, dev: 'br0' },
      { ns: this.sandboxes[side] as string, dev: 'veth0' },
      { ns: this.containers[side] as string, dev: 'eth0' },
    ]);
  }

  /** The {@link OFFLOAD_FEATURES} a device can change, and whether each is on (`ethtool -k`). */
  private readOffloads({ ns, dev }: Device): Map<string, boolean> {
    const shown = run('ip', ['netns', 'exec', ns, 'ethtool', '-k', dev]).stdout.split('\n');
    const states = new Map<string, boolean>();
    for (const [feature, name] of Object.entries(OFFLOAD_FEATURES)) {
      const line = shown.find((l) => l.startsWith(`${name}:`));
      if (line !== undefined && !line.includes('[fixed]')) states.set(feature, line.startsWith(`${name}: on`));
    }
    return states;
  }

  /** Offload states as the kernel created the devices, read by {@link recordDefaultOffloads}. */
  private defaults: Map<string, boolean>[] = [];

  /**
   * Reads the offloads every device has as the kernel creates it (its defaults: checksum, TSO,
   * GSO on; GRO on for VXLAN, off for veth); returns those off by default as `feature on device`.
   */
  recordDefaultOffloads(): string[] {
    const devices = this.devices();
    this.defaults = devices.map((d) => this.readOffloads(d));
    const off = devices.flatMap((d, i) => [...(this.defaults[i] as Map<string, boolean>)].filter(([, on]) => !on).map(([f]) => `${f} on ${d.label ?? d.dev}`));
    return [...new Set(off)];
  }

  /**
   * Turns the {@link OFFLOAD_FEATURES} off on every device of both paths, or back to the kernel's
   * defaults (`ethtool -K`), then reads them back (`ethtool -k`). A feature fixed on a device (a
   * bridge's rx checksum, a VXLAN device's tunnel segmentation) is left as it is; returns the
   * others that did not take the requested state, as `feature on device`.
   */
  setOffloads(on: boolean): string[] {
    const refused: string[] = [];
    this.devices().forEach((device, i) => {
      const wanted = [...(this.defaults[i] ?? new Map<string, boolean>())].map(([f, byDefault]) => [f, on && byDefault] as const);
      run('ip', ['netns', 'exec', device.ns, 'ethtool', '-K', device.dev, ...wanted.flatMap(([f, state]) => [f, state ? 'on' : 'off'])]);
      const now = this.readOffloads(device);
      for (const [f, state] of wanted) if (now.get(f) !== state) refused.push(`${f} on ${device.label ?? device.dev}`);
    });
    return [...new Set(refused)];
  }
}
