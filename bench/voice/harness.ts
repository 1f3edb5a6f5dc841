/**
 * The real server in this process (in-memory PGlite, listening on loopback) with a voice
 * queue and N agent accounts, and `ws` clients that speak the voice protocol: agents on the sync stream
 * (after its RESYNC), callers on the public caller socket. Every message is timestamped on arrival.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { buildServer } from '../../src/server/app';
import { createUserIfAbsent } from '../../src/server/auth/users';
import { openDatabase } from '../../src/server/db/database';
import { migrateToLatest } from '../../src/server/db/migrate';
import { DEMO_PASSWORD } from '../../src/server/demo/demo-users';
import { createDemoUsers } from '../../src/server/demo/seed';
import { createLogger } from '../../src/server/logger';
import { DEFAULT_VOICE_CONFIG } from '../../src/server/voice/voice-config';
import type { SettingsOfKind } from '../../src/shared/domain/settings';
import type { LoginResponse } from '../../src/shared/sync/auth';
import {
  VOICE_CALLER_PATH,
  VOICE_PROTOCOL_VERSION,
  type AgentClientMessage,
  type AgentServerMessage,
  type CallerClientMessage,
  type CallerServerMessage,
} from '../../src/shared/voice/signalling';

export const QUEUE_ID = 'set_queue_voice_bench';
const ADMIN_EMAIL = 'admin@example.com';
/** A message the bench waits for that never comes is a failure, not a hang. */
const WAIT_TIMEOUT_MS = 30_000;

export interface Stamped<M> {
  readonly at: number;
  readonly message: M;
}

/** A WebSocket that records every JSON message with its arrival time, and can wait for one. */
export class Client<In extends { readonly type: string }, Out> {
  readonly received: Stamped<In>[] = [];
  private readonly listeners = new Set<(stamped: Stamped<In>) => void>();

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const stamped = { at: performance.now(), message: JSON.parse(data.toString('utf8')) as In };
      this.received.push(stamped);
      for (const listener of [...this.listeners]) listener(stamped);
    });
  }

  opened(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.socket.once('open', () => {
        resolve();
      });
      this.socket.once('error', reject);
    });
  }

  onMessage(listener: (stamped: Stamped<In>) => void): void {
    this.listeners.add(listener);
  }

  send(message: Out): void {
    this.socket.send(JSON.stringify(message));
  }

  /** The first message matching `predicate`, already received or still to come. */
  waitFor(predicate: (message: In) => boolean, what: string): Promise<Stamped<In>> {
    const found = this.received.find((stamped) => predicate(stamped.message));
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`timed out waiting for ${what}`));
      }, WAIT_TIMEOUT_MS);
      const listener = (stamped: Stamped<In>): void => {
        if (!predicate(stamped.message)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(stamped);
      };
      this.listeners.add(listener);
    });
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => {
        resolve();
      });
      this.socket.close();
    });
  }
}

/** Agents also hear the sync stream's own messages (RESYNC, change notices): typed loosely on purpose. */
export type AgentIn = AgentServerMessage | { readonly type: string };
export type Agent = Client<AgentIn, AgentClientMessage>;
export type Caller = Client<CallerServerMessage, CallerClientMessage>;

export function isAgentMessage<T extends AgentServerMessage['type']>(message: AgentIn, type: T): message is Extract<AgentServerMessage, { type: T }> {
  return message.type === type;
}

export interface BenchServer {
  readonly baseUrl: string;
  readonly agentTokens: readonly { readonly userId: string; readonly token: string }[];
  readonly adminToken: string;
  openAgent(token: string): Promise<Agent>;
  openCaller(): Promise<Caller>;
  close(): Promise<void>;
}

function queueSettings(): SettingsOfKind<'queue'> {
  const at = new Date().toISOString();
  return {
    id: QUEUE_ID,
    kind: 'queue',
    name: 'Bench queue',
    enabled: true,
    // Long enough that no offer rings out during the run: every offer must end in an answer.
    queue: { tier: 'L1', requiredSkills: [], languages: [], ringTimeoutSeconds: 120, serviceLevelTargetSeconds: 20, serviceLevelTargetPercent: 80, phoneNumbers: [] },
    createdAt: at,
    updatedAt: at,
  };
}

async function login(baseUrl: string, email: string): Promise<LoginResponse> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`login of ${email} failed: ${String(response.status)}`);
  return (await response.json()) as LoginResponse;
}

export async function startBenchServer(agentCount: number): Promise<BenchServer> {
  const logger = createLogger({ level: 'warn' });
  const database = await openDatabase({ kind: 'pglite-memory' }, logger);
  try {
    await migrateToLatest(database.db, logger);
    await createDemoUsers(database.db);
    const emails: string[] = [];
    for (let index = 1; index <= agentCount; index += 1) {
      const email = `bench-agent-${String(index)}@example.com`;
      emails.push(email);
      await createUserIfAbsent(database.db, {
        email,
        name: `Bench Agent ${String(index)}`,
        role: 'agent',
        password: DEMO_PASSWORD,
        profile: { tier: 'L1', groupIds: [], skills: [], languages: ['pt-BR', 'en'] },
      });
    }

    const app = await buildServer({
      database,
      logger,
      config: {
        jwtSecret: 'x'.repeat(48),
        // No renderer files: the bench needs the API and sockets only.
        webDir: '/nonexistent/atende-renderer',
        // No wrap-up: an agent who hangs up is available for the next caller at once.
        voice: { ...DEFAULT_VOICE_CONFIG, wrapUpSeconds: 0, maxCallers: 1000, callerConnectionsPerMinute: 10_000 },
      },
      loginRateLimit: { max: 10_000, windowMs: 60_000 },
    });
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    const wsBase = baseUrl.replace(/^http/, 'ws');

    const admin = await login(baseUrl, ADMIN_EMAIL);
    const pushed = await fetch(`${baseUrl}/api/v1/sync/settings/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ newDocumentState: { ...queueSettings(), _deleted: false } }]),
    });
    const conflicts: unknown = await pushed.json();
    if (pushed.status !== 200 || !Array.isArray(conflicts) || conflicts.length > 0) {
      throw new Error(`queue settings push failed: ${String(pushed.status)} ${JSON.stringify(conflicts)}`);
    }

    const agentTokens = [];
    for (const email of emails) {
      const session = await login(baseUrl, email);
      agentTokens.push({ userId: session.user.id, token: session.token });
    }

    const open: { close(): Promise<void> }[] = [];
    return {
      baseUrl,
      agentTokens,
      adminToken: admin.token,
      async openAgent(token) {
        const agent: Agent = new Client(new WebSocket(`${wsBase}/api/v1/sync/stream?token=${encodeURIComponent(token)}`));
        open.push(agent);
        // The stream hears a client only once its token is checked, which RESYNC announces.
        await agent.waitFor((message) => message.type === 'RESYNC', 'RESYNC');
        agent.send({ type: 'voice.register', version: VOICE_PROTOCOL_VERSION, state: 'available' });
        await agent.waitFor((message) => message.type === 'voice.welcome', 'voice.welcome');
        return agent;
      },
      async openCaller() {
        const caller: Caller = new Client(new WebSocket(`${wsBase}${VOICE_CALLER_PATH}`));
        open.push(caller);
        await caller.opened();
        return caller;
      },
      async close() {
        await Promise.all(open.map((client) => client.close()));
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

export function joinMessage(index: number): CallerClientMessage {
  return { type: 'join', version: VOICE_PROTOCOL_VERSION, queueId: QUEUE_ID, name: `Bench caller ${String(index)}`, phone: '+5511987650000' };
}
