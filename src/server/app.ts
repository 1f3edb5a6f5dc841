/**
 * Builds the HTTP server: the sync API v1, sign-in, the live change stream, health, and in web
 * mode the renderer. Everything it talks to is passed in, so tests run it with `inject()` or on
 * port 0 against PGlite or Postgres, with a pinned clock when they need one.
 */
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { DEFAULT_LOGIN_RATE_LIMIT, registerAuthRoutes, type LoginRateLimit } from './auth/auth-routes';
import { installBearerAuth } from './auth/bearer-auth';
import { resolveJwtSecret } from './auth/jwt-secret';
import { createTokenService } from './auth/tokens';
import { ensureUserProfiles } from './auth/user-profiles';
import { ChangeBroadcaster } from './changes/change-broadcaster';
import type { ChangeFeed } from './changes/change-feed';
import { createNotifyChangeFeed } from './changes/notify-change-feed';
import { systemClock, type Clock } from './clock';
import type { ServerConfig } from './config';
import type { Database } from './db/database';
import { installErrorHandler, installNotFoundHandler } from './http/error-handler';
import { registerHealthRoute } from './http/health-route';
import { installJsonBodyParser } from './http/json-body';
import { registerSecurity } from './http/security';
import { installValidatorCompiler } from './http/validator-compiler';
import { registerWebShell } from './http/web-shell';
import type { Logger } from './logger';
import { HEARTBEAT_INTERVAL_MS, StreamHub } from './sync/stream-hub';
import { registerStreamRoute } from './sync/stream-route';
import { SlaWorker } from './sla/sla-worker';
import { registerSyncRoutes } from './sync/sync-routes';
import { DEFAULT_VOICE_CONFIG } from './voice/voice-config';
import { createVoiceService } from './voice/voice-service';
import type { Scheduler } from './voice/scheduler';
import { CallHolds, twilioCallsApi, type TwilioCallsApi } from './voice/twilio/call-hold';
import { registerHoldRoutes } from './voice/twilio/hold-routes';
import { DEFAULT_RECORDING_TIMEOUT_MS, TWILIO_API_BASE_URL, registerRecordingRoute, type RecordingSource } from './voice/twilio/recording-route';
import { createPresenceRouting } from './voice/twilio/presence-routing';
import type { TwilioRouting } from './voice/twilio/routing';
import { registerVoiceTokenRoute } from './voice/twilio/voice-token';
import { registerTwilioWebhooks } from './voice/twilio/webhook-routes';

export interface BuildServerOptions {
  /** An open, migrated database. The caller owns it and closes it after the server. */
  readonly database: Database;
  readonly config: Pick<ServerConfig, 'jwtSecret' | 'webDir'> & Partial<Pick<ServerConfig, 'voice'>> & Partial<Pick<ServerConfig, 'twilio'>>;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Defaults to LISTEN/NOTIFY on `database`; a given feed is not closed by the server. */
  readonly changeFeed?: ChangeFeed;
  readonly loginRateLimit?: LoginRateLimit;
  readonly heartbeatIntervalMs?: number;
  /** Delay that merges change notices into one broadcast per collection. */
  readonly broadcastDelayMs?: number;
  /** Timers of the WebRTC voice provider (ring timeouts, wrap-up); tests drive them by hand. */
  readonly voiceScheduler?: Scheduler;
  /** Picks the agent an inbound Twilio call rings; defaults to the WebRTC distributor's presence (createPresenceRouting). */
  readonly twilioRouting?: TwilioRouting;
  /** Twilio's REST API for hold/resume; defaults to the twilio library's client. Tests inject a fake. */
  readonly twilioCalls?: TwilioCallsApi;
  /** Where call recordings are fetched from (Twilio's REST API) and how long it may take to answer; tests use a local fake. */
  readonly twilioRecordings?: Partial<Pick<RecordingSource, 'apiBaseUrl' | 'timeoutMs'>>;
  /** The SLA worker's timer (breach scan, recomputations); tests pass one they fire by hand. */
  readonly slaScheduler?: Scheduler;
  readonly slaIntervalMs?: number;
}

/** A Twilio call keeps its agent reserved at most this long should Twilio's end-of-dial webhooks never arrive. */
const TWILIO_MAX_RESERVATION_MS = 2 * 60 * 60 * 1000;

/** Largest message a stream client may send (pings, and voice signalling: SDP up to 32 kB). */
const STREAM_MAX_PAYLOAD_BYTES = 64 * 1024;

