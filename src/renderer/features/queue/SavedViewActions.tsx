/**
 * Renaming and deleting a saved view from the views list: a menu button beside the view (Enter or
 * Space opens it, ↑/↓ move, Escape closes), a rename dialog, and a delete confirmation followed by a
 * notification with Undo (the view comes back with the same id). Offered only where the write policy
 * allows it: agents manage their own views, supervisors and admins shared ones too.
 */
import { ActionIcon, Button, Group, Menu, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPencil, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SavedViewDocument } from '../../../shared/domain/queue-views';
import { useDatabase } from '../../data/hooks';
import type { Actor } from '../customers/customer-writes';
import { deleteSavedView, renameSavedView, restoreSavedView, savedViewRights } from './saved-view-writes';
import { ViewNameForm } from './ViewNameForm';

const failure = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function SavedViewActions({ view, actor }: { readonly view: SavedViewDocument; readonly actor: Actor }) {
  const { t } = useTranslation();
  const db = useDatabase();
  const [dialog, setDialog] = useState<'rename' | 'delete' | null>(null);
  const rights = savedViewRights(actor, view);
  if (!rights.rename && !rights.remove) return null;
  const close = () => {
    setDialog(null);
  };

  const rename = async (name: string) => {
    if (name !== view.name) {
      await renameSavedView(db, view.id, name);
      notifications.show({ message: t('savedViews.renamed', { name }), color: 'green', autoClose: 3000 });
    }
    close();
  };

  const remove = async () => {
    try {
      const removed = await deleteSavedView(db, view.id);
      close();
      const notificationId = `view-deleted-${view.id}`;
      notifications.show({
        id: notificationId,
        color: 'gray',
        autoClose: 10_000,
        message: (
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Text size="sm">{t('savedViews.deleted', { name: view.name })}</Text>
            <Button
              size="compact-sm"
              variant="light"
              onClick={() => {
                notifications.hide(notificationId);
                restoreSavedView(db, removed).then(
                  () => notifications.show({ message: t('savedViews.restored', { name: view.name }), color: 'green', autoClose: 3000 }),
                  (error: unknown) => notifications.show({ message: t('savedViews.changeFailed', { message: failure(error) }), color: 'red', autoClose: false }),
                );
              }}
            >
              {t('savedViews.undo')}
            </Button>
          </Group>
        ),
      });
    } catch (error) {
      notifications.show({ message: t('savedViews.changeFailed', { message: failure(error) }), color: 'red', autoClose: false });
    }
  };

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" size="md" aria-label={t('savedViews.options', { name: view.name })} data-testid="saved-view-options">
            <IconDots aria-hidden size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {rights.rename && (
            <Menu.Item
              leftSection={<IconPencil aria-hidden size={14} />}
              onClick={() => {
                setDialog('rename');
              }}
            >
              {t('savedViews.rename')}
            </Menu.Item>
          )}
          {rights.remove && (
            <Menu.Item
              color="red"
              leftSection={<IconTrash aria-hidden size={14} />}
              onClick={() => {
                setDialog('delete');
              }}
            >
              {t('savedViews.deleteAction')}
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={dialog === 'rename'} onClose={close} title={t('savedViews.renameTitle')} closeButtonProps={{ 'aria-label': t('common.close') }}>
        {dialog === 'rename' && (
          <ViewNameForm
            initialName={view.name}
            submitLabel={t('savedViews.renameSave')}
            onSave={rename}
            failureText={(message) => t('savedViews.changeFailed', { message })}
            onCancel={close}
          />
        )}
      </Modal>
      <Modal
        opened={dialog === 'delete'}
        onClose={close}
        title={t('savedViews.deleteTitle', { name: view.name })}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack gap="sm">
          <Text size="sm">{view.savedView.ownerId === undefined ? t('savedViews.deleteBodyShared') : t('savedViews.deleteBody')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              leftSection={<IconTrash aria-hidden size={16} />}
              onClick={() => {
                void remove();
              }}
            >
              {t('savedViews.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
