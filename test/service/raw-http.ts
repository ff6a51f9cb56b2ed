import http from 'node:http';
import net from 'node:net';

/** An answer as it came off the wire (node:http client, no body decoding or HEAD special-casing of fetch). */
export interface RawAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  /** Body bytes actually received. */
  readonly body: Buffer;
  readonly ms: number;
}

/** One request with node:http, on its own connection. */
export function rawRequest(url: string, method: string, path: string, options: { headers?: http.OutgoingHttpHeaders; body?: string | Buffer } = {}): Promise<RawAnswer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, url), { method, headers: { connection: 'close', ...options.headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - started }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Bytes written as given on a fresh TCP connection; resolves with everything received until the server closes it. */
export function rawExchange(url: string, write: (socket: net.Socket) => void, maxMs = 30_000): Promise<{ received: string; ms: number; closed: boolean }> {
  const { hostname, port } = new URL(url);
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname, () => write(socket));
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ received, ms: performance.now() - started, closed: false });
    }, maxMs);
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ received, ms: performance.now() - started, closed: true });
    });
  });
}
