/**
 * "Call this number", from wherever it comes: a `tel:`/`callto:` link opened in the OS (forwarded by
 * the desktop shell), a link clicked inside the app, or a "call back" action. The softphone subscribes
 * and dials; nothing here dials by itself. Every request carries an E.164 number: links are validated
 * with the shared phone rules before they become requests, so the softphone never sees junk.
 */
import { useEffect, useRef } from 'react';
import { Emitter } from '../../shared/voice/emitter';
import { parsePhoneLink, type NormalizedPhone, type PhoneOptions } from '../../shared/voice/phone';

export type DialSource = 'link' | 'callback' | 'screen';

export interface DialRequest {
  /** E.164. */
  readonly number: string;
  readonly source: DialSource;
  /** The callback request being worked, so the call record can point at it. */
  readonly callbackId?: string;
  readonly customerId?: string;
}

type DialEvents = { request: (request: DialRequest) => void };

/** The requests of one window; a small bus so the sources and the softphone need not know each other. */
export class DialRequests {
  // A failing listener is reported like an uncaught error (window 'error' event), without stopping the others.
  private readonly emitter = new Emitter<DialEvents>((error) => {
    globalThis.reportError(error);
  });

  /** Asks for a call; returns whether anyone (the softphone) is listening to place it. */
  request(request: DialRequest): boolean {
    const listening = this.emitter.listenerCount('request') > 0;
    this.emitter.emit('request', request);
    return listening;
  }

  /** A `tel:`/`callto:` link: validated and, when it is a real number, requested. Returns the parse result either way. */
  requestLink(href: string, options: Pick<PhoneOptions, 'defaultCountry'> = {}): NormalizedPhone {
    const parsed = parsePhoneLink(href, { ...options, validation: 'valid' });
    if (parsed.ok) this.request({ number: parsed.e164, source: 'link' });
    return parsed;
  }

  subscribe(listener: (request: DialRequest) => void): () => void {
    return this.emitter.on('request', listener);
  }

  hasListener(): boolean {
    return this.emitter.listenerCount('request') > 0;
  }
}

/** The window's dial requests. */
export const dialRequests = new DialRequests();

/** Subscribes a component (the softphone) to dial requests for as long as it is mounted. */
export function useDialRequests(onRequest: (request: DialRequest) => void, source: DialRequests = dialRequests): void {
  const latest = useRef(onRequest);
  useEffect(() => {
    latest.current = onRequest;
  });
  useEffect(
    () =>
      source.subscribe((request) => {
        latest.current(request);
      }),
    [source],
  );
}
