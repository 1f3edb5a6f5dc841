/**
 * What the softphone reads besides its own store: the colleagues one can call or transfer to (the
 * team list, with extensions from the replicated profiles) and the queues (settings of kind `queue`).
 * All from the local replica or the cached team list, so the lists show offline too.
 */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { map } from 'rxjs';
import type { SettingsOfKind } from '../../../shared/domain/settings';
import type { UserProfile } from '../../../shared/domain/user';
import { formatPhoneNumber } from '../../../shared/voice/phone';
import type { PeerDisplay } from '../../voice/call-session';
import { useObservable } from '../../data/hooks';
import { useSession } from '../../data/session';
import { useUsers } from '../../data/users';
import { useWorkspace } from '../../data/workspace';

export interface Colleague {
  readonly id: string;
  readonly name: string;
  readonly extension?: string;
}

const NO_PROFILES: ReadonlyMap<string, UserProfile> = new Map();
const NO_QUEUES: readonly SettingsOfKind<'queue'>[] = [];

function useProfiles(): ReadonlyMap<string, UserProfile> {
  const db = useWorkspace((state) => state.db);
  const source = useMemo(
    () =>
      db?.users === undefined
        ? null
        : db.users.find().$.pipe(map((docs) => new Map(docs.map((doc) => [doc.id, doc.toJSON() as unknown as UserProfile])) as ReadonlyMap<string, UserProfile>)),
    [db],
  );
  return useObservable(source, NO_PROFILES);
}

/** Everyone but me, by name, with their extension when their profile has one. */
export function useColleagues(): readonly Colleague[] {
  const me = useSession((state) => state.session?.user.id);
  const { users } = useUsers();
  const profiles = useProfiles();
  return useMemo(() => {
    const byId = new Map<string, Colleague>();
    for (const profile of profiles.values()) {
      if (!profile.active) continue;
      byId.set(profile.id, { id: profile.id, name: profile.name, ...(profile.extension === undefined ? {} : { extension: profile.extension }) });
    }
    for (const user of users) if (!byId.has(user.id)) byId.set(user.id, { id: user.id, name: user.name });
    return [...byId.values()].filter((colleague) => colleague.id !== me).sort((a, b) => a.name.localeCompare(b.name));
  }, [users, profiles, me]);
}

/** Enabled queues, by name. */
export function useQueues(): readonly SettingsOfKind<'queue'>[] {
  const db = useWorkspace((state) => state.db);
  const source = useMemo(
    () =>
      db?.settings === undefined
        ? null
        : db.settings
            .find({ selector: { kind: 'queue' } })
            .$.pipe(
              map((docs) =>
                docs
                  .map((doc) => doc.toJSON() as unknown as SettingsOfKind<'queue'>)
                  .filter((queue) => queue.enabled)
                  .sort((a, b) => a.name.localeCompare(b.name)),
              ),
            ),
    [db],
  );
  return useObservable(source, NO_QUEUES);
}

/** Numbers typed or shown in national form follow the UI language: Brazilian Portuguese → BR. */
export function homeCountryFor(language: string | undefined): string | undefined {
  return language === 'pt-BR' ? 'BR' : undefined;
}

/** The other party's name for screens and announcements (a colleague's name from the team list when the call lacks it). */
export function usePeerName(): (peer: PeerDisplay) => string {
  const { t, i18n } = useTranslation();
  const colleagues = useColleagues();
  const country = homeCountryFor(i18n.resolvedLanguage ?? i18n.language);
  return useCallback(
    (peer: PeerDisplay) => {
      if (peer.name !== undefined && peer.name.trim() !== '') return peer.name;
      if (peer.kind === 'agent') return colleagues.find((colleague) => colleague.id === peer.userId)?.name ?? t('softphone.call.colleague');
      if (peer.number !== undefined) return formatPhoneNumber(peer.number, country);
      return t('softphone.call.unknown');
    },
    [t, colleagues, country],
  );
}
