// The floor for a whole-process run of scenarios/p2p-udp.yaml: the same packets on a bare
// tinyqueue event loop in plain JavaScript, with no scenario file, models, monitors or result
// files. A source sends a 1472-byte UDP payload (1500-byte IP packet, 2 bytes of PPP framing)
// every 23.552 µs for 10 s over a 1 Gbit/s link with 1 ms delay; each packet is serialised in
// (1500 + 2) × 8 ns and arrives 1 ms after its last bit left. bench/p2p-udp.ts times this file as
// a process beside `overlaysim run`, and checks it created and delivered as many packets.
//
//   node bench/p2p-udp-bare.js     prints {"created":…,"delivered":…,"delayMeanNs":…}
import TinyQueue from 'tinyqueue';

const DURATION_NS = 10e9;
const PAYLOAD_BYTES = 1472;
const IP_BYTES = 1500;
const FRAMING_BYTES = 2;
const RATE_BPS = 500e6;
const LINK_BPS = 1e9;
const DELAY_NS = 1e6;
const INTERVAL_NS = Math.round((PAYLOAD_BYTES * 8 * 1e9) / RATE_BPS);
const SERIALISATION_NS = Math.round(((IP_BYTES + FRAMING_BYTES) * 8 * 1e9) / LINK_BPS);

const SEND = 0;
const ARRIVE = 1;

let seq = 0;
const queue = new TinyQueue([], (a, b) => a.timeNs - b.timeNs || a.seq - b.seq);
const schedule = (timeNs, kind, sentNs) => queue.push({ timeNs, seq: seq++, kind, sentNs });

let created = 0;
let delivered = 0;
let delaySumNs = 0;
/** When the link's transmitter is free again. */
let linkFreeNs = 0;

schedule(0, SEND, 0);
while (queue.length > 0) {
  const event = queue.pop();
  const nowNs = event.timeNs;
  if (nowNs > DURATION_NS) break;
  if (event.kind === SEND) {
    created++;
    // FIFO transmitter: start when the previous packet has left (never later here: 23.552 µs
    // between packets, 12.016 µs each).
    const startNs = Math.max(nowNs, linkFreeNs);
    linkFreeNs = startNs + SERIALISATION_NS;
    schedule(linkFreeNs + DELAY_NS, ARRIVE, nowNs);
    schedule(nowNs + INTERVAL_NS, SEND, 0);
  } else {
    delivered++;
    delaySumNs += nowNs - event.sentNs;
  }
}
process.stdout.write(`${JSON.stringify({ created, delivered, delayMeanNs: delaySumNs / delivered })}\n`);
