import type { RxStorage, RxStorageInstance, RxStorageInstanceCreationParams } from 'rxdb';

type InstanceWrap = (
  instance: RxStorageInstance<unknown, unknown, unknown>,
  params: RxStorageInstanceCreationParams<unknown, unknown>,
) => RxStorageInstance<unknown, unknown, unknown>;

/**
 * RxDB's Dexie storage with every instance it creates passed through `wrap` (which patches the
 * instance's methods and returns it); any other storage is returned as it is. The storage wrappers of
 * the replica (bulk-insert.ts, ordered-reads.ts) rely on the Dexie storage's internals.
 */
export function wrapDexieInstances<S extends RxStorage<unknown, unknown>>(storage: S, wrap: InstanceWrap): S {
  return storage.name === 'dexie' ? wrapStorageInstances(storage, wrap) : storage;
}

/** `storage` with every instance it creates passed through `wrap`. */
export function wrapStorageInstances<S extends RxStorage<unknown, unknown>>(storage: S, wrap: InstanceWrap): S {
  const wrapped: RxStorage<unknown, unknown> = {
    name: storage.name,
    rxdbVersion: storage.rxdbVersion,
    // RxDB types an instance by its document type; the wrappers work on any collection's.
    createStorageInstance: async (params) => wrap((await storage.createStorageInstance(params)) as never, params as never) as never,
  };
  return wrapped as S;
}
