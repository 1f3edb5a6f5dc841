/**
 * The team list (`GET /api/v1/users`): not replicated, fetched with react-query. The last answer is
 * kept in localStorage per server so the assignee picker and names work offline and after a reload.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { isPublicUser, type PublicUser } from '../../shared/domain/roles';
import { USERS_PATH } from '../../shared/sync/auth';
import { apiRequest, isUnauthorizedError } from './api';
import { markSessionExpired, useSession } from './session';

const CACHE_PREFIX = 'atende.users:';


export function parseUsers(value: unknown): PublicUser[] | null {
  if (!Array.isArray(value)) return null;
  const users = value.filter(isPublicUser).map(({ id, name, email, role }) => ({ id, name, email, role }));
  return users.length === value.length ? users : null;
}

function cacheKey(serverUrl: string): string {
  return CACHE_PREFIX + new URL(serverUrl).origin;
}

function readCachedUsers(serverUrl: string): PublicUser[] | undefined {
  try {
    const raw = localStorage.getItem(cacheKey(serverUrl));
    return raw === null ? undefined : (parseUsers(JSON.parse(raw)) ?? undefined);
  } catch {
    return undefined;
  }
}

function writeCachedUsers(serverUrl: string, users: readonly PublicUser[]): void {
  try {
    localStorage.setItem(cacheKey(serverUrl), JSON.stringify(users));
  } catch {
    // Quota or disabled storage: the list still works while online.
  }
}

export interface UsersResult {
  readonly users: readonly PublicUser[];
  readonly byId: ReadonlyMap<string, PublicUser>;
  /** True when we have neither a fresh nor a cached list. */
  readonly unavailable: boolean;
}

const EMPTY: readonly PublicUser[] = [];

export function useUsers(): UsersResult {
  const session = useSession((state) => state.session);
  const expired = useSession((state) => state.expired);
  const serverUrl = session?.serverUrl ?? null;
  const token = session?.token ?? null;
  const query = useQuery({
    queryKey: ['users', serverUrl],
    enabled: serverUrl !== null && token !== null && !expired,
    staleTime: 5 * 60 * 1000,
    initialData: () => (serverUrl === null ? undefined : readCachedUsers(serverUrl)),
    // The cached copy is shown at once but refreshed as soon as we are online.
    initialDataUpdatedAt: 0,
    queryFn: async () => {
      if (serverUrl === null || token === null) return [];
      try {
        const body = await apiRequest((input, init) => fetch(input, init), serverUrl, USERS_PATH, { token });
        const users = parseUsers(body);
        if (users === null) throw new Error('Malformed users response');
        writeCachedUsers(serverUrl, users);
        return users;
      } catch (error) {
        if (isUnauthorizedError(error)) markSessionExpired();
        throw error;
      }
    },
  });
  const users = query.data ?? EMPTY;
  const byId = useMemo(() => new Map(users.map((user) => [user.id, user])), [users]);
  return { users, byId, unavailable: query.data === undefined };
}
