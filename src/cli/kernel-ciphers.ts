import { run } from './testbed.ts';

/** What this kernel can do of the encrypted overlays: for each, undefined when it can, else why not. */
export interface KernelCiphers {
  /** ESP with AES-GCM (`rfc4106(gcm(aes))`), as Docker's encrypted overlay sets up with `ip xfrm`. */
  esp: string | undefined;
  /** A WireGuard device (`ip link add … type wireguard`). */
  wireguard: string | undefined;
}

/** A throwaway 128-bit AES key and 32-bit salt, and the 128-bit ICV Docker uses. */
const GCM_KEY_AND_SALT = `0x${'11'.repeat(20)}`;
const ICV_BITS = '128';

/**
 * Asks the kernel, in a network namespace of its own deleted after, whether it can run Docker's
 * ESP (an xfrm state with the AEAD `rfc4106(gcm(aes))`; a kernel without it answers "Requested
 * AEAD algorithm not found") and a WireGuard device (without the module: "Unknown device type").
 * Needs root and `ip`, as the stack timing does. Nothing is timed: calibrate fits both ciphers
 * from the in-process AEAD timing only, and says which of them this kernel could not have run.
 */
export function probeKernelCiphers(): KernelCiphers {
  const ns = `osim-${process.pid}-ciphers`;
  const added = run('ip', ['netns', 'add', ns]);
  if (!added.ok) return { esp: `\`ip netns add\` failed: ${added.error}`, wireguard: `\`ip netns add\` failed: ${added.error}` };
  try {
    const esp = run('ip', [
      ...['-n', ns, 'xfrm', 'state', 'add', 'src', '192.0.2.1', 'dst', '192.0.2.2', 'proto', 'esp', 'spi', '0x1000', 'reqid', '1', 'mode', 'transport'],
      ...['aead', 'rfc4106(gcm(aes))', GCM_KEY_AND_SALT, ICV_BITS],
    ]);
    const wireguard = run('ip', ['-n', ns, 'link', 'add', 'wg0', 'type', 'wireguard']);
    return {
      esp: esp.ok ? undefined : `ip xfrm state add … aead rfc4106(gcm(aes)): ${oneLine(esp.error)}`,
      wireguard: wireguard.ok ? undefined : `ip link add … type wireguard: ${oneLine(wireguard.error)}`,
    };
  } finally {
    run('ip', ['netns', 'del', ns]);
  }
}

/** An error text on one line, without iproute2's "Error: " prefix. */
function oneLine(text: string): string {
  return text.replace(/^Error: /, '').replace(/\s*\n\s*/g, '; ');
}
