import { describe, expect, it } from 'vitest';
import { createPresenceRouting, type PresenceSource } from '../../../../src/server/voice/twilio/presence-routing';

const SID_1 = `CA${'1'.repeat(32)}`;
const SID_2 = `CA${'2'.repeat(32)}`;

/** Presence with free agents in longest-idle order; a reservation takes an agent out until released. */
class FakePresence implements PresenceSource {
  readonly reserved = new Map<string, string>();
  /** Agents another offer reserves between our pick and our reservation (the race the adapter must survive). */
  readonly stolen = new Set<string>();
  constructor(private readonly order: readonly string[]) {}

  pickAvailableAgent(_queueId: string, exclude: ReadonlySet<string> = new Set()) {
    const userId = this.order.find((id) => !this.reserved.has(id) && !exclude.has(id));
    return Promise.resolve(userId === undefined ? undefined : { userId });
  }

  reserve(userId: string, offerId: string): boolean {
    if (this.stolen.has(userId)) {
      this.reserved.set(userId, 'webrtc-offer');
      return false;
    }
    if (this.reserved.has(userId)) return false;
    this.reserved.set(userId, offerId);
    return true;
  }

  release(userId: string, offerId: string): void {
    if (this.reserved.get(userId) === offerId) this.reserved.delete(userId);
  }
}

class ManualTimers {
  readonly pending = new Map<number, { callback: () => void; ms: number }>();
  private next = 0;
  set = (callback: () => void, ms: number) => {
    const id = this.next++;
    this.pending.set(id, { callback, ms });
    return () => {
      this.pending.delete(id);
    };
  };
  fireAll() {
    for (const [id, timer] of [...this.pending]) {
      this.pending.delete(id);
      timer.callback();
    }
  }
}

describe('createPresenceRouting', () => {
  it('reserves the longest-idle free agent for the ring, so a second call rings someone else', async () => {
    const presence = new FakePresence(['usr_ana', 'usr_bruno']);
    const timers = new ManualTimers();
    const routing = createPresenceRouting(presence, { maxHoldMs: 1000, setTimer: timers.set });
    expect(await routing.pickAgent('que_main', SID_1)).toBe('usr_ana');
    expect(await routing.pickAgent('que_main', SID_2)).toBe('usr_bruno');
    expect(await routing.pickAgent('que_main', `CA${'3'.repeat(32)}`)).toBeUndefined();
  });

  it('frees the agent when the dial ends, and only that call’s reservation', async () => {
    const presence = new FakePresence(['usr_ana']);
    const timers = new ManualTimers();
    const routing = createPresenceRouting(presence, { maxHoldMs: 1000, setTimer: timers.set });
    await routing.pickAgent('que_main', SID_1);
    routing.ringEnded?.(SID_2);
    expect(presence.reserved.get('usr_ana')).toBe(`twilio:${SID_1}`);
    routing.ringEnded?.(SID_1);
    expect(presence.reserved.size).toBe(0);
    expect(timers.pending.size).toBe(0);
  });

  it('takes the next agent when another offer reserved the picked one first', async () => {
    const presence = new FakePresence(['usr_ana', 'usr_bruno']);
    presence.stolen.add('usr_ana');
    const routing = createPresenceRouting(presence, { maxHoldMs: 1000, setTimer: new ManualTimers().set });
    expect(await routing.pickAgent('que_main', SID_1)).toBe('usr_bruno');
    expect(presence.reserved.get('usr_ana')).toBe('webrtc-offer');
  });

  it('releases a reservation whose end-of-dial webhook never came', async () => {
    const presence = new FakePresence(['usr_ana']);
    const timers = new ManualTimers();
    const routing = createPresenceRouting(presence, { maxHoldMs: 7_200_000, setTimer: timers.set });
    await routing.pickAgent('que_main', SID_1);
    expect([...timers.pending.values()].map((timer) => timer.ms)).toEqual([7_200_000]);
    timers.fireAll();
    expect(presence.reserved.size).toBe(0);
  });

  it('a call back from hold releases its previous reservation before picking again', async () => {
    const presence = new FakePresence(['usr_ana']);
    const routing = createPresenceRouting(presence, { maxHoldMs: 1000, setTimer: new ManualTimers().set });
    expect(await routing.pickAgent('que_main', SID_1)).toBe('usr_ana');
    expect(await routing.pickAgent('que_main', SID_1)).toBe('usr_ana');
  });
});
