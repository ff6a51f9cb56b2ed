import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Requests answered at once on one connection; HTTP/1.1 sends answers in order, so more would only queue finished ones. */
export const MAX_ANSWERING_PER_CONNECTION = 1;
/** Requests of one connection waiting for those; a client that pipelines more without reading the answers is cut off. */
export const MAX_WAITING_PER_CONNECTION = 256;

interface ConnectionQueue {
  answering: number;
  /** This stopped reading the socket (Node may pause it too, for its own reasons; that is left to Node). */
  paused: boolean;
  readonly waiting: [IncomingMessage, ServerResponse][];
}

/**
 * Bounds the work and memory one connection can demand by pipelining. An answer counts until it is handed to the
 * operating system (`finish`) or the connection closes, so a client that sends requests without reading the answers
 * holds at most `MAX_ANSWERING_PER_CONNECTION` of them in memory; further requests wait unstarted, and past
 * `MAX_WAITING_PER_CONNECTION` the connection is closed. The socket is paused while any wait, but Node's HTTP parser
 * resumes it at the end of each request it reads, so the pause holds back only the body of a waiting request (and what
 * follows it): it is the limit of waiting requests that bounds a client that pipelines without reading.
 */
export function boundedPipelining(listener: RequestListener, onOverflow: (socket: Socket) => void): RequestListener {
  const queues = new WeakMap<Socket, ConnectionQueue>();
  /** Answers a request in a slot of the connection's, then hands the slot to the next waiting request or frees it. */
  const run = (queue: ConnectionQueue, socket: Socket, req: IncomingMessage, res: ServerResponse) => {
    let done = false;
    const next = () => {
      if (done) return;
      done = true;
      const waiting = queue.waiting.shift();
      if (waiting) {
        // On the next turn of the event loop, so that other connections' requests get their turn in between.
        setImmediate(() => {
          if (!socket.destroyed) return run(queue, socket, ...waiting);
          queue.waiting.length = 0;
          queue.answering--;
        });
        return;
      }
      queue.answering--;
      if (queue.paused) {
        queue.paused = false;
        if (!socket.destroyed) socket.resume();
      }
    };
    res.once('finish', next);
    res.once('close', next);
    listener(req, res);
  };
  return (req, res) => {
    const socket = req.socket;
    let queue = queues.get(socket);
    if (!queue) queues.set(socket, (queue = { answering: 0, paused: false, waiting: [] }));
    if (queue.answering < MAX_ANSWERING_PER_CONNECTION) {
      queue.answering++;
      return run(queue, socket, req, res);
    }
    queue.waiting.push([req, res]);
    queue.paused = true;
    socket.pause();
    if (queue.waiting.length > MAX_WAITING_PER_CONNECTION) {
      queue.waiting.length = 0;
      onOverflow(socket);
      socket.destroy();
    }
  };
}
