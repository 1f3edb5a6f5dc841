/** The sync API as a test client uses it: pushes and whole pulls, through a TestServer. */
import type { SyncCollectionName } from '../../../src/shared/sync/collections';
import type { PullResponse, PushRow, WireDocument } from '../../../src/shared/sync/protocol';
import type { TestServer } from './server';

/** A push's status and answer (conflicts as masters, or the refusal). */
export async function pushRows(server: TestServer, token: string, collection: SyncCollectionName, rows: readonly PushRow<object>[]): Promise<{ status: number; body: unknown }> {
  const response = await server.request(token, 'POST', `/api/v1/sync/${collection}/push`, rows);
  return { status: response.statusCode, body: response.json<unknown>() };
}

/** Every document changed after `afterSeq`, pulled page by page, and the checkpoint reached. */
export async function pullEverything(server: TestServer, token: string, collection: SyncCollectionName, afterSeq = 0): Promise<{ documents: WireDocument[]; seq: number }> {
  const documents: WireDocument[] = [];
  let seq = afterSeq;
  for (;;) {
    const response = await server.request(token, 'GET', `/api/v1/sync/${collection}/pull?limit=1000&checkpoint=${encodeURIComponent(JSON.stringify({ seq }))}`);
    const body = response.json<PullResponse>();
    if (body.documents.length === 0) return { documents, seq };
    documents.push(...body.documents);
    seq = body.checkpoint?.seq ?? seq;
  }
}

/** The stored ticket, as a pull gives it. */
export async function storedTicket<T>(server: TestServer, token: string, id: string): Promise<WireDocument<T>> {
  const found = (await pullEverything(server, token, 'tickets')).documents.find((document) => document.id === id);
  if (found === undefined) throw new Error(`ticket ${id} not found`);
  return found as unknown as WireDocument<T>;
}
