// The UDP and TCP blaster `overlaysim calibrate` runs inside each network namespace it creates,
// as a process of its own (`ip netns exec NS node blaster.js`), kept for the whole calibration
// so no run pays a process start. It reads one JSON command a line on stdin, runs it, bounded
// in count and time, and prints one JSON line: what it handled, the kernel (system) CPU time
// the process spent on it, and its read and write system calls (`syscr` + `syscw` of
// /proc/self/io: read, readv, write and writev, which Node uses on TCP sockets; not sendmsg and
// recvmsg, which it uses once per UDP datagram). A UDP receiver prints `ready` once it listens. Commands:
//   { "run": "udp-recv", "address", "port", "idleMs", "maxMs" }  datagrams until idleMs without one, or maxMs
//   { "run": "udp-send", "address", "port", "payloadBytes", "count", "maxMs" }
//   { "run": "tcp-send", "address", "port", "writeBytes", "totalBytes", "maxMs" }  listens (its own address), then writes
//   { "run": "tcp-recv", "address", "port", "maxMs" }  connects to the sender, reads until the sender ends, or maxMs
// A TCP sender prints `ready` once it listens; the receiver connects, so it can read into one reused buffer.
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { createInterface } from 'node:readline';

/** Bytes the TCP receiver reads at most per call, into one buffer it reuses (Node's own read size, 64 KiB). */
const RECEIVE_BUFFER_BYTES = 65_536;

interface Command {
  run: 'udp-recv' | 'udp-send' | 'tcp-recv' | 'tcp-send';
  address: string;
  port: number;
  maxMs: number;
  idleMs?: number;
  payloadBytes?: number;
  count?: number;
  writeBytes?: number;
  totalBytes?: number;
}

/** Read and write system calls of this process so far (0 where /proc/self/io is missing). */
function ioCalls(): number {
  try {
    const io = readFileSync('/proc/self/io', 'utf8');
    return Number(/syscr: (\d+)/.exec(io)?.[1] ?? 0) + Number(/syscw: (\d+)/.exec(io)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Runs `body`, which calls `done(count)` once; prints the count, the system CPU time and the read and write calls spent. */
function measured(body: (done: (count: number) => void) => void): Promise<void> {
  const start = process.resourceUsage();
  const startCalls = ioCalls();
  return new Promise((resolve) => {
    body((count) => {
      const end = process.resourceUsage();
      const systemUs = end.systemCPUTime - start.systemCPUTime;
      // Reading /proc/self/io takes two read calls of its own (data, then end of file).
      const ioSyscalls = ioCalls() - startCalls - 2;
      process.stdout.write(`${JSON.stringify({ count, systemUs, ioSyscalls })}\n`);
      resolve();
    });
  });
}

function udpRecv(c: Command, done: (count: number) => void): void {
  const socket = createSocket('udp4');
  const startMs = Date.now();
  let count = 0;
  let last = startMs;
  socket.on('message', () => {
    count++;
    last = Date.now();
  });
  socket.bind(c.port, c.address, () => {
    process.stdout.write('ready\n');
    const timer = setInterval(() => {
      const now = Date.now();
      if ((count > 0 && now - last > (c.idleMs ?? 100)) || now - startMs > c.maxMs) {
        clearInterval(timer);
        socket.close(() => done(count));
      }
    }, 10);
  });
}

function udpSend(c: Command, done: (count: number) => void): void {
  const socket = createSocket('udp4');
  const message = Buffer.alloc(c.payloadBytes ?? 64, 0x5a);
  const total = c.count ?? 0;
  const startMs = Date.now();
  const burst = 32;
  let sent = 0;
  socket.connect(c.port, c.address, () => {
    const next = (): void => {
      if (sent >= total || Date.now() - startMs > c.maxMs) return void socket.close(() => done(sent));
      const n = Math.min(burst, total - sent);
      let acknowledged = 0;
      for (let i = 0; i < n; i++) socket.send(message, () => ++acknowledged === n && setImmediate(next));
      sent += n;
    };
    next();
  });
}

/**
 * The receiving end connects to the listening sender and reads into one 64 KiB buffer it reuses
 * (`onread`), as iperf3 does: Node's ordinary reads allocate a fresh buffer per read, and the
 * first touch of each new page is a page fault charged to the receiver as system time, tens of
 * thousands a second that came and went with the garbage collector and the allocator.
 */
function tcpRecv(c: Command, done: (count: number) => void): void {
  let count = 0;
  let finished = false;
  const buffer = Buffer.alloc(RECEIVE_BUFFER_BYTES);
  const socket = connect({
    port: c.port,
    host: c.address,
    onread: {
      buffer,
      callback: (bytes: number) => {
        count += bytes;
        return true;
      },
    },
  });
  const stop = (): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    socket.destroy();
    done(count);
  };
  const timer = setTimeout(stop, c.maxMs);
  socket.on('end', stop);
  socket.on('error', stop);
}

/** The sending end listens, prints `ready`, and writes to the one connection it accepts until `totalBytes` or `maxMs`. */
function tcpSend(c: Command, done: (count: number) => void): void {
  const chunk = Buffer.alloc(c.writeBytes ?? 65_536, 0x5a);
  const total = c.totalBytes ?? 0;
  let sent = 0;
  const server = createServer((socket: Socket) => {
    const startMs = Date.now();
    const pump = (): void => {
      while (sent < total && Date.now() - startMs <= c.maxMs) {
        sent += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
      socket.end();
    };
    socket.on('close', () => server.close(() => done(sent)));
    socket.on('error', (error) => process.stderr.write(`blaster: ${error.message}\n`));
    pump();
  });
  server.listen(c.port, c.address, () => process.stdout.write('ready\n'));
}

const RUNS = { 'udp-recv': udpRecv, 'udp-send': udpSend, 'tcp-recv': tcpRecv, 'tcp-send': tcpSend };

// One command at a time: the next line waits until the running command has printed its result.
let queue = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  const command = JSON.parse(line) as Command;
  const body = RUNS[command.run];
  if (body === undefined) {
    process.stderr.write(`blaster: unknown command ${command.run}\n`);
    process.exit(2);
  }
  queue = queue.then(() => measured((done) => body(command, done)));
});
