import { createCipheriv, randomBytes } from 'node:crypto';

/** The AEADs `overlaysim calibrate` measures: ESP's AES-GCM and WireGuard's ChaCha20-Poly1305. */
export type AeadCipher = 'aes-128-gcm' | 'chacha20-poly1305';

/** Every cipher measured, in report order. */
export const AEAD_CIPHERS: readonly AeadCipher[] = ['aes-128-gcm', 'chacha20-poly1305'];

/** Key length of each cipher, bytes. */
const KEY_BYTES: Record<AeadCipher, number> = { 'aes-128-gcm': 16, 'chacha20-poly1305': 32 };
/** Nonce (IV) length, bytes: 12 for both, as ESP (salt + IV) and WireGuard use. */
export const NONCE_BYTES = 12;
/** Authentication tag length, bytes. */
export const TAG_BYTES = 16;
/** Target CPU time of one batch of messages between clock reads, ns. */
const BATCH_TARGET_NS = 1e6;

/** Process CPU time (user + system), ns. */
function cpuNowNs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

/**
 * A per-message sealer of `sizeBytes` messages: each call creates a cipher with a random key
 * and a 12-byte IV (both drawn once), runs update and final, and reads the 16-byte tag, as a
 * per-packet AEAD does. The key and IV are reused across calls: the data is throwaway.
 */
export function makeSealer(cipher: AeadCipher, sizeBytes: number): () => number {
  const key = randomBytes(KEY_BYTES[cipher]);
  const iv = randomBytes(NONCE_BYTES);
  const message = randomBytes(sizeBytes);
  return () => {
    // Two calls with the same arguments: TypeScript picks createCipheriv's overload per literal type.
    const c = cipher === 'chacha20-poly1305' ? createCipheriv(cipher, key, iv, { authTagLength: TAG_BYTES }) : createCipheriv(cipher, key, iv, { authTagLength: TAG_BYTES });
    c.update(message);
    c.final();
    return c.getAuthTag()[0] as number;
  };
}

/** A sealer with the batch size that makes one batch last about a millisecond of CPU. */
export interface TimedSealer {
  seal: () => number;
  batch: number;
}

/** Runs `seal` for about `warmupMs` of CPU time and picks its batch size from the rate seen. */
export function warmUp(seal: () => number, warmupMs: number): TimedSealer {
  const startNs = cpuNowNs();
  let nowNs = startNs;
  let count = 0;
  do {
    seal();
    count++;
    nowNs = cpuNowNs();
  } while (nowNs - startNs < warmupMs * 1e6);
  const perMessageNs = (nowNs - startNs) / count;
  return { seal, batch: Math.max(1, Math.round(BATCH_TARGET_NS / perMessageNs)) };
}

/** Seals messages in batches until `budgetMs` of CPU time has passed; returns CPU ns per message. */
export function cpuNsPerMessage(sealer: TimedSealer, budgetMs: number): number {
  const startNs = cpuNowNs();
  let nowNs = startNs;
  let count = 0;
  let sink = 0;
  do {
    for (let i = 0; i < sealer.batch; i++) sink ^= sealer.seal();
    count += sealer.batch;
    nowNs = cpuNowNs();
  } while (nowNs - startNs < budgetMs * 1e6);
  if (sink === -1) throw new Error('unreachable');
  return (nowNs - startNs) / count;
}
