import { describe, expect, it, vi } from 'vitest';
import type { StoredSession } from '../../../src/shared/ipc/contract';
import { silentLogger } from '../../../src/main/logger';
import { createSessionStore, type SafeStorageLike, type SessionStoreFs } from '../../../src/main/session-store';

const FILE = '/user-data/session.bin';

const session: StoredSession = {
  serverUrl: 'https://sync.example.com',
  token: 'secret-token',
  user: { id: 'u1', name: 'Ana', email: 'ana@example.com', role: 'supervisor' },
};

function enoent(path: string): Error {
  return Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
}

/** An in-memory file system that records what was written and how. */
function fakeFs() {
  const files = new Map<string, Buffer>();
  const modes = new Map<string, number>();
  const fs = {
    readFile: vi.fn((path: string) => {
      const data = files.get(path);
      return data === undefined ? Promise.reject(enoent(path)) : Promise.resolve(data);
    }),
    writeFile: vi.fn((path: string, data: Uint8Array, options: { mode: number }) => {
      files.set(path, Buffer.from(data));
      modes.set(path, options.mode);
      return Promise.resolve();
    }),
    rename: vi.fn((from: string, to: string) => {
      const data = files.get(from);
      if (data === undefined) return Promise.reject(enoent(from));
      files.delete(from);
      files.set(to, data);
      modes.set(to, modes.get(from) ?? 0);
      return Promise.resolve();
    }),
    rm: vi.fn((path: string) => {
      files.delete(path);
      return Promise.resolve();
    }),
    mkdir: vi.fn(() => Promise.resolve(undefined)),
  } satisfies SessionStoreFs;
  return { fs, files, modes };
}

/** Reversible "encryption" that is visibly not plain text. */
function fakeSafeStorage(available = true) {
  const safeStorage = {
    isAsyncEncryptionAvailable: vi.fn(() => Promise.resolve(available)),
    encryptStringAsync: vi.fn((text: string) => Promise.resolve(Buffer.from(`ENC:${Buffer.from(text).toString('base64')}`))),
    decryptStringAsync: vi.fn((data: Buffer) => {
      const text = data.toString();
      if (!text.startsWith('ENC:')) return Promise.reject(new Error('Error while decrypting the ciphertext'));
      return Promise.resolve({ result: Buffer.from(text.slice(4), 'base64').toString(), shouldReEncrypt: false });
    }),
  } satisfies SafeStorageLike;
  return safeStorage;
}

function setup(options: { available?: boolean } = {}) {
  const { fs, files, modes } = fakeFs();
  const safeStorage = fakeSafeStorage(options.available ?? true);
  const warn = vi.fn();
  const store = createSessionStore({ filePath: FILE, fs, safeStorage, logger: { ...silentLogger, warn }, tempSuffix: () => 'tmp1' });
  return { store, fs, files, modes, safeStorage, warn };
}

