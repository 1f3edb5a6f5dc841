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

  it('stops counting a push as the source of a field once the server showed that field overwritten', () => {
    const pushes = new UnconfirmedPushes();
    // We closed the ticket and renamed it; the answer is lost.
    pushes.remember('t1', { id: 't1', status: 'closed', subject: 'Mine', updatedAt: 'u0' }, false, ['status', 'subject'], 'u0');
    // A conflict shows the server at u2: our subject is there, the status is Bruno's "solved".
    pushes.observe('t1', { id: 't1', status: 'solved', subject: 'Mine', updatedAt: 'u2' }, ['updatedAt']);
    expect(pushes.of('t1')).toEqual([{ state: { id: 't1', status: 'closed', subject: 'Mine', updatedAt: 'u0' }, insert: false, changed: ['subject'], basedOn: 'u0', sends: 1 }]);
    // Once the subject is overwritten too, the push explains nothing any more.
    pushes.observe('t1', { id: 't1', status: 'closed', subject: 'Theirs', updatedAt: 'u3' }, ['updatedAt']);
    expect(pushes.of('t1')).toEqual([]);
  });

  it('keeps a push the server copy is still based on (it can be applied later) and what an insert began as', () => {
    const pushes = new UnconfirmedPushes();
    pushes.remember('t1', { id: 't1', status: 'closed' }, false, ['status'], 'u0');
    pushes.observe('t1', { id: 't1', status: 'open', updatedAt: 'u0' }, ['updatedAt']);
    expect(pushes.of('t1').map((push) => push.state.status)).toEqual(['closed']);

    pushes.remember('t2', { id: 't2', subject: 'New', status: 'new' }, true);
    pushes.observe('t2', { id: 't2', subject: 'New', status: 'open', updatedAt: 'u5' }, ['updatedAt']);
    expect(pushes.of('t2')).toEqual([{ state: { id: 't2', subject: 'New', status: 'new' }, insert: true, changed: ['id', 'subject'], sends: 1 }]);
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
