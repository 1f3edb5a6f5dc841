/**
 * Live reads the ticket workspace needs beyond the ticket itself: settings (canned responses,
 * groups, disposition codes), user profiles (tier and groups, for routing), knowledge articles, the
 * calls on the timeline and the local drafts. All from the local replica, so they work offline.
 * The replica types these collections loosely (`GenericDocType`); the shared schemas validated every
 * document on the way in, so the casts to the shared entity types hold.
 */
import { useMemo } from 'react';
import { map } from 'rxjs';
import type { Article } from '../../../shared/domain/article';
import type { Call } from '../../../shared/domain/call';
import type { CannedResponseDocument } from '../../../shared/domain/canned';
import type { Draft, DraftKind } from '../../../shared/domain/draft';
import { draftId } from '../../../shared/domain/draft';
import type { GroupDocument } from '../../../shared/domain/escalation';
import type { SettingsKind, SettingsOfKind } from '../../../shared/domain/settings';
import type { UserProfile } from '../../../shared/domain/user';
import { useDatabase, useObservable } from '../../data/hooks';

const NONE: readonly never[] = [];
const NO_PROFILES: ReadonlyMap<string, UserProfile> = new Map();
const NO_CALLS: ReadonlyMap<string, Call> = new Map();

function useSettingsOfKind<K extends SettingsKind>(kind: K): readonly SettingsOfKind<K>[] {
  const db = useDatabase();
  const source = useMemo(
    () =>
      db.settings === undefined
        ? null
        : db.settings
            .find({ selector: { kind }, sort: [{ kind: 'asc' }, { name: 'asc' }] })
            .$.pipe(map((docs) => docs.map((doc) => doc.toJSON() as unknown as SettingsOfKind<K>))),
    [db, kind],
  );
  return useObservable<readonly SettingsOfKind<K>[]>(source, NONE);
}

export function useCannedResponses(): readonly CannedResponseDocument[] {
  return useSettingsOfKind('cannedResponse');
}

export function useGroups(): readonly GroupDocument[] {
  return useSettingsOfKind('group');
}

export function useDispositionCodes(): readonly SettingsOfKind<'dispositionCode'>[] {
  return useSettingsOfKind('dispositionCode');
}

/** Replicated user profiles by id (tier and group membership; the REST list has neither). */
export function useUserProfiles(): ReadonlyMap<string, UserProfile> {
  const db = useDatabase();
  const source = useMemo(
    () =>
      db.users === undefined
        ? null
        : db.users
            .find()
            .$.pipe(map((docs) => new Map(docs.map((doc) => [doc.id, doc.toJSON() as unknown as UserProfile])) as ReadonlyMap<string, UserProfile>)),
    [db],
  );
  return useObservable(source, NO_PROFILES);
}

/** Published articles (what agents may quote), all languages. */
export function usePublishedArticles(): readonly Article[] {
  const db = useDatabase();
  const source = useMemo(
    () =>
      db.articles === undefined
        ? null
        : db.articles
            .find({ selector: { status: 'published' } })
            .$.pipe(map((docs) => docs.map((doc) => doc.toJSON() as unknown as Article))),
    [db],
  );
  return useObservable<readonly Article[]>(source, NONE);
}

/** One article; `undefined` while loading, `null` when this replica does not have it. */
export function useArticle(id: string | null): Article | null | undefined {
  const db = useDatabase();
  const source = useMemo(
    () =>
      id === null || db.articles === undefined
        ? null
        : db.articles.findOne(id).$.pipe(map((doc) => (doc === null ? null : (doc.toJSON() as unknown as Article)))),
    [db, id],
  );
  return useObservable<Article | null | undefined>(source, id === null ? null : undefined);
}

/** The calls referenced by timeline entries, by id. */
export function useCalls(ids: readonly string[]): ReadonlyMap<string, Call> {
  const db = useDatabase();
  const key = [...new Set(ids)].sort().join('\n');
  const source = useMemo(
    () =>
      key === '' || db.calls === undefined
        ? null
        : db.calls
            .find({ selector: { id: { $in: key.split('\n') } } })
            .$.pipe(map((docs) => new Map(docs.map((doc) => [doc.id, doc.toJSON() as unknown as Call])) as ReadonlyMap<string, Call>)),
    [db, key],
  );
  return useObservable(source, NO_CALLS);
}

/** The local draft of a reply or note on a ticket; `undefined` while loading, `null` when there is none. */
export function useDraft(ticketId: string, kind: DraftKind): Draft | null | undefined {
  const db = useDatabase();
  const source = useMemo(
    () =>
      db.drafts === undefined
        ? null
        : db.drafts.findOne(draftId(ticketId, kind)).$.pipe(map((doc) => (doc === null ? null : (doc.toJSON() as Draft)))),
    [db, ticketId, kind],
  );
  return useObservable<Draft | null | undefined>(source, db.drafts === undefined ? null : undefined);
}
