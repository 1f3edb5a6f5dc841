import { describe, expect, it } from 'vitest';
import { UnconfirmedPushes, type UnconfirmedSnapshot } from '../../../src/renderer/data/unconfirmed-pushes';

function memoryStorage(initial: UnconfirmedSnapshot = []) {
  const storage = {
    saved: initial,
    saves: 0,
    load: () => Promise.resolve(storage.saved),
    save: (snapshot: UnconfirmedSnapshot) => {
      storage.saved = structuredClone(snapshot);
      storage.saves += 1;
      return Promise.resolve();
    },
  };
  return storage;
}

describe('UnconfirmedPushes', () => {
  it('keeps a pushed state until its answer settles it, and stores it before the push goes out', async () => {
    const storage = memoryStorage();
    const pushes = new UnconfirmedPushes();
    await pushes.attach(storage);
    pushes.remember('t1', { id: 't1', subject: 'A', _meta: { lwt: 1 }, _rev: '1-x' }, false);
    await pushes.flushed();
    expect(storage.saved).toEqual([['t1', [{ state: { id: 't1', subject: 'A' }, insert: false, sends: 1 }]]]);

    // A conflict answer: that state was not applied; an earlier lost one stays.
    pushes.remember('t1', { id: 't1', subject: 'B' }, false);
    pushes.settle('t1', { id: 't1', subject: 'B', _rev: '2-y' });
    expect(pushes.of('t1')).toEqual([{ state: { id: 't1', subject: 'A' }, insert: false, sends: 1 }]);
    // An accepted push of the current state: nothing before it matters any more.
    pushes.forget('t1');
    await pushes.flushed();
    expect(pushes.of('t1')).toEqual([]);
    expect(storage.saved).toEqual([]);
  });

  it('brings back what an earlier session could not confirm (the answer was lost to a reload)', async () => {
    const storage = memoryStorage();
    const before = new UnconfirmedPushes();
    await before.attach(storage);
    before.remember('t1', { id: 't1', subject: 'lost answer' }, true);
    await before.flushed();

    const after = new UnconfirmedPushes();
    await after.attach(storage);
    expect(after.of('t1')).toEqual([{ state: { id: 't1', subject: 'lost answer' }, insert: true, sends: 1 }]);
  });

  it('keeps a state whose retry conflicts while its first send is unanswered (that one may have been applied)', () => {
    const pushes = new UnconfirmedPushes();
    pushes.remember('t1', { id: 't1', organization: 'Mine' }, false);
    // The answer is lost; the retry of the same state finds that Bruno changed another field meanwhile.
    pushes.remember('t1', { id: 't1', organization: 'Mine' }, false);
    pushes.settle('t1', { id: 't1', organization: 'Mine' });
    expect(pushes.of('t1').map((push) => push.state.organization)).toEqual(['Mine']);
    // Both sends answered "not applied": the state is known not to be on the server.
    pushes.settle('t1', { id: 't1', organization: 'Mine' });
    expect(pushes.of('t1')).toEqual([]);
  });

  it('reads records saved before sends were counted as sent once', async () => {
    const pushes = new UnconfirmedPushes();
    await pushes.attach(memoryStorage([['t1', [{ state: { id: 't1', subject: 'old' }, insert: false }]]]));
    pushes.settle('t1', { id: 't1', subject: 'old' });
    expect(pushes.of('t1')).toEqual([]);
  });

  it('keeps the newest states per document, and a retried state once', () => {
    const pushes = new UnconfirmedPushes();
    pushes.remember('t1', { id: 't1', subject: 'first' }, false);
    // Retries of one state (the network is down) must not push the first state out.
    for (let attempt = 0; attempt < 100; attempt++) pushes.remember('t1', { id: 't1', subject: 'second' }, false);
    expect(pushes.of('t1').map((push) => push.state.subject)).toEqual(['first', 'second']);
    for (let index = 0; index < 40; index++) pushes.remember('t1', { id: 't1', subject: `s${index}` }, false);
    expect(pushes.of('t1')).toHaveLength(32);
    expect(pushes.of('t1').at(-1)?.state.subject).toBe('s39');
  });
});