export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const { database, config, logger } = options;
  const { db } = database;
  const clock = options.clock ?? systemClock;
  const baseLogger: FastifyBaseLogger = logger;
  const app: FastifyInstance = Fastify({ loggerInstance: baseLogger });
  installErrorHandler(app);
  installValidatorCompiler(app);
  installJsonBodyParser(app);

  const tokens = createTokenService(await resolveJwtSecret(db, config.jwtSecret), clock);
  // Accounts created before the replicated users collection existed get their profile documents now.
  const backfilled = await ensureUserProfiles(db);
  if (backfilled > 0) logger.info({ profiles: backfilled }, 'user profile documents created for existing accounts');
  const feed = options.changeFeed ?? (await createNotifyChangeFeed(database, logger));
  const hub = new StreamHub(logger, () => clock.now(), options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS);
  const broadcaster = new ChangeBroadcaster(db, feed, hub, logger, { batchDelayMs: options.broadcastDelayMs ?? 10 });
  const voice = createVoiceService({
    db,
    feed,
    clock,
    logger,
    config: config.voice ?? DEFAULT_VOICE_CONFIG,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS,
    ...(options.voiceScheduler === undefined ? {} : { scheduler: options.voiceScheduler }),
  });

  const twilioRouting = options.twilioRouting ?? createPresenceRouting(
    {
      pickAvailableAgent: (queueId, exclude) => voice.pickAvailableAgent(queueId, exclude),
      reserve: (userId, offerId) => voice.switchboard.presence.reserve(userId, offerId),
      release: (userId, offerId) => {
        voice.switchboard.presence.release(userId, offerId);
      },
    },
    {
      maxHoldMs: TWILIO_MAX_RESERVATION_MS,
      setTimer: (callback, ms) => {
        // A safety net only: it must not keep the process alive at shutdown.
        const handle = setTimeout(callback, ms).unref();
        return () => {
          clearTimeout(handle);
        };
      },
    },
  );
  const slaWorker = new SlaWorker({
    db,
    feed,
    clock,
    logger,
    ...(options.slaScheduler === undefined ? {} : { scheduler: options.slaScheduler }),
    ...(options.slaIntervalMs === undefined ? {} : { intervalMs: options.slaIntervalMs }),
  });
  const twilioHolds = config.twilio === undefined ? undefined : new CallHolds(options.twilioCalls ?? twilioCallsApi(config.twilio));

  // Added before the websocket plugin so it runs before the plugin's own preClose: clients get a
  // "going away" (1001) close from us instead of a bare close, and reconnect elsewhere.
  app.addHook('preClose', async () => {
    // Calls end first, while agents' and callers' sockets can still hear it.
    await voice.close();
    await slaWorker.stop();
    hub.close();
    await broadcaster.stop();
  });
  await app.register(websocket, { options: { maxPayload: STREAM_MAX_PAYLOAD_BYTES } });
  await registerSecurity(app);
  await app.register(rateLimit, { global: false });

  registerHealthRoute(app, db);
  // One encapsulated scope for the API, so its bearer-auth hook covers exactly these routes.
  await app.register((api, _options, done) => {
    installBearerAuth(api, tokens);
    registerAuthRoutes(api, db, tokens, options.loginRateLimit ?? DEFAULT_LOGIN_RATE_LIMIT);
    registerSyncRoutes(api, { db, feed, clock });
    registerStreamRoute(api, tokens, hub, voice.agentChannel);
    voice.registerCallerRoute(api);
    registerVoiceTokenRoute(api, config.twilio, clock);
    registerHoldRoutes(api, twilioHolds);
    registerRecordingRoute(api, {
      db,
      source:
        config.twilio === undefined
          ? undefined
          : {
              config: config.twilio,
              apiBaseUrl: options.twilioRecordings?.apiBaseUrl ?? TWILIO_API_BASE_URL,
              timeoutMs: options.twilioRecordings?.timeoutMs ?? DEFAULT_RECORDING_TIMEOUT_MS,
            },
    });
    done();
  });
  await registerTwilioWebhooks(app, { db, feed, clock, config: config.twilio, routing: twilioRouting, ...(twilioHolds === undefined ? {} : { holds: twilioHolds }) });
  installNotFoundHandler(app, await registerWebShell(app, config.webDir, logger));

  app.addHook('onReady', async () => {
    await broadcaster.start();
    slaWorker.start();
  });
  app.addHook('onClose', async () => {
    if (options.changeFeed === undefined) await feed.close();
  });
  return app;
}
