// The UDP blaster `overlaysim calibrate` runs inside the network namespaces it creates, as a
// process of its own (`ip netns exec NS node udp-blaster.js ...`). Bounded in count and time.
// It prints one JSON line: datagrams handled and the kernel (system) CPU time spent.
//   recv <address> <port> <idleMs> <maxMs>      counts datagrams until idleMs without one, or maxMs
//   send <address> <port> <payloadBytes> <count> <maxMs>
import { createSocket } from 'node:dgram';

const [role, address, portText, ...rest] = process.argv.slice(2);
const port = Number(portText);
const args = rest.map(Number);
const socket = createSocket('udp4');
const start = process.resourceUsage();
const startMs = Date.now();

function finish(count: number): void {
  const end = process.resourceUsage();
  process.stdout.write(`${JSON.stringify({ count, systemUs: end.systemCPUTime - start.systemCPUTime, userUs: end.userCPUTime - start.userCPUTime })}\n`);
  socket.close();
}

if (role === 'recv') {
  const [idleMs = 300, maxMs = 5000] = args;
  let count = 0;
  let last = Date.now();
  socket.on('message', () => {
    count++;
    last = Date.now();
  });
  socket.bind(port, address, () => {
    process.stdout.write('ready\n');
    const timer = setInterval(() => {
      const now = Date.now();
      if ((count > 0 && now - last > idleMs) || now - startMs > maxMs) {
        clearInterval(timer);
        finish(count);
      }
    }, 20);
  });
} else if (role === 'send') {
  const [payloadBytes = 64, total = 0, maxMs = 0] = args;
  const message = Buffer.alloc(payloadBytes, 0x5a);
  const burst = 32;
  let sent = 0;
  socket.connect(port, address, () => {
    const next = (): void => {
      if (sent >= total || Date.now() - startMs > maxMs) return finish(sent);
      const n = Math.min(burst, total - sent);
      let done = 0;
      for (let i = 0; i < n; i++) {
        socket.send(message, () => {
          if (++done === n) setImmediate(next);
        });
      }
      sent += n;
    };
    next();
  });
} else {
  process.stderr.write(`udp-blaster: unknown role ${role}\n`);
  process.exit(2);
}
