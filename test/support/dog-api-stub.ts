/**
 * A stand-in for the Dog API (dog.ceo): a real HTTP server on 127.0.0.1 with dog.ceo's routes and answer shapes,
 * a realistic breed list with sub-breeds, image URLs that point back at the stub (which serves small real PNGs, so
 * browsers load them offline), and switchable faults. Tests, benchmarks and the Prometheus test all start it.
 *
 *   const stub = await startDogApiStub();
 *   // DOG_API_URL = stub.url
 *   stub.setFault('503');            // every /api/ answer is now a 503
 *   stub.setFault('slow', { delayMs: 3000, paths: /\/images$/ });
 *   stub.setFault(undefined);        // healthy again
 *   stub.callCount('/api/breed/hound/images'); stub.requests; await stub.close();
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { once } from 'node:events';
import { brotliCompressSync, constants as zlibConstants, crc32, deflateSync, gzipSync } from 'node:zlib';

/** Every fault the stub can play. */
export const DOG_API_FAULTS = [
  'slow',
  'hang',
  '500',
  '503',
  '429',
  'bad-json',
  'html',
  'wrong-shape',
  'javascript-url',
  'reset',
  'huge-body',
  'drip',
  'gzip-bomb',
  'brotli-bomb',
  'bad-chunking',
  'redirect-loop',
  'endless-headers',
] as const;
export type DogApiFault = (typeof DOG_API_FAULTS)[number];

export interface FaultOptions {
  /** `slow`: how long to wait before answering normally. @default 10000 */
  readonly delayMs?: number;
  /** `429`: the `Retry-After` header, in seconds. @default 1 */
  readonly retryAfterSeconds?: number;
  /** `huge-body`: bytes of (valid) JSON streamed without a Content-Length. @default 8 MiB */
  readonly hugeBytes?: number;
  /** `gzip-bomb`, `brotli-bomb`: bytes the (valid JSON) answer decompresses to. @default 64 MiB */
  readonly bombBytes?: number;
  /** `gzip-bomb`: state a small decompressed size in the gzip trailer, as a hostile server may. @default false */
  readonly lieAboutSize?: boolean;
  /** `drip`: pause between two bytes of the answer. @default 50 */
  readonly dripMs?: number;
  /** Which request paths the fault applies to. @default every path under /api/ */
  readonly paths?: RegExp;
}

export interface StubOptions {
  /** Latency added to every /api/ answer, to look like a real network. @default 0 */
  readonly delayMs?: number;
  /** The breed list to serve (main → sub-breeds). @default a copy of dog.ceo's list as of 2026 */
  readonly breeds?: Record<string, string[]>;
  /** Images per leaf breed. @default 3 */
  readonly imagesPerBreed?: number;
}

/** One request the stub received. `path` is the raw request target, exactly as sent. */
export interface StubRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
}

export interface DogApiStub {
  /** Base URL to use as DOG_API_URL, e.g. `http://127.0.0.1:40123`; also the origin of every image. */
  readonly url: string;
  /** The breed list served. */
  readonly breeds: Readonly<Record<string, readonly string[]>>;
  /** Requests received, oldest first (image downloads included). */
  readonly requests: readonly StubRequest[];
  /** Requests received, counted by path (without query). */
  readonly calls: ReadonlyMap<string, number>;
  /** Requests whose path (without query) equals `path`, or matches it when a RegExp; all requests when omitted. */
  callCount(path?: string | RegExp): number;
  /** Switches a fault on (replacing any other), or off with `undefined`. */
  setFault(fault: DogApiFault | undefined, options?: FaultOptions): void;
  /** Latency added to every /api/ answer from now on. */
  setDelay(ms: number): void;
  /** The image URLs served for a breed key such as `husky` or `hound/afghan`. */
  imagesOf(breed: string): string[];
  /** Forgets recorded requests and switches faults off. */
  reset(): void;
  /** Stops the server, cutting hung and slow requests. */
  close(): Promise<void>;
}

