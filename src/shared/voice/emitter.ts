/**
 * A small typed event emitter (no Node `events`, no DOM `EventTarget`, so it works in src/shared).
 * A listener that throws does not stop the others: one broken subscriber must not swallow a call event.
 */
export type EventMap = Record<string, (...args: never[]) => void>;

export interface Subscribable<Events extends EventMap> {
  /** Adds a listener; returns the function that removes it. */
  on<E extends keyof Events>(event: E, listener: Events[E]): () => void;
}

export class Emitter<Events extends EventMap> implements Subscribable<Events> {
  private readonly listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  on<E extends keyof Events>(event: E, listener: Events[E]): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
    }
    // A wrapper, so the same function subscribed twice gets two independent subscriptions.
    const entry = ((...args: Parameters<Events[E]>) => {
      listener(...args);
    }) as Events[E];
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    const set = this.listeners.get(event);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        (listener as (...args: Parameters<Events[E]>) => void)(...args);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  listenerCount(event: keyof Events): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  clear(): void {
    this.listeners.clear();
  }
}
