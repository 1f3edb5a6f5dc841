/**
 * The memory indexes and the documents they keep (src/renderer/data/memory-index.ts) describe the store
 * as its change stream leaves it: writes that land while the first scan is still reading win over the
 * older copies the scan reads, and nothing is served before the scan is done.
 */
import type { RxDocumentData } from 'rxdb';
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { MemoryIndexes } from '../../../src/renderer/data/memory-index';

type Doc = RxDocumentData<{ id: string; subject: string; resolutionDueAt?: string } & Record<string, unknown>>;
type Changes = { events: { documentId: string; documentData: Doc }[] };

const ticket = (id: string, subject: string, resolutionDueAt?: string): Doc => ({
  id,
  subject,
  ...(resolutionDueAt === undefined ? {} : { resolutionDueAt }),
  _deleted: false,
  _rev: '1-test',
  _meta: { lwt: 1 },
  _attachments: {},
});

/** A store scanned in two batches, with `between` run after the first (writes landing mid-scan). */
function store(documents: Doc[], between: () => void) {
  return async (visit: (batch: readonly Doc[]) => void) => {
    visit(documents.slice(0, 2));
    await Promise.resolve();
    between();
    visit(documents.slice(2));
  };
}

describe('memory indexes keeping documents', () => {
  it('serve the writes that landed during the first scan, not the scan\'s older copies', async () => {
    const changes = new Subject<Changes>();
    const stored = [ticket('a', 'A', '2026-03-01T10:00:00.000Z'), ticket('b', 'B'), ticket('c', 'C', '2026-03-01T11:00:00.000Z'), ticket('d', 'D')];
    const scan = store(stored, () => {
      // While the scan is between batches: c (not read yet) is edited, a (read already) removed, e created.
      expect(memory.servesDocuments).toBe(false);
      expect(memory.documentsByIds(['a'])).toBeUndefined();
      changes.next({
        events: [
          { documentId: 'c', documentData: ticket('c', 'C edited', '2026-03-01T09:00:00.000Z') },
          { documentId: 'a', documentData: { ...ticket('a', 'A'), _deleted: true } },
          { documentId: 'e', documentData: ticket('e', 'E', '2026-03-01T12:00:00.000Z') },
        ],
      });
    });
    // The scan runs once the build starts (ready()), after `memory` is set.
    const memory = new MemoryIndexes('id', ['resolutionDueAt'], changes, scan, [], true);
    await memory.ready();

    expect(memory.servesDocuments).toBe(true);
    expect(memory.documentsByIds(['a', 'b', 'c', 'd', 'e', 'x'])?.map((document) => document.subject)).toEqual(['B', 'C edited', 'D', 'E']);
    expect([...(memory.allDocuments() ?? [])].map((document) => document.id).sort()).toEqual(['b', 'c', 'd', 'e']);
    expect(memory.fields.get('resolutionDueAt')?.range({})).toEqual(['c', 'e']);

    // After the build, the change stream keeps them: an edit, a removal.
    changes.next({ events: [{ documentId: 'b', documentData: ticket('b', 'B edited') }, { documentId: 'd', documentData: { ...ticket('d', 'D'), _deleted: true } }] });
    expect(memory.documentsByIds(['b', 'd'])?.map((document) => document.subject)).toEqual(['B edited']);
    memory.close();
  });

  it('keep no documents unless asked to', async () => {
    const memory = new MemoryIndexes('id', ['resolutionDueAt'], new Subject<Changes>(), store([ticket('a', 'A', '2026-03-01T10:00:00.000Z')], () => undefined));
    await memory.ready();
    expect(memory.servesDocuments).toBe(false);
    expect(memory.documentsByIds(['a'])).toBeUndefined();
    expect(memory.fields.get('resolutionDueAt')?.range({})).toEqual(['a']);
    memory.close();
  });
});
