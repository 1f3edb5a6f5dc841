/**
 * The text of a reply or note being written, kept in the local-only `drafts` collection so it
 * survives a reload, a restart or a crash. Typing updates the screen at once and the stored draft
 * shortly after (and right away when the editor goes away or the page is hidden); an emptied draft is
 * removed.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { draftId, type DraftKind } from '../../../shared/domain/draft';
import type { Channel } from '../../../shared/domain/ticket';
import { useDatabase } from '../../data/hooks';
import { useDraft } from '../tickets/workspace-data';

export interface DraftFields {
  readonly body: string;
  readonly channel?: Channel | undefined;
  readonly cannedResponseId?: string | undefined;
}

/** `typing`: not stored yet; `saved`: what the screen shows is on this device; `failed`: storing it failed. */
export type DraftSaveState = 'clean' | 'typing' | 'saved' | 'failed';

const SAVE_DELAY_MS = 400;

export interface DraftBody {
  /** null until the stored draft (or its absence) has been read. */
  readonly fields: DraftFields | null;
  readonly saveState: DraftSaveState;
  readonly update: (fields: DraftFields) => void;
  /** Empties the editor and removes the stored draft (after sending). */
  readonly clear: () => Promise<void>;
}

export function useDraftBody(ticketId: string, kind: DraftKind): DraftBody {
  const db = useDatabase();
  const stored = useDraft(ticketId, kind);
  const [fields, setFields] = useState<DraftFields | null>(null);
  const [saveState, setSaveState] = useState<DraftSaveState>('clean');
  if (fields === null && stored !== undefined) {
    setFields({ body: stored?.body ?? '', channel: stored?.channel, cannedResponseId: stored?.cannedResponseId });
    if (stored !== null) setSaveState('saved');
  }

  const pending = useRef<DraftFields | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const write = useCallback(
    async (next: DraftFields): Promise<void> => {
      const drafts = db.drafts;
      if (drafts === undefined) return;
      const id = draftId(ticketId, kind);
      if (next.body.trim() === '') {
        await (await drafts.findOne(id).exec())?.remove();
        return;
      }
      await drafts.upsert({
        id,
        ticketId,
        kind,
        body: next.body,
        ...(next.channel === undefined ? {} : { channel: next.channel }),
        ...(next.cannedResponseId === undefined ? {} : { cannedResponseId: next.cannedResponseId }),
        updatedAt: new Date().toISOString(),
      });
    },
    [db, ticketId, kind],
  );

  const flush = useCallback(() => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    const next = pending.current;
    pending.current = null;
    if (next === null) return;
    write(next).then(
      () => {
        if (pending.current === null) setSaveState(next.body.trim() === '' ? 'clean' : 'saved');
      },
      () => {
        setSaveState('failed');
      },
    );
  }, [write]);

  const update = useCallback(
    (next: DraftFields) => {
      setFields(next);
      setSaveState('typing');
      pending.current = next;
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = setTimeout(flush, SAVE_DELAY_MS);
    },
    [flush],
  );

  const clear = useCallback(async () => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    pending.current = null;
    setFields((previous) => ({ body: '', channel: previous?.channel }));
    await write({ body: '' });
    setSaveState('clean');
  }, [write]);

  // Nothing typed is lost when the editor closes or the window goes away.
  useEffect(() => {
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [flush]);

  return { fields, saveState, update, clear };
}
