import type { RxStorage, RxStorageInstance, RxStorageInstanceCreationParams } from 'rxdb';

/**
 * RxDB's Dexie storage with every instance it creates passed through `wrap` (which patches the
 * instance's methods and returns it); any other storage is returned as it is. The storage wrappers of
 * the replica (bulk-insert.ts, ordered-reads.ts) rely on the Dexie storage's internals.
 */
export function wrapDexieInstances<S extends RxStorage<unknown, unknown>>(
  storage: S,
  wrap: (instance: RxStorageInstance<unknown, unknown, unknown>, params: RxStorageInstanceCreationParams<unknown, unknown>) => RxStorageInstance<unknown, unknown, unknown>,
): S {
  if (storage.name !== 'dexie') return storage;
  const wrapped: RxStorage<unknown, unknown> = {
    name: storage.name,
    rxdbVersion: storage.rxdbVersion,
    // RxDB types an instance by its document type; the wrappers work on any collection's.
    createStorageInstance: async (params) => wrap((await storage.createStorageInstance(params)) as never, params as never) as never,
  };
  return wrapped as S;
}
