/**
 * Wires the WebRTC provider together: the switchboard (distribution, presence, calls), the agents'
 * channel on the sync stream, the public callers' route, and the call records.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ChangeFeed } from '../changes/change-feed';
import type { Clock } from '../clock';
import type { Db } from '../documents/document-store';
import type { Logger } from '../logger';
import type { StreamMessageHandler } from '../sync/stream-route';
import { createAgentChannel } from './agent-channel';
import { CallRecords } from './call-records';
import { registerCallerRoute } from './caller-route';
import type { RoutingProfile } from './routing';
import { timerScheduler, type Scheduler } from './scheduler';
import { Switchboard } from './switchboard';
import { iceServersFor, type VoiceConfig } from './voice-config';
import { createVoiceDirectory } from './voice-directory';

export interface VoiceServiceDeps {
  readonly db: Db;
  readonly feed: ChangeFeed;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: VoiceConfig;
  readonly heartbeatIntervalMs: number;
  /** Ring timeouts, wrap-up, reconnect grace and join timeouts; tests drive it by hand. */
  readonly scheduler?: Scheduler;
}

export interface VoiceService {
  readonly switchboard: Switchboard;
  /** Handles `voice.*` messages on the sync stream. */
  readonly agentChannel: StreamMessageHandler;
  /** For other providers (the Twilio inbound webhook): the agent the next call of a queue should ring. */
  pickAvailableAgent(queueId: string, exclude?: ReadonlySet<string>): Promise<RoutingProfile | undefined>;
  registerCallerRoute(api: FastifyInstance): void;
  /** Ends every call and waits until their records are written. */
  close(): Promise<void>;
}

export function createVoiceService(deps: VoiceServiceDeps): VoiceService {
  const { clock, config, logger } = deps;
  const scheduler = deps.scheduler ?? timerScheduler;
  const now = (): number => clock.now().getTime();
  const records = new CallRecords(deps.db, deps.feed, logger, () => clock.now());
  const switchboard = new Switchboard(
    {
      iceServers: (identity) => iceServersFor(config, identity, clock.now()),
      wrapUpSeconds: config.wrapUpSeconds,
      wrapUpAutoReturn: config.wrapUpAutoReturn,
      reconnectGraceSeconds: config.reconnectGraceSeconds,
      internalRingSeconds: config.internalRingSeconds,
      maxCallers: config.maxCallers,
    },
    { directory: createVoiceDirectory(deps.db), records, scheduler, now, logger, newCallId: () => `wrtc_${randomUUID().replaceAll('-', '')}` },
  );
  let stopCallerHeartbeat: (() => void) | undefined;
  return {
    switchboard,
    agentChannel: createAgentChannel(switchboard, logger),
    pickAvailableAgent: (queueId, exclude) => switchboard.pickAvailableAgent(queueId, exclude),
    registerCallerRoute(api) {
      stopCallerHeartbeat = registerCallerRoute(api, switchboard, {
        connectionsPerMinute: config.callerConnectionsPerMinute,
        heartbeatIntervalMs: deps.heartbeatIntervalMs,
        scheduler,
        now,
        logger,
      });
    },
    async close() {
      stopCallerHeartbeat?.();
      switchboard.close();
      await records.flush();
    },
  };
}
