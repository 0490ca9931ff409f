/**
 * How long an active open to a host that never answers takes to fail, as Linux does it: the SYN
 * is resent after an initial RTO of 1 s (TCP_TIMEOUT_INIT, RFC 6298 §2.1), each wait doubling,
 * `tcp_syn_retries` times (default 6); the connect fails one more doubled wait after the last
 * resend. Linux's ip-sysctl.txt: with 6 retries the last retransmission is at 63 s and the
 * connection attempt times out after 127 s. (Kernels with `tcp_syn_linear_timeouts`, default 4,
 * keep the first waits at 1 s and time out after 131 s; not modelled.)
 */
export const LINUX_SYN = { initialRtoNs: 1_000_000_000, retries: 6 };

/** Time from the first SYN until the connect fails with no answer, ns: initialRto × (2^(retries+1) − 1). */
export function synGiveUpNs(initialRtoNs: number, retries: number): number {
  return initialRtoNs * (2 ** (retries + 1) - 1);
}
