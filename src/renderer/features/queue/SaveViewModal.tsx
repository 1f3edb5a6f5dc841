/**
 * Saves the current view, filters and sort as a saved view (settings kind savedView). An agent's view is
 * his own (ownerId: the write policy lets agents write only those); supervisors and admins may share it
 * with everyone (no owner).
 */
import { Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SAVED_VIEW_NAME_MAX, savedViewName, type QueueFilters, type QueueSort } from '../../../shared/domain/queue-views';
import type { SavedView } from '../../../shared/domain/settings';
import { useDatabase } from '../../data/hooks';
import { useSession } from '../../data/session';
import { useQueueState } from './queue-store';

export function SaveViewModal({ opened, onClose, filters, sort }: {
  readonly opened: boolean;
  readonly onClose: () => void;
  readonly filters: QueueFilters;
  readonly sort: QueueSort;
}) {
  const { t } = useTranslation();
  const db = useDatabase();
  const user = useSession((state) => state.session?.user);
  const setView = useQueueState((state) => state.setView);
  const setFilters = useQueueState((state) => state.setFilters);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const mayShare = user?.role === 'supervisor' || user?.role === 'admin';

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = savedViewName(name);
    if (!checked.ok) {
      setError(t('savedViews.nameRequired'));
      return;
    }
    const trimmed = checked.name;
    if (db.settings === undefined || user === undefined) return;
    setSaving(true);
    const now = new Date().toISOString();
    const id = `set_view_${crypto.randomUUID()}`;
    const savedView: SavedView = { ...(shared && mayShare ? {} : { ownerId: user.id }), filters, sort };
    db.settings
      .insert({ id, kind: 'savedView', name: trimmed, enabled: true, createdAt: now, updatedAt: now, savedView: structuredClone(savedView) })
      .then(() => {
        notifications.show({ message: t('savedViews.saved', { name: trimmed }), color: 'green', autoClose: 3000 });
        setView({ kind: 'saved', id });
        setFilters({});
        setName('');
        setShared(false);
        onClose();
      })
      .catch((reason: unknown) => {
        setError(t('savedViews.failed', { message: reason instanceof Error ? reason.message : String(reason) }));
      })
      .finally(() => {
        setSaving(false);
      });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('savedViews.title')}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('savedViews.name')}
            value={name}
            maxLength={SAVED_VIEW_NAME_MAX}
            required
            data-autofocus
            error={error}
            onChange={(event) => {
              setName(event.currentTarget.value);
              setError(null);
            }}
          />
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
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={saving}>
              {t('savedViews.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