describe('session store', () => {
  it('round-trips a session through encrypted storage', async () => {
    const { store, files } = setup();
    expect(await store.load()).toBeNull();
    await store.save(session);
    const raw = files.get(FILE);
    expect(raw).toBeDefined();
    expect(raw?.toString()).not.toContain('secret-token');
    expect(await store.load()).toEqual(session);
  });

  it('reads what another instance wrote (it is on disk, not in memory)', async () => {
    const first = setup();
    await first.store.save(session);
    const second = createSessionStore({ filePath: FILE, fs: first.fs, safeStorage: first.safeStorage, logger: silentLogger });
    expect(await second.load()).toEqual(session);
  });

  it('writes atomically: a 0600 temp file, then a rename over the real one', async () => {
    const { store, fs, files, modes } = setup();
    await store.save(session);
    expect(fs.mkdir).toHaveBeenCalledWith('/user-data', { recursive: true });
    expect(fs.writeFile).toHaveBeenCalledWith(`${FILE}.tmp1.tmp`, expect.any(Buffer), { mode: 0o600 });
    expect(fs.rename).toHaveBeenCalledWith(`${FILE}.tmp1.tmp`, FILE);
    expect([...files.keys()]).toEqual([FILE]);
    expect(modes.get(FILE)).toBe(0o600);
  });

  it('removes the temp file and keeps the old session when the rename fails', async () => {
    const { store, fs, files } = setup();
    await store.save(session);
    fs.rename.mockRejectedValueOnce(new Error('EXDEV'));
    await expect(store.save({ ...session, token: 'newer' })).rejects.toThrow('EXDEV');
    expect([...files.keys()]).toEqual([FILE]);
    expect(await store.load()).toEqual(session);
  });

  it('stores only the fields of a session', async () => {
    const { store } = setup();
    const withExtras = { ...session, password: 'hunter2', user: { ...session.user, isAdmin: true } } as StoredSession;
    await store.save(withExtras);
    expect(await store.load()).toEqual(session);
  });

  it('refuses an invalid session', async () => {
    const { store, fs } = setup();
    await expect(store.save({ ...session, token: '' })).rejects.toThrow(TypeError);
    expect(fs.writeFile).not.toHaveBeenCalled();
  });

  it('clears the stored session', async () => {
    const { store, files } = setup();
    await store.save(session);
    await store.clear();
    expect(files.has(FILE)).toBe(false);
    expect(await store.load()).toBeNull();
  });

  it('runs operations in order: save then clear ends cleared', async () => {
    const { store } = setup();
    const saving = store.save(session);
    const clearing = store.clear();
    await Promise.all([saving, clearing]);
    expect(await store.load()).toBeNull();
  });

  it.each([
    ['undecryptable bytes', Buffer.from('garbage')],
    ['encrypted non-JSON', Buffer.from(`ENC:${Buffer.from('{not json').toString('base64')}`)],
    ['encrypted JSON of the wrong shape', Buffer.from(`ENC:${Buffer.from(JSON.stringify({ version: 1, session: { token: 1 } })).toString('base64')}`)],
    ['an unknown format version', Buffer.from(`ENC:${Buffer.from(JSON.stringify({ version: 99, session })).toString('base64')}`)],
  ])('treats a corrupt file (%s) as no session and removes it', async (_name, content) => {
    const { store, files, warn } = setup();
    files.set(FILE, content);
    expect(await store.load()).toBeNull();
    expect(files.has(FILE)).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('removing it'));
  });

  it('re-encrypts when the OS says the key changed', async () => {
    const { store, safeStorage, fs } = setup();
    await store.save(session);
    fs.writeFile.mockClear();
    const decrypt = safeStorage.decryptStringAsync.getMockImplementation();
    safeStorage.decryptStringAsync.mockImplementationOnce(async (data: Buffer) => {
      const decrypted = await decrypt?.(data);
      return { result: decrypted?.result ?? '', shouldReEncrypt: true };
    });
    expect(await store.load()).toEqual(session);
    expect(fs.writeFile).toHaveBeenCalledTimes(1);
  });

  describe('when OS encryption is unavailable', () => {
    it('keeps the session in memory only, never on disk, and warns once', async () => {
      const { store, fs, files, warn, safeStorage } = setup({ available: false });
      await store.save(session);
      await store.save({ ...session, token: 'second' });
      expect(fs.writeFile).not.toHaveBeenCalled();
      expect(safeStorage.encryptStringAsync).not.toHaveBeenCalled();
      expect(files.size).toBe(0);
      expect(await store.load()).toEqual({ ...session, token: 'second' });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('in memory'));
      await store.clear();
      expect(await store.load()).toBeNull();
    });

    it('removes an older encrypted session when a new one is saved', async () => {
      const { store, files } = setup({ available: false });
      files.set(FILE, Buffer.from('ENC:old'));
      await store.save(session);
      expect(files.has(FILE)).toBe(false);
    });

    it('does not delete an existing file it merely cannot read now', async () => {
      const { store, files } = setup({ available: false });
      files.set(FILE, Buffer.from('ENC:whatever'));
      expect(await store.load()).toBeNull();
      expect(files.has(FILE)).toBe(true);
    });
  });
});
