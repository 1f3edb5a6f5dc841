/**
 * A counting HTTP proxy on loopback (HTTP requests and WebSocket upgrades alike) for the crash-resume
 * scenario: the browser talks to the server through it, and it counts the response body bytes of the
 * requests that carry replicated data, including bytes of responses the client never finished reading.
 * It asks for uncompressed responses (the PouchDB server would gzip for a browser but not for Node).
 */
import http from 'node:http';
import net from 'node:net';

export class CountingProxy {
  /** Response body bytes of counted requests. */
  bytes = 0;
  requests = 0;
  private readonly server: http.Server;
  private readonly sockets = new Set<net.Socket>();
  private listeners: ((bytes: number) => void)[] = [];

  constructor(
    private readonly targetPort: number,
    /** Which request paths carry replicated data. */
    private readonly counts: (method: string, path: string) => boolean,
  ) {
    this.server = http.createServer((request, response) => {
      this.forward(request, response);
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    this.server.on('upgrade', (request, socket, head) => {
      const upstream = net.connect(this.targetPort, '127.0.0.1', () => {
        const lines = [`${request.method ?? 'GET'} ${request.url ?? '/'} HTTP/1.1`];
        for (let i = 0; i < request.rawHeaders.length; i += 2) lines.push(`${request.rawHeaders[i] ?? ''}: ${request.rawHeaders[i + 1] ?? ''}`);
        upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
        if (head.length > 0) upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      const close = () => {
        upstream.destroy();
        socket.destroy();
      };
      upstream.on('error', close);
      socket.on('error', close);
      socket.on('close', close);
      upstream.on('close', close);
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => { resolve(); }));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no port');
    return address.port;
  }

  /** Calls `listener` after every counted chunk with the running total. */
  onBytes(listener: (bytes: number) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((other) => other !== listener);
    };
  }

  reset(): void {
    this.bytes = 0;
    this.requests = 0;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => { resolve(); }));
  }

  private forward(request: http.IncomingMessage, response: http.ServerResponse): void {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const counted = this.counts(request.method ?? 'GET', path);
    if (counted) this.requests += 1;
    const upstream = http.request(
      // Identity encoding: bytes are counted uncompressed, so a Node client and a browser count alike.
      { host: '127.0.0.1', port: this.targetPort, method: request.method, path: request.url, headers: { ...request.headers, 'accept-encoding': 'identity' } },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.on('data', (chunk: Buffer) => {
          if (counted) {
            this.bytes += chunk.length;
            for (const listener of this.listeners) listener(this.bytes);
          }
          response.write(chunk);
        });
        answer.on('end', () => response.end());
        answer.on('error', () => response.destroy());
      },
    );
    upstream.on('error', () => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    response.on('close', () => {
      if (!response.writableFinished) upstream.destroy();
    });
    request.pipe(upstream);
  }
}
