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
  // The client already has what it is pushing (typically a retry after a lost response): applying
  // it again would only bump the sequence, so it is neither a write nor a conflict.
  if (jsonEqual(omitKeys(row.newDocumentState, serverOwnedFields), omitKeys(master, serverOwnedFields))) return 'unchanged';
  // Otherwise the client must prove it saw the current master.
  if (row.assumedMasterState === undefined || !jsonEqual(row.assumedMasterState, master)) return 'conflict';
  return 'write';
}
