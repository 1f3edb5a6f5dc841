/**
 * `POST /api/v1/voice/calls/:callSid/hold` and `/resume` (bearer auth): the Twilio provider's
 * `server.hold/resume` with the agent's leg. 204 when done; 404 when there is no bridged call to hold
 * or resume; 403 when the leg is not the signed-in user's softphone; 503 without Twilio.
 */
import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../auth/bearer-auth';
import { ApiError } from '../../http/api-error';
import { VOICE_HOLD_ROUTE, VOICE_RESUME_ROUTE } from '../../../shared/voice/voice-api';
import { isCallSid } from './call-context';
import type { CallHolds, HoldProblem } from './call-hold';

const params = {
  type: 'object',
  additionalProperties: false,
  properties: { callSid: { type: 'string', pattern: '^CA[0-9a-fA-F]{32}$', maxLength: 34 } },
  required: ['callSid'],
} as const;

function fail(problem: HoldProblem): never {
  if (problem === 'not_yours') throw new ApiError('forbidden', 'This call is not on your softphone');
  throw new ApiError('not_found', 'No connected call to hold or resume');
}

export function registerHoldRoutes(api: FastifyInstance, holds: CallHolds | undefined): void {
  for (const [route, action] of [
    [VOICE_HOLD_ROUTE, 'hold'],
    [VOICE_RESUME_ROUTE, 'resume'],
  ] as const) {
    api.post<{ Params: { callSid: string } }>(route, { schema: { params } }, async (request, reply) => {
      const user = requireUser(request);
      if (holds === undefined) throw new ApiError('voice_unavailable', 'Telephony (Twilio) is not configured on this server');
      const { callSid } = request.params;
      if (!isCallSid(callSid)) throw new ApiError('bad_request', 'Not a Twilio CallSid');
      const problem = await holds[action](callSid, user.id);
      if (problem !== undefined) fail(problem);
      request.log.info({ userId: user.id, callSid, action }, 'Twilio call hold changed');
      return reply.code(204).send();
    });
  }
}