/** dog.ceo's breed list (2026): the names, the sub-breeds and the traps (repeated sub names, run-together mains). */
export const DOG_CEO_BREEDS: Readonly<Record<string, string[]>> = {
  affenpinscher: [], african: [], airedale: [], akita: [], appenzeller: [], australian: ['kelpie', 'shepherd'],
  basenji: [], beagle: [], bluetick: [], borzoi: [], bouvier: [], boxer: [], brabancon: [], briard: [],
  buhund: ['norwegian'], bulldog: ['boston', 'english', 'french'], bullterrier: ['staffordshire'],
  cattledog: ['australian'], cavapoo: [], chihuahua: [], chow: [], clumber: [], cockapoo: [], collie: ['border'],
  coonhound: [], corgi: ['cardigan'], cotondetulear: [], dachshund: [], dalmatian: [], dane: ['great'],
  deerhound: ['scottish'], dhole: [], dingo: [], doberman: [], elkhound: ['norwegian'], entlebucher: [], eskimo: [],
  finnish: ['lapphund'], frise: ['bichon'], germanshepherd: [], greyhound: ['italian'], groenendael: [], havanese: [],
  hound: ['afghan', 'basset', 'blood', 'english', 'ibizan', 'plott', 'walker'], husky: [], keeshond: [], kelpie: [],
  komondor: [], kuvasz: [], labradoodle: [], labrador: [], leonberg: [], lhasa: [], malamute: [], malinois: [],
  maltese: [], mastiff: ['bull', 'english', 'tibetan'], mexicanhairless: [], mix: [], mountain: ['bernese', 'swiss'],
  newfoundland: [], otterhound: [], ovcharka: ['caucasian'], papillon: [], pekinese: [], pembroke: [],
  pinscher: ['miniature'], pitbull: [], pointer: ['german', 'germanlonghair'], pomeranian: [],
  poodle: ['medium', 'miniature', 'standard', 'toy'], pug: [], puggle: [], pyrenees: [], redbone: [],
  retriever: ['chesapeake', 'curly', 'flatcoated', 'golden'], ridgeback: ['rhodesian'], rottweiler: [], saluki: [],
  samoyed: [], schipperke: [], schnauzer: ['giant', 'miniature'], segugio: ['italian'],
  setter: ['english', 'gordon', 'irish'], sharpei: [], sheepdog: ['english', 'shetland'], shiba: [], shihtzu: [],
  spaniel: ['blenheim', 'brittany', 'cocker', 'irish', 'japanese', 'sussex', 'welsh'], spitz: ['japanese'],
  springer: ['english'], stbernard: [],
  terrier: [
    'american', 'australian', 'bedlington', 'border', 'cairn', 'dandie', 'fox', 'irish', 'kerryblue', 'lakeland',
    'norfolk', 'norwich', 'patterdale', 'russell', 'scottish', 'sealyham', 'silky', 'tibetan', 'toy', 'welsh',
    'westhighland', 'yorkshire',
  ],
  tervuren: [], vizsla: [], waterdog: ['spanish'], weimaraner: [], whippet: [], wolfhound: ['irish'],
};

const API_PATHS = /^\/api\//;

const bombs = new Map<string, Buffer>();
/**
 * A few bytes that decompress to `size` bytes of valid JSON (a success envelope around an array of spaces). The
 * brotli one uses the largest standard window (16 MiB), as a hostile server would, so a decoder must allocate it.
 */
function bomb(encoding: 'gzip' | 'br', size: number): Buffer {
  const key = `${encoding}:${size}`;
  let body = bombs.get(key);
  if (!body) {
    const head = '{"status":"success","message":[';
    const plain = Buffer.alloc(size, ' ');
    plain.write(head, 0, 'latin1');
    plain.write(']}', size - 2, 'latin1');
    body =
      encoding === 'gzip'
        ? gzipSync(plain, { level: 9 })
        : brotliCompressSync(plain, {
            params: {
              [zlibConstants.BROTLI_PARAM_QUALITY]: 5,
              [zlibConstants.BROTLI_PARAM_LGWIN]: 24,
              [zlibConstants.BROTLI_PARAM_SIZE_HINT]: size,
            },
          });
    bombs.set(key, body);
  }
  return body;
}

