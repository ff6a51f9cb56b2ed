import type { Server } from 'node:http';
import type { Socket } from 'node:net';

interface Connection {
  /** Requests received and not yet answered (or abandoned). */
  pending: number;
  /** `socket.bytesRead` when last looked at. */
  bytesRead: number;
  /** Since when nothing was received or answered on it. */
  quietSince: number;
}

/**
 * The server's open connections, and which of them can be closed without cutting off a request: those with no
 * request pending and no byte received for a while. Node's `closeIdleConnections()` also closes a connection
 * whose next request is still on its way, which resets that request; waiting for a quiet period avoids it.
 */
export class ConnectionTracker {
  private readonly connections = new Map<Socket, Connection>();

  constructor(server: Server) {
    server.on('connection', (socket: Socket) => {
      this.connections.set(socket, { pending: 0, bytesRead: 0, quietSince: Date.now() });
      socket.once('close', () => this.connections.delete(socket));
    });
    server.on('request', (req, res) => {
      const socket = req.socket;
      const connection = this.connections.get(socket);
      if (!connection) return;
      connection.pending++;
      res.once('close', () => {
        connection.pending--;
        connection.bytesRead = socket.bytesRead;
        connection.quietSince = Date.now();
      });
    });
  }

  /** Connections open now. */
  get size(): number {
    return this.connections.size;
  }

  /** Closes every connection that has had no request pending and received nothing for `quietMs`. */
  closeQuiet(quietMs: number, now = Date.now()): void {
    for (const [socket, connection] of this.connections) {
      if (connection.pending > 0) continue;
      if (socket.bytesRead !== connection.bytesRead) {
        // A request is arriving: it will be answered with `Connection: close`.
        connection.bytesRead = socket.bytesRead;
        connection.quietSince = now;
      } else if (now - connection.quietSince >= quietMs) {
        socket.destroy();
      }
    }
  }
}
