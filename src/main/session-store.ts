/**
 * The signed-in session kept between launches, encrypted with the OS keychain through safeStorage.
 * SECURITY-SENSITIVE: never write the token in plain text; do not change without review.
 *
 * - The file holds only safeStorage ciphertext; it is written atomically (temp file + rename, 0600).
 * - When the OS offers no encryption (e.g. Linux without a keyring), nothing is written: the session
 *   lives in memory for this run only, and a warning is logged once.
 * - A file that cannot be decrypted, parsed or validated is removed and treated as "no session".
 * - Operations run one after another, so a save followed by a clear always ends cleared.
 */
import { dirname } from 'node:path';
import { isStoredSession, type StoredSession } from '../shared/ipc/contract';
import type { Logger } from './logger';

export const SESSION_FILE_NAME = 'session.bin';
const FORMAT_VERSION = 1;

export interface SessionStoreFs {
  readFile(path: string): Promise<Buffer>;
  writeFile(path: string, data: Uint8Array, options: { mode: number }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: true }): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
}

/** Electron's safeStorage, narrowed to its asynchronous API (the synchronous one is deprecated). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ readonly result: string; readonly shouldReEncrypt: boolean }>;
}

export interface SessionStoreDeps {
  /** Absolute path of the session file, under app.getPath('userData'). */
  readonly filePath: string;
  readonly fs: SessionStoreFs;
  readonly safeStorage: SafeStorageLike;
  readonly logger: Logger;
  /** Unique suffix for temp files; injected for tests. */
  readonly tempSuffix?: () => string;
}

export interface SessionStore {
  load(): Promise<StoredSession | null>;
  save(session: StoredSession): Promise<void>;
  clear(): Promise<void>;
}

/** Copies exactly the fields of a session, so nothing extra a caller attached is ever stored. */
function pickSession(session: StoredSession): StoredSession {
  const { id, name, email, role } = session.user;
  return { serverUrl: session.serverUrl, token: session.token, user: { id, name, email, role } };
}

function isMissingFile(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}

export function createSessionStore(deps: SessionStoreDeps): SessionStore {
  const { filePath, fs, safeStorage, logger } = deps;
  const tempSuffix = deps.tempSuffix ?? (() => `${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}`);
  /** Only used when encryption is unavailable: the session of this run, never written. */
  let memory: StoredSession | null = null;
  let warnedUnavailable = false;
  let queue: Promise<unknown> = Promise.resolve();

  const serial = <T>(operation: () => Promise<T>): Promise<T> => {
    const next = queue.then(operation, operation);
    queue = next.catch(() => undefined);
    return next;
  };

  const encryptionAvailable = async (): Promise<boolean> => {
    let available = false;
    try {
      available = await safeStorage.isAsyncEncryptionAvailable();
    } catch (error) {
      logger.error('Could not ask the OS whether encryption is available', error);
    }
    if (!available && !warnedUnavailable) {
      warnedUnavailable = true;
      logger.warn('OS encryption (safeStorage) is unavailable: the session is kept in memory for this run only');
    }
    return available;
  };

  const removeFile = async (): Promise<void> => {
    await fs.rm(filePath, { force: true });
  };

  const writeEncrypted = async (session: StoredSession): Promise<void> => {
    const ciphertext = await safeStorage.encryptStringAsync(JSON.stringify({ version: FORMAT_VERSION, session }));
    const tempPath = `${filePath}.${tempSuffix()}.tmp`;
    await fs.mkdir(dirname(filePath), { recursive: true });
    try {
      await fs.writeFile(tempPath, ciphertext, { mode: 0o600 });
      await fs.rename(tempPath, filePath);
    } catch (error) {
      await fs.rm(tempPath, { force: true }).catch(() => undefined);
      throw error;
    }
  };

  const discardCorrupt = async (reason: string): Promise<null> => {
    logger.warn(`Stored session is unusable (${reason}); removing it`);
    await removeFile().catch((error: unknown) => {
      logger.error('Could not remove the unusable session file', error);
    });
    return null;
  };

  const load = async (): Promise<StoredSession | null> => {
    if (memory !== null) return memory;
    let ciphertext: Buffer;
    try {
      ciphertext = await fs.readFile(filePath);
    } catch (error) {
      if (isMissingFile(error)) return null;
      throw error;
    }
    // Without the keychain the file cannot be read now, but it is not corrupt: leave it.
    if (!(await encryptionAvailable())) return null;
    let decrypted: { readonly result: string; readonly shouldReEncrypt: boolean };
    try {
      decrypted = await safeStorage.decryptStringAsync(ciphertext);
    } catch {
      return discardCorrupt('cannot be decrypted');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(decrypted.result);
    } catch {
      return discardCorrupt('not JSON');
    }
    if (
      typeof parsed !== 'object' ||
      parsed === null ||
      !('version' in parsed) ||
      parsed.version !== FORMAT_VERSION ||
      !('session' in parsed) ||
      !isStoredSession(parsed.session)
    ) {
      return discardCorrupt('unexpected content');
    }
    const session = pickSession(parsed.session);
    if (decrypted.shouldReEncrypt) {
      await writeEncrypted(session).catch((error: unknown) => {
        logger.error('Could not re-encrypt the stored session', error);
      });
    }
    return session;
  };

  const save = async (session: StoredSession): Promise<void> => {
    if (!isStoredSession(session)) throw new TypeError('Refusing to store an invalid session');
    const clean = pickSession(session);
    if (!(await encryptionAvailable())) {
      memory = clean;
      // An older encrypted session must not come back on a later launch.
      await removeFile();
      return;
    }
    memory = null;
    await writeEncrypted(clean);
  };

  const clear = async (): Promise<void> => {
    memory = null;
    await removeFile();
  };

  return {
    load: () => serial(load),
    save: (session) => serial(() => save(session)),
    clear: () => serial(clear),
  };
}
