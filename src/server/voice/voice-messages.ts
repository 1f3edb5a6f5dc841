/**
 * Strict validation of incoming voice messages against the protocol's JSON schemas
 * (src/shared/voice/signalling.ts): unknown types, missing or extra properties, oversized values are
 * refused before any handler sees them.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import {
  AGENT_MESSAGE_SCHEMAS,
  CALLER_MESSAGE_SCHEMAS,
  type AgentClientMessage,
  type CallerClientMessage,
  type JsonSchema,
} from '../../shared/voice/signalling';

export type MessageParser<T> = (value: unknown) => T | undefined;

function compileAll(schemas: Readonly<Record<string, JsonSchema>>): Map<string, ValidateFunction> {
  // allowUnionTypes: RTCIceCandidateInit has nullable fields (`sdpMid: string | null`).
  const ajv = new Ajv({ strict: true, allErrors: false, allowUnionTypes: true });
  return new Map(Object.entries(schemas).map(([type, schema]) => [type, ajv.compile(schema)]));
}

function parserFor<T>(schemas: Readonly<Record<string, JsonSchema>>): MessageParser<T> {
  const validators = compileAll(schemas);
  return (value) => {
    if (typeof value !== 'object' || value === null || !('type' in value) || typeof value.type !== 'string') return undefined;
    const validate = validators.get(value.type);
    return validate?.(value) === true ? (value as T) : undefined;
  };
}

export const parseAgentMessage: MessageParser<AgentClientMessage> = parserFor(AGENT_MESSAGE_SCHEMAS);
export const parseCallerMessage: MessageParser<CallerClientMessage> = parserFor(CALLER_MESSAGE_SCHEMAS);

/** JSON text of a WebSocket frame, or undefined for binary frames and invalid JSON. */
export function parseJsonFrame(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): unknown {
  if (isBinary) return undefined;
  const buffer = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data;
  try {
    return JSON.parse(buffer.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