/** A small real PNG: a pastel colour derived from the name, with a darker band, so pictures differ by breed. */
function png(name: string, width = 320, height = 240): Buffer {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const [r, g, b] = [150 + (hash & 0x5f), 150 + ((hash >> 8) & 0x5f), 150 + ((hash >> 16) & 0x5f)];
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    const band = y > height * 0.4 && y < height * 0.6 ? 0.6 : 1;
    for (let x = 0; x < width; x++) row.set([r * band, g * band, b * band].map(Math.round), 1 + x * 3);
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Starts the stub on 127.0.0.1 on a free port. */
export async function startDogApiStub(options: StubOptions = {}): Promise<DogApiStub> {
  const breeds: Record<string, string[]> = structuredClone(options.breeds ?? DOG_CEO_BREEDS);
  const perBreed = options.imagesPerBreed ?? 3;
  let delayMs = options.delayMs ?? 0;
  let fault: { kind: DogApiFault; options: FaultOptions } | undefined;
  const requests: StubRequest[] = [];
  const calls = new Map<string, number>();
  const pngs = new Map<string, Buffer>();
  let base = '';

  const dirsOf = (main: string, sub?: string): string[] => {
    const subs = breeds[main];
    if (sub !== undefined) return [`${main}-${sub}`];
    return subs.length ? subs.map((s) => `${main}-${s}`) : [main];
  };
  const imagesOfDirs = (dirs: string[]) =>
    dirs.flatMap((dir) => Array.from({ length: perBreed }, (_, i) => `${base}/breeds/${dir}/${dir.replace('-', '_')}_${i + 1}.png`));

  const json = (res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };
  const notFound = (res: http.ServerResponse, message: string) => json(res, 404, { status: 'error', message, code: 404 });

  /** dog.ceo's routes that the service may call, answered from the breed list. */
  const answer = (res: http.ServerResponse, path: string) => {
    const parts = path.split('/').slice(2); // after /api/
    const ok = (message: unknown) => json(res, 200, { message, status: 'success' }, { 'cache-control': 's-maxage=21600, max-age=1800' });
    if (path === '/api/breeds/list/all') return ok(breeds);
    if (path === '/api/breeds/list') return ok(Object.keys(breeds));
    if (path === '/api/breeds/image/random') {
      const all = Object.keys(breeds).flatMap((m) => dirsOf(m));
      const images = imagesOfDirs([all[Math.floor(Math.random() * all.length)]]);
      return ok(images[Math.floor(Math.random() * images.length)]);
    }
    if (parts[0] === 'breed' && parts.length >= 3) {
      const [, main, ...rest] = parts;
      if (!Object.hasOwn(breeds, main)) return notFound(res, 'Breed not found (main breed does not exist)');
      let sub: string | undefined;
      if (rest.length >= 2 && rest[0] !== 'images') {
        sub = rest.shift();
        if (!breeds[main].includes(sub!)) return notFound(res, 'Breed not found (sub breed does not exist)');
      }
      if (rest[0] === 'list' && rest.length === 1 && !sub) return ok(breeds[main]);
      const images = imagesOfDirs(dirsOf(main, sub));
      if (rest.length === 1 && rest[0] === 'images') return ok(images);
      if (rest.length === 2 && rest[0] === 'images' && rest[1] === 'random') return ok(images[Math.floor(Math.random() * images.length)]);
    }
    return notFound(res, `No route found for "GET ${path.slice(0, 80)}" with code: 0`);
  };

  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  /** A delayed answer; cancelled by close() so a closed stub never keeps the process alive. */
  const later = (fn: () => void, ms: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  const server = http.createServer((req, res) => {
    const rawPath = req.url ?? '/';
    const path = rawPath.split('?')[0];
    requests.push({ method: req.method ?? 'GET', path: rawPath, headers: req.headers });
    calls.set(path, (calls.get(path) ?? 0) + 1);

    if (req.method === 'GET' && /^\/breeds\/[a-z-]+\/[\w-]+\.png$/.test(path)) {
      let body = pngs.get(path);
      if (!body) pngs.set(path, (body = png(path.split('/')[2])));
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': body.length, 'cache-control': 'max-age=86400' });
      res.end(body);
      return;
    }

    const active = fault && (fault.options.paths ?? API_PATHS).test(path) ? fault : undefined;
    const respond = () => {
      if (res.destroyed) return;
      if (!active) return answer(res, path);
      const opts = active.options;
      switch (active.kind) {
        case 'slow':
          return void later(() => answer(res, path), opts.delayMs ?? 10_000);
        case 'hang':
          return; // never answers; close() cuts it
        case '500':
          return json(res, 500, { status: 'error', message: 'Internal Server Error', code: 500 });
        case '503':
          return json(res, 503, { status: 'error', message: 'Service Unavailable', code: 503 });
        case '429':
          return json(res, 429, { status: 'error', message: 'Too Many Requests', code: 429 }, { 'retry-after': String(opts.retryAfterSeconds ?? 1) });
        case 'bad-json':
          res.writeHead(200, { 'content-type': 'application/json' });
          return void res.end('{"status":"success","message":["https://images.dog.ceo/breeds/hound');
        case 'html':
          res.writeHead(200, { 'content-type': 'text/html' });
          return void res.end('<!doctype html><html><body><h1>502 Bad Gateway</h1><script>alert(1)</script></body></html>');
        case 'wrong-shape':
          return json(res, 200, { status: 'success', message: path === '/api/breeds/list/all' ? ['husky', 42] : { images: 'none', n: 3 } });
        case 'javascript-url':
          if (path === '/api/breeds/list/all') return answer(res, path);
          return json(res, 200, {
            status: 'success',
            message: ['javascript:alert(document.cookie)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>', ' javascript:alert(2)'],
          });
        case 'reset':
          return void req.socket.destroy();
        case 'huge-body': {
          const total = opts.hugeBytes ?? 8 * 1024 * 1024;
          res.writeHead(200, { 'content-type': 'application/json' });
          const item = `"${base}/breeds/husky/${'x'.repeat(200)}.png"`;
          // Written 64 KiB at a time, so the size limit is reached in a few writes even on a slow machine.
          const block = `,${item}`.repeat(Math.ceil(65_536 / (item.length + 1)));
          let sent = 0;
          res.write('{"status":"success","message":[' + item);
          const pump = () => {
            while (sent < total && !res.destroyed) {
              sent += block.length;
              if (!res.write(block)) return void res.once('drain', pump);
            }
            if (!res.destroyed) res.end(']}');
          };
          return pump();
        }
        case 'drip': {
          // A valid answer that never ends: one byte at a time, forever.
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"status":"success","message":[');
          const drip = () => {
            if (res.destroyed) return;
            res.write(' ');
            later(drip, opts.dripMs ?? 50);
          };
          return drip();
        }
        case 'gzip-bomb':
        case 'brotli-bomb': {
          const encoding = active.kind === 'gzip-bomb' ? 'gzip' : 'br';
          // Sent whatever the request accepts, as a hostile server would.
          let body = bomb(encoding, opts.bombBytes ?? 64 * 1024 * 1024);
          if (opts.lieAboutSize && encoding === 'gzip') {
            body = Buffer.from(body);
            body.writeUInt32LE(1000, body.length - 4); // ISIZE: "decompresses to 1000 bytes"
          }
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding, 'content-length': body.length });
          return void res.end(body);
        }
        case 'bad-chunking':
          // A chunk size that is not hexadecimal, after a valid start.
          req.socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n10\r\n{"status":"succe\r\nzz\r\n');
          return void req.socket.end();
        case 'redirect-loop':
          res.writeHead(302, { location: rawPath, 'content-length': 0 });
          return void res.end();
        case 'endless-headers': {
          // A status line, then header lines for as long as the client keeps reading.
          const socket = req.socket;
          socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n');
          let n = 0;
          const pump = () => {
            while (!socket.destroyed) {
              if (!socket.write(`x-filler-${n++}: ${'y'.repeat(200)}\r\n`)) return void socket.once('drain', pump);
            }
          };
          return pump();
        }
      }
    };
    if (API_PATHS.test(path) && delayMs > 0) later(respond, delayMs);
    else respond();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 10_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    breeds,
    requests,
    calls,
    callCount(filter) {
      if (filter === undefined) return requests.length;
      let n = 0;
      for (const [path, count] of calls) if (typeof filter === 'string' ? path === filter : filter.test(path)) n += count;
      return n;
    },
    setFault(kind, faultOptions = {}) {
      fault = kind ? { kind, options: faultOptions } : undefined;
    },
    setDelay(ms) {
      delayMs = ms;
    },
    imagesOf(breed) {
      const [main, sub] = breed.split('/');
      return imagesOfDirs(dirsOf(main, sub));
    },
    reset() {
      requests.length = 0;
      calls.clear();
      fault = undefined;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
