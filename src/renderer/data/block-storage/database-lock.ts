/**
 * One page per database. The block storage keeps a database in the memory of the page that opened
 * it, so a second page (another tab of the same user in web mode) must not open it too: it would work
 * from a copy the first page's writes never reach, and both would append to one log. An exclusive
 * Web Lock, held while any collection of the database is open, makes the second page fail with
 * `DatabaseInUseError` instead (Chromium has the Web Locks API in web mode and in Electron).
 */

/** The part of the Web Locks API used here (declared: the renderer's unit tests compile without the DOM library). */
export interface LockManagerLike {
  request(name: string, options: { ifAvailable: true }, callback: (lock: unknown) => Promise<void>): Promise<unknown>;
}

/** Thrown when another page of this browser profile has the database open. */
export class DatabaseInUseError extends Error {
  constructor(readonly databaseName: string) {
    super(`The local database ${databaseName} is open in another window or tab`);
    this.name = 'DatabaseInUseError';
  }
}

/** Whether `error` is, or was caused by, a `DatabaseInUseError` (RxDB may wrap what a storage throws). */
export function isDatabaseInUse(error: unknown): boolean {
  for (let cause = error, depth = 0; cause !== undefined && cause !== null && depth < 5; depth++) {
    if (cause instanceof DatabaseInUseError) return true;
    const wrapped = cause as { cause?: unknown; parameters?: { error?: unknown } };
    cause = wrapped.cause ?? wrapped.parameters?.error;
  }
  return false;
}

/** The browser's lock manager, if it has one. */
export function browserLocks(): LockManagerLike | undefined {
  return (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
}

/**
 * Takes the database's lock without waiting; resolves with the function that releases it, or rejects
 * with `DatabaseInUseError` when another page holds it.
 */
export function lockDatabase(locks: LockManagerLike, databaseName: string): Promise<() => void> {
  return new Promise((resolve, reject) => {
    locks
      .request(`atende-blocks:${databaseName}`, { ifAvailable: true }, (lock) => {
        if (lock === null) {
          reject(new DatabaseInUseError(databaseName));
          return Promise.resolve();
        }
        // The lock is held until this promise settles.
        return new Promise<void>((release) => {
          resolve(() => {
            release();
          });
        });
      })
      .catch((error: unknown) => {
        reject(error instanceof Error ? error : new Error(String(error)));
      });
  });
}
