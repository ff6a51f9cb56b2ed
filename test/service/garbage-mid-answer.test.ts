import net from 'node:net';
import { once } from 'node:events';
import { expect } from 'chai';
import { until } from './process.js';
import { startTestService } from './support.js';

/** `count` distinct sub-breed names of the longest length a Dog API name may have (32 letters). */
function longNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    let tail = '';
    for (let n = i, k = 0; k < 6; k++, n = Math.floor(n / 26)) tail += String.fromCharCode(97 + (n % 26));
    return 'a'.repeat(26) + tail;
  });
}

describe('server: bytes that are not HTTP while an answer is still being sent', function () {
  this.timeout(60_000);

  it('cut the connection: no status line is written into the middle of the answer', async () => {
    // A breed list of about 7 MB, so that its answer cannot all be handed to the kernel while the client does not read.
    const t = await startTestService({ upstreamMaxBodyBytes: 32 * 1024 * 1024, upstreamTimeoutMs: 20_000, upstreamAttemptTimeoutMs: 20_000 }, { breeds: { hound: longNames(200_000) } });
    try {
      const preload = await fetch(`${t.url}/api/breeds`);
      expect(preload.status).to.equal(200);
      await preload.arrayBuffer();

      const accepted = new Promise<net.Socket>((resolve) => t.service.server.once('connection', resolve));
      const client = net.connect(Number(new URL(t.url).port), '127.0.0.1');
      client.on('error', () => undefined);
      client.pause();
      await once(client, 'connect');
      const serverSide = await accepted;
      client.write('GET /api/breeds HTTP/1.1\r\nHost: x\r\n\r\n');
      await until(() => serverSide.writableLength > 0, 'the answer to wait for the client to read', 20_000);
      client.write('NOT HTTP\r\n\r\n');
      await until(() => t.logs.some((l) => l.msg === 'malformed request refused'), 'the bytes to be refused', 20_000);

      const chunks: Buffer[] = [];
      client.on('data', (chunk: Buffer) => chunks.push(chunk));
      client.resume();
      await once(client, 'close');
      const received = Buffer.concat(chunks).toString('latin1');
      expect(received).to.match(/^HTTP\/1\.1 200 OK\r\n/);
      const head = received.slice(0, received.indexOf('\r\n\r\n'));
      const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1]);
      expect(length).to.be.above(6_000_000);
      expect(received.length - head.length - 4, 'the answer is cut short').to.be.below(length);
      expect(received).not.to.include('HTTP/1.1 400');
    } finally {
      await t.close();
    }
  });
});
