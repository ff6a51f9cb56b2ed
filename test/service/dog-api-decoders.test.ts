import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { open, mkdtemp, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import type { UpstreamError } from '../../service/upstream-error.js';
import { failureWarnings, serviceOn } from './local-upstream.js';

/** Gzip answers decompressed at once, and those allowed to wait their turn (`DECODERS`, `DECODE_QUEUE` in dog-api.ts). */
const DECODERS = 4;
const DECODE_QUEUE = 64;

/**
 * Occupies every thread of libuv's pool (where zlib decompresses) with an `open()` of a named pipe, which blocks until
 * a writer opens it; `release()` opens each pipe for writing from a child process (the pool is busy, so not from here).
 * While held, no gunzip can finish: the client's decoders fill up in a known state, whatever the machine's load.
 */
async function holdThreadPool(): Promise<{ release(): Promise<void> }> {
  const threads = Math.max(1, Number(process.env.UV_THREADPOOL_SIZE) || 4);
  const dir = await mkdtemp(path.join(tmpdir(), 'decoders-'));
  const pipes = Array.from({ length: threads }, (_, i) => path.join(dir, `pipe-${i}`));
  execFileSync('mkfifo', pipes);
  const readers: Promise<FileHandle>[] = pipes.map((p) => open(p, 'r'));
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      const writer = spawn('sh', ['-c', 'for p in "$@"; do : > "$p"; done', 'sh', ...pipes], { stdio: 'ignore' });
      await once(writer, 'exit');
      for (const handle of await Promise.all(readers)) await handle.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

describe('Dog API client: gzip answers waiting to be decompressed', () => {
  it(`past ${DECODERS} decompressing and ${DECODE_QUEUE} waiting, a call fails at once as unavailable, and the others are read`, async () => {
    const images = (breed: string) => [`https://images.dog.ceo/breeds/${breed}/1.jpg`];
    const u = await serviceOn(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzipSync(JSON.stringify({ status: 'success', message: images('pug') })));
      },
      { upstreamTimeoutMs: 30_000, upstreamAttemptTimeoutMs: 30_000, breakerThreshold: 1000 },
    );
    const pool = await holdThreadPool();
    try {
      const calls = DECODERS + DECODE_QUEUE + 1;
      let firstFailure!: (err: UpstreamError) => void;
      const failed = new Promise<UpstreamError>((resolve) => (firstFailure = resolve));
      const results = Array.from({ length: calls }, () =>
        u.t.service.app.dogApi.breedImages({ main: 'pug' }).then(
          (list) => ({ list }),
          (err: UpstreamError) => (firstFailure(err), { err }),
        ),
      );
      // A guard against a hang only (the pool must be given back whatever happens), not a time assertion.
      let guard: NodeJS.Timeout | undefined;
      const hung = new Promise<undefined>((resolve) => (guard = setTimeout(resolve, 20_000, undefined)));
      const err = await Promise.race([failed, hung]);
      clearTimeout(guard);
      expect(err, 'one call refused while the others wait').not.to.equal(undefined);
      expect([err!.kind, err!.message, err!.status]).to.deep.equal(['unavailable', 'too many answers waiting to be decompressed', 502]);
      await pool.release();
      const settled = await Promise.all(results);
      expect(settled.filter((r) => 'err' in r)).to.have.length(1);
      expect(settled.filter((r) => 'list' in r).map((r) => r.list)).to.deep.equal(Array(calls - 1).fill(images('pug')));
      expect(failureWarnings(u.t)).to.deep.equal([['breed_images', 'unavailable', 'too many answers waiting to be decompressed']]);
    } finally {
      await pool.release();
      await u.close();
    }
  });
});
