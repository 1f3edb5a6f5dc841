/** The orchestrator's own view of the server, through the public API (directly, not through the proxy). */
import { LOGIN_PATH, type LoginResponse } from '../../src/shared/sync/auth';
import { SYNC_COLLECTIONS } from '../../src/shared/sync/collections';
import { PULL_LIMIT_MAX, syncPullPath, type PullResponse } from '../../src/shared/sync/protocol';
import { canonicalDoc, digestOf, sortById, type CollectionName, type Doc } from './protocol';

export async function login(baseUrl: string, email: string, password: string): Promise<LoginResponse> {
  const response = await fetch(`${baseUrl}${LOGIN_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
    signal: AbortSignal.timeout(15_000),
  });
  if (!response.ok) throw new Error(`login ${email} failed: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as LoginResponse;
}

export interface ServerSnapshot {
  /** Live documents per collection, canonical and sorted by id. */
  readonly docs: Readonly<Record<CollectionName, readonly Doc[]>>;
  readonly deleted: Readonly<Record<CollectionName, readonly string[]>>;
  /** Protocol problems seen while pulling everything from the start (duplicates, checkpoints going back). */
  readonly problems: readonly string[];
  readonly digests: Readonly<Record<CollectionName, string>>;
}

/** Everything the server holds, pulled from checkpoint 0 as a new client would. */
export async function snapshotServer(baseUrl: string, token: string): Promise<ServerSnapshot> {
  const docs = {} as Record<CollectionName, Doc[]>;
  const deleted = {} as Record<CollectionName, string[]>;
  const problems: string[] = [];
  for (const name of SYNC_COLLECTIONS) {
    const seen = new Set<string>();
    const live: Doc[] = [];
    const gone: string[] = [];
    let checkpoint: { seq: number } | null = null;
    for (;;) {
      const query = new URLSearchParams({ limit: String(PULL_LIMIT_MAX) });
      if (checkpoint !== null) query.set('checkpoint', JSON.stringify(checkpoint));
      const response = await fetch(`${baseUrl}${syncPullPath(name)}?${query.toString()}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(15_000),
      });
      if (!response.ok) throw new Error(`pull ${name} failed: HTTP ${response.status}`);
      const page = (await response.json()) as PullResponse;
      if (page.documents.length === 0) break;
      for (const doc of page.documents) {
        const id = String(doc.id);
        if (seen.has(id)) problems.push(`${name}/${id} appears twice in one pull from the start`);
        seen.add(id);
        if (doc._deleted) gone.push(id);
        else live.push(canonicalDoc(doc));
      }
      const next = page.checkpoint;
      if (next === null || (checkpoint !== null && next.seq <= checkpoint.seq)) {
        problems.push(`${name}: checkpoint did not advance (${JSON.stringify(checkpoint)} → ${JSON.stringify(next)})`);
        break;
      }
      checkpoint = next;
    }
    docs[name] = sortById(live);
    deleted[name] = gone;
  }
  const digests = Object.fromEntries(SYNC_COLLECTIONS.map((name) => [name, digestOf(docs[name])])) as Record<CollectionName, string>;
  return { docs, deleted, problems, digests };
}
