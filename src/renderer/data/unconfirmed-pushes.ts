/**
 * Pushed document states whose outcome this client does not know yet: recorded before a push is sent,
 * settled by its answer. A state stays recorded when the answer never came (connection dropped, server
 * killed after its commit, app closed mid-request): the server may hold it, and the conflict handler
 * must merge against it (`rebaseOnUnconfirmedPushes` in src/shared/sync/merge.ts).
 *
 * Kept in a local document of the user's database, written before the push goes out, so an answer lost
 * to a reload or a crash is still known afterwards.
 */
import type { UnconfirmedPush } from '../../shared/sync/merge';
import { jsonEqual, omitKeys } from '../../shared/util/deep-equal';

/** Per document the newest few states, over all documents the most recently pushed ones. */
const MAX_PER_DOCUMENT = 32;
const MAX_DOCUMENTS = 2_000;
/** RxDB's own keys on document data, never part of the entity on the wire. */
const LOCAL_KEYS = ['_meta', '_rev', '_attachments'];

/**
 * A pushed state and how many of its sends are unanswered. A retry sends the same state again: only
 * when every send was answered "not applied" is the state known not to be on the server (the first
 * send may have been applied before someone else changed the document, and the retry then conflicts).
 */
interface PushRecord extends UnconfirmedPush {
  /** Absent in records saved before this was counted: one send. */
  readonly sends?: number;
  /** The `updatedAt` of the master the push was based on (absent for an insert). */
  readonly basedOn?: unknown;
}

export type UnconfirmedSnapshot = readonly (readonly [id: string, pushes: readonly PushRecord[]])[];

/** Where the states are kept between sessions. */
export interface UnconfirmedPushStorage {
  load(): Promise<UnconfirmedSnapshot>;
  save(snapshot: UnconfirmedSnapshot): Promise<void>;
}

export class UnconfirmedPushes {
  private readonly byId = new Map<string, PushRecord[]>();
  private storage: UnconfirmedPushStorage | undefined;
  private saving: Promise<void> = Promise.resolve();
  private saveQueued = false;

  /** Loads the states kept by an earlier session and keeps every later change there. */
  async attach(storage: UnconfirmedPushStorage): Promise<void> {
    for (const [id, pushes] of await storage.load()) {
      this.byId.set(id, [...pushes, ...(this.byId.get(id) ?? [])].slice(-MAX_PER_DOCUMENT));
    }
    this.storage = storage;
  }

  of(id: string): readonly UnconfirmedPush[] {
    return this.byId.get(id) ?? [];
  }

  /** `state` of `id` is about to be pushed, as an insert or changing `changed` (see `UnconfirmedPush`). */
  remember(id: string, state: object, insert: boolean, changed?: readonly string[], basedOn?: unknown): void {
    const clean = omitKeys(state as Record<string, unknown>, LOCAL_KEYS);
    // A retry pushes the same state again: keep one copy (so retries never push out older states) and
    // count its sends.
    const previous = this.byId.get(id) ?? [];
    const same = previous.find((push) => jsonEqual(push.state, clean));
    const pushes = previous.filter((push) => push !== same);
    this.byId.delete(id);
    const fields = changed === undefined || (same !== undefined && same.changed === undefined) ? undefined : [...new Set([...(same?.changed ?? []), ...changed])].sort();
    pushes.push({
      state: clean,
      insert: insert || same?.insert === true,
      ...(fields === undefined ? {} : { changed: fields }),
      ...(basedOn === undefined ? {} : { basedOn }),
      sends: (same?.sends ?? (same === undefined ? 0 : 1)) + 1,
    });
    this.byId.set(id, pushes.slice(-MAX_PER_DOCUMENT));
    while (this.byId.size > MAX_DOCUMENTS) {
      const oldest = this.byId.keys().next().value;
      if (oldest === undefined) break;
      this.byId.delete(oldest);
    }
    this.changed();
  }

  /**
   * The server answered one send of `state` without applying it (a conflict or a refusal). The state
   * stays recorded while other sends of it are unanswered: one of those may have been applied.
   */
  settle(id: string, state: object): void {
    const pushes = this.byId.get(id);
    const clean = omitKeys(state as Record<string, unknown>, LOCAL_KEYS);
    const index = pushes?.findLastIndex((push) => jsonEqual(push.state, clean)) ?? -1;
    const push = pushes?.[index];
    if (pushes === undefined || push === undefined) return;
    const sends = (push.sends ?? 1) - 1;
    if (sends > 0) pushes[index] = { ...push, sends };
    else pushes.splice(index, 1);
    if (pushes.length === 0) this.byId.delete(id);
    this.changed();
  }

  /**
   * The server's copy of `id` as a conflict answer showed it. A push this copy is not based on can no
   * longer be applied later (the server compares the whole base), so a field where the copy holds
   * another value than the push was overwritten since (or never came from it): an equal value there
   * later is someone else's, and the push stops counting as its source. Fields the copy still holds
   * as pushed keep counting.
   */
  observe(id: string, master: Readonly<Record<string, unknown>>, ignored: readonly string[]): void {
    const pushes = this.byId.get(id);
    if (pushes === undefined) return;
    let changed = false;
    const kept: PushRecord[] = [];
    for (const push of pushes) {
      if (push.basedOn !== undefined && jsonEqual(push.basedOn, master.updatedAt)) {
        kept.push(push);
        continue;
      }
      const fields = (push.changed ?? Object.keys(push.state)).filter((field) => !ignored.includes(field));
      const still = fields.filter((field) => jsonEqual(push.state[field], master[field]));
      if (still.length === fields.length && push.changed !== undefined) {
        kept.push(push);
        continue;
      }
      changed = true;
      // An insert stays: it tells which state the server's copy began as (see rebaseOnUnconfirmedPushes).
      if (still.length > 0 || push.insert) kept.push({ ...push, changed: still });
    }
    if (!changed) return;
    if (kept.length === 0) this.byId.delete(id);
    else this.byId.set(id, kept);
    this.changed();
  }

  /** The server applied a push of `id`'s current state: the earlier ones no longer matter. */
  forget(id: string): void {
    if (this.byId.delete(id)) this.changed();
  }

  /** Resolves once every change so far is stored. */
  flushed(): Promise<void> {
    return this.saving;
  }

  private changed(): void {
    const storage = this.storage;
    if (storage === undefined || this.saveQueued) return;
    this.saveQueued = true;
    // One save at a time, each writing the latest snapshot; a failed save is retried by the next change.
    this.saving = this.saving.then(async () => {
      this.saveQueued = false;
      await storage.save([...this.byId.entries()]).catch(() => undefined);
    });
  }
}
