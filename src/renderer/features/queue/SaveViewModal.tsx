/**
 * Saves the current view, filters and sort as a saved view (settings kind savedView). An agent's view is
 * his own (ownerId: the write policy lets agents write only those); supervisors and admins may share it
 * with everyone (no owner).
 */
import { Checkbox, Modal } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueFilters, QueueSort } from '../../../shared/domain/queue-views';
import type { SavedView } from '../../../shared/domain/settings';
import { useDatabase } from '../../data/hooks';
import { useSession } from '../../data/session';
import { useQueueState } from './queue-store';
import { ViewNameForm } from './ViewNameForm';

interface SaveViewProps {
  readonly filters: QueueFilters;
  readonly sort: QueueSort;
}

export function SaveViewModal({ opened, onClose, filters, sort }: SaveViewProps & { readonly opened: boolean; readonly onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('savedViews.title')}>
      <SaveViewForm filters={filters} sort={sort} onDone={onClose} />
    </Modal>
  );
}

function SaveViewForm({ filters, sort, onDone }: SaveViewProps & { readonly onDone: () => void }) {
  const { t } = useTranslation();
  const db = useDatabase();
  const user = useSession((state) => state.session?.user);
  const setView = useQueueState((state) => state.setView);
  const setFilters = useQueueState((state) => state.setFilters);
  const [shared, setShared] = useState(false);
  const mayShare = user?.role === 'supervisor' || user?.role === 'admin';

  const save = async (name: string) => {
    if (db.settings === undefined || user === undefined) return;
    const now = new Date().toISOString();
    const id = `set_view_${crypto.randomUUID()}`;
    const savedView: SavedView = { ...(shared && mayShare ? {} : { ownerId: user.id }), filters, sort };
    await db.settings.insert({ id, kind: 'savedView', name, enabled: true, createdAt: now, updatedAt: now, savedView: structuredClone(savedView) });
    notifications.show({ message: t('savedViews.saved', { name }), color: 'green', autoClose: 3000 });
    setView({ kind: 'saved', id });
    setFilters({});
    onDone();
  };

  return (
    <ViewNameForm submitLabel={t('savedViews.save')} onSave={save} failureText={(message) => t('savedViews.failed', { message })} onCancel={onDone}>
      {mayShare && (
        <Checkbox
          label={t('savedViews.shared')}
          description={t('savedViews.sharedHint')}
          checked={shared}
          onChange={(event) => {
            setShared(event.currentTarget.checked);
          }}
        />
      )}
    </ViewNameForm>
  );
}
