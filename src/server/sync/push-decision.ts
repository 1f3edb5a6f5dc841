/**
 * What to do with one pushed row given the current master, following RxDB's replication protocol.
 * Kept pure so the rules can be read (and tested) apart from the database.
 */
import { jsonEqual, omitKeys } from '../../shared/util/deep-equal';
import type { PushRow, WireDocument } from '../../shared/sync/protocol';

export type PushDecision = 'write' | 'unchanged' | 'conflict';

export function decidePush(master: WireDocument | undefined, row: PushRow, serverOwnedFields: readonly string[]): PushDecision {
  // No master: an insert. An assumed state the server never had is stale knowledge of nothing.
  if (master === undefined) return 'write';
  // The server already holds what the client is pushing (typically a retry after a lost response):
  // applying it again would only bump the sequence. When the client's copy lacks the server's stamps
  // (its own updatedAt, no number yet) the master goes back as a conflict, so the client adopts them:
  // no pull would ever bring them, since nothing changed on the server.
  if (jsonEqual(omitKeys(row.newDocumentState, serverOwnedFields), omitKeys(master, serverOwnedFields))) {
    return jsonEqual(row.newDocumentState, master) ? 'unchanged' : 'conflict';
  }
  // Otherwise the client must prove it saw the current master.
  if (row.assumedMasterState === undefined || !jsonEqual(row.assumedMasterState, master)) return 'conflict';
  return 'write';
}
