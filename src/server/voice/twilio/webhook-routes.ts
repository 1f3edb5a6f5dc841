/**
 * Twilio's webhooks under /api/v1/voice/twilio, in their own plugin scope: the form-body parser and
 * the signature check apply to these routes only, and the bearer auth of the API does not (Twilio
 * authenticates by signature). Unsigned or forged requests get 403 before any handler runs; with
 * Twilio unconfigured every route answers 503.
 *
 * Inbound: the dialled number picks the queue, the routing picks an agent; nobody free → hold music
 * and try again. Outbound: the softphone's `To` must be E.164 (or `client:<user id>` for a colleague).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findUserById } from '../../auth/users';
import type { ChangeFeed } from '../../changes/change-feed';
import type { Clock } from '../../clock';
import type { Db } from '../../documents/document-store';
import { ApiError } from '../../http/api-error';
import { isCallSid, readContext, type CallContext } from './call-context';
import { clientIdentity, e164OrUndefined, readRecordingCallback, readStatusCallback, type CallEvent } from './call-events';
import { recordCallEvent, type CallStoreDeps } from './call-store';
import { field, installFormBodyParser, type FormFields } from './form-body';
import { TWILIO_PATHS, TWILIO_WEBHOOK_PREFIX } from './paths';
import type { CallHolds } from './call-hold';
import { findQueueForNumber, type TwilioRouting } from './routing';
import { hasValidSignature } from './signature';
import type { TwilioConfig } from './twilio-config';
import {
  DEFAULT_CALLER_LANGUAGE,
  dialColleagueTwiml,
  dialNumberTwiml,
  hangupTwiml,
  holdTwiml,
  messageAndHangupTwiml,
  ringAgentTwiml,
} from './twiml';

export interface TwilioWebhookDeps {
  readonly db: Db;
  readonly feed: ChangeFeed;
  readonly clock: Clock;
  readonly config: TwilioConfig | undefined;
  readonly routing: TwilioRouting;
  /** Calls on hold (hold-routes.ts): the dial-result webhook keeps them on hold instead of hanging up. */
  readonly holds?: CallHolds;
}

/** `<Dial>` outcomes after which the caller is done (talked, or hung up). */
const DIAL_FINISHED = new Set(['completed', 'answered', 'canceled']);
/** Final statuses of a call leg. */
const LEG_FINISHED = new Set(['completed', 'busy', 'no-answer', 'canceled', 'failed']);

export async function registerTwilioWebhooks(app: FastifyInstance, deps: TwilioWebhookDeps): Promise<void> {
  await app.register(
    (scope, _options, done) => {
      installFormBodyParser(scope);
      const { config } = deps;
      if (config === undefined) {
        scope.addHook('onRequest', (_request, _reply, next) => {
          next(new ApiError('voice_unavailable', 'Telephony (Twilio) is not configured on this server'));
        });
      } else {
        // preHandler: after the body is parsed, since the signature covers the posted fields.
        scope.addHook('preHandler', (request, _reply, next) => {
          if (hasValidSignature(config.authToken, config.publicUrl, request)) {
            next();
            return;
          }
          request.log.warn({ url: request.url }, 'Twilio webhook with a missing or invalid signature');
          next(new ApiError('forbidden', 'Invalid Twilio signature'));
        });
      }
      registerRoutes(scope, deps);
      done();
    },
    { prefix: TWILIO_WEBHOOK_PREFIX },
  );
}

