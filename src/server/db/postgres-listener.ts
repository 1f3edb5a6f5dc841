/**
 * LISTEN on a dedicated Postgres connection (a pooled one would be handed to other queries). When
 * the connection drops it reconnects with backoff and reports it, because notifications sent
 * while it was down are lost and the caller has to catch up.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Logger } from '../logger';

export interface ListenHandlers {
  readonly onPayload: (payload: string) => void;
  /** Called after a reconnect: notifications may have been missed meanwhile. */
  readonly onReconnect: () => void;
}

const INITIAL_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 30_000;

export class PostgresListener {
  private client: pg.Client | undefined;
  private readonly stopController = new AbortController();

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    private readonly handlers: ListenHandlers,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.client = await this.connect();
  }

  async stop(): Promise<void> {
    this.stopController.abort();
    const current = this.client;
    this.client = undefined;
    await current?.end();
  }

  /** A method, not a getter: its value changes across awaits, which narrowing would hide. */
  private isStopped(): boolean {
    return this.stopController.signal.aborted;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.handlers.onPayload(message.payload ?? '');
    });
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'change listener connection failed');
      this.handleLoss(client);
    });
    client.on('end', () => {
      this.handleLoss(client);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return client;
  }

  private handleLoss(lost: pg.Client): void {
    if (this.isStopped() || lost !== this.client) return;
    this.client = undefined;
    lost.end().catch(() => undefined);
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    let backoff = INITIAL_BACKOFF_MS;
    while (!this.isStopped()) {
      try {
        await sleep(backoff, undefined, { signal: this.stopController.signal });
        const client = await this.connect();
        if (this.isStopped()) {
          await client.end();
          return;
        }
        this.client = client;
        this.logger.info('change listener reconnected');
        this.handlers.onReconnect();
        return;
      } catch (error) {
        if (this.isStopped()) return;
        this.logger.warn({ err: error, retryInMs: backoff }, 'change listener reconnect failed');
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }
}
