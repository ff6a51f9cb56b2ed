/**
 * The practical limit: a node:http server that answers every request with a fixed body from memory.
 * Run as a child process: BODY_BYTES and CONTENT_TYPE set the answer; it prints its port on stdout.
 */
import { createServer } from 'node:http';

const size = Number(process.env.BODY_BYTES ?? 1024);
const contentType = process.env.CONTENT_TYPE ?? 'text/html; charset=utf-8';
const body = Buffer.alloc(size, 'x');

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': contentType, 'content-length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`${address.port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