function registerRoutes(scope: FastifyInstance, deps: TwilioWebhookDeps): void {
  const store: CallStoreDeps = {
    db: deps.db,
    feed: deps.feed,
    now: () => deps.clock.now(),
    parentFacts: (event) => parentFacts(deps, event),
  };

  scope.post(TWILIO_PATHS.inbound, async (request, reply) => {
    const config = configured(deps);
    const fields = formOf(request);
    const callSid = field(fields, 'CallSid');
    const queue = await findQueueForNumber(deps.db, e164OrUndefined(field(fields, 'To')));
    const language = queue?.language ?? DEFAULT_CALLER_LANGUAGE;
    if (queue === undefined || !isCallSid(callSid)) {
      request.log.warn({ to: field(fields, 'To') }, 'inbound call to a number no enabled queue lists');
      return twiml(reply, messageAndHangupTwiml(language, 'notInService'));
    }
    // Back from hold, the URL carries the context: it keeps when the call was first offered.
    const returning = readContext(request.query);
    const context: CallContext = returning ?? {
      callSid,
      direction: 'inbound',
      offeredAt: deps.clock.now().toISOString(),
      queueId: queue.id,
      ...optionalNumbers(field(fields, 'From'), field(fields, 'To')),
    };
    const agentId = await deps.routing.pickAgent(queue.id, context.callSid);
    if (agentId === undefined) return twiml(reply, holdTwiml(config, context, language, returning === undefined));
    return twiml(reply, ringAgentTwiml(config, context, agentId, queue.ringTimeoutSeconds));
  });

  scope.post(TWILIO_PATHS.dialResult, async (request, reply) => {
    const config = configured(deps);
    const context = readContext(request.query);
    const status = field(formOf(request), 'DialCallStatus') ?? '';
    // A held call left its <Dial> on purpose: keep it on hold (the agent stays reserved).
    const held = context === undefined ? undefined : deps.holds?.dialEnded(context.callSid);
    if (held !== undefined) return twiml(reply, held);
    // The agent's leg is over either way: free them for the next offer.
    if (context !== undefined) deps.routing.ringEnded?.(context.callSid);
    if (context === undefined || context.direction !== 'inbound' || DIAL_FINISHED.has(status)) return twiml(reply, hangupTwiml());
    // The agent did not take it (no answer, declined, unreachable): back on hold, then routing again.
    const queue = await findQueueForNumber(deps.db, context.toNumber);
    return twiml(reply, holdTwiml(config, context, queue?.language ?? DEFAULT_CALLER_LANGUAGE, false));
  });

  scope.post(TWILIO_PATHS.outbound, async (request, reply) => {
    const config = configured(deps);
    const fields = formOf(request);
    const callSid = field(fields, 'CallSid');
    const agentId = clientIdentity(field(fields, 'From'));
    if (agentId === undefined || !isCallSid(callSid)) return twiml(reply, hangupTwiml());
    const to = field(fields, 'To')?.trim();
    const base = { callSid, offeredAt: deps.clock.now().toISOString(), agentId };
    const peerUserId = clientIdentity(to);
    if (peerUserId !== undefined && peerUserId !== agentId && (await findUserById(deps.db, peerUserId)) !== undefined) {
      return twiml(reply, dialColleagueTwiml(config, { ...base, direction: 'internal', peerUserId }, peerUserId));
    }
    const number = e164OrUndefined(to);
    if (number === undefined) return twiml(reply, messageAndHangupTwiml(DEFAULT_CALLER_LANGUAGE, 'invalidNumber'));
    const context: CallContext = { ...base, direction: 'outbound', fromNumber: config.callerId, toNumber: number };
    return twiml(reply, dialNumberTwiml(config, context, config.callerId, number));
  });

  scope.post(TWILIO_PATHS.status, async (request, reply) => {
    const fields = formOf(request);
    const context = readContext(request.query);
    // The agent's leg ended (with or without a conversation): the agent is free for the next offer.
    const callStatus = field(fields, 'CallStatus') ?? '';
    if (LEG_FINISHED.has(callStatus)) {
      const legSid = field(fields, 'CallSid');
      if (legSid !== undefined) deps.holds?.legEnded(legSid);
      if (context?.agentId !== undefined && deps.holds?.isHeld(legSid ?? '') !== true) deps.routing.ringEnded?.(context.callSid);
    }
    const event = readStatusCallback(fields, context, deps.clock.now());
    return recorded(request, reply, store, event);
  });

  scope.post(TWILIO_PATHS.recording, async (request, reply) => {
    const event = readRecordingCallback(formOf(request), readContext(request.query));
    return recorded(request, reply, store, event);
  });
}

async function recorded(request: FastifyRequest, reply: FastifyReply, store: CallStoreDeps, event: CallEvent | undefined): Promise<FastifyReply> {
  if (event === undefined) {
    // Twilio does not act on a callback's answer; a 204 keeps it from retrying something we cannot read.
    request.log.warn({ url: request.url }, 'Twilio callback without the fields of a call event');
    return reply.code(204).send();
  }
  const outcome = await recordCallEvent(store, event);
  if (outcome.written) request.log.info({ callId: outcome.id, event: event.kind }, 'call record updated from Twilio');
  return reply.code(204).send();
}

async function parentFacts(deps: TwilioWebhookDeps, event: CallEvent): Promise<{ callerId: string; queueId?: string }> {
  const callerId = configured(deps).callerId;
  if (event.kind !== 'parent' || clientIdentity(event.from) !== undefined) return { callerId };
  const queue = await findQueueForNumber(deps.db, e164OrUndefined(event.to));
  return queue === undefined ? { callerId } : { callerId, queueId: queue.id };
}

function optionalNumbers(from: string | undefined, to: string | undefined): Pick<CallContext, 'fromNumber' | 'toNumber'> {
  const fromNumber = e164OrUndefined(from);
  const toNumber = e164OrUndefined(to);
  return { ...(fromNumber === undefined ? {} : { fromNumber }), ...(toNumber === undefined ? {} : { toNumber }) };
}

/** The hooks answer 503 before any handler runs when Twilio is unconfigured. */
function configured(deps: TwilioWebhookDeps): TwilioConfig {
  if (deps.config === undefined) throw new ApiError('voice_unavailable', 'Telephony (Twilio) is not configured on this server');
  return deps.config;
}

function formOf(request: FastifyRequest): FormFields {
  const body: unknown = request.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as FormFields) : {};
}

function twiml(reply: FastifyReply, document: string): FastifyReply {
  return reply.type('text/xml; charset=utf-8').send(document);
}
