/**
 * The framework's floor: a Koa app that answers every request with the service's own response (the same body and
 * the same headers, security headers included) from memory, with nothing else in between. What the service does
 * beyond this (routing, caching, rendering, logging, metrics) is its own cost; the gap to the node:http limit is
 * Koa's and the headers'. Run as a child process: SAMPLE_FILE names a JSON file `{ headers, body }` (body in
 * base64); it prints its port on stdout.
 */
import { readFileSync } from 'node:fs';
import Koa from 'koa';

const sample = JSON.parse(readFileSync(process.env.SAMPLE_FILE ?? '', 'utf8')) as { headers: Record<string, string>; body: string };
const text = Buffer.from(sample.body, 'base64').toString('utf8');
const headers = Object.entries(sample.headers);

const app = new Koa();
app.use((ctx) => {
  for (const [name, value] of headers) ctx.set(name, value);
  ctx.body = text;
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`${address.port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
