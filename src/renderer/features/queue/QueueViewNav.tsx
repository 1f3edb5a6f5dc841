/**
 * The views of the queue with their live counts: the built-in ones, then the user's and the shared
 * saved views, each saved view with its rename/delete menu where the user may change it.
 */
import { Badge, Group, NavLink, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { BUILT_IN_VIEWS, type QueueContext, type SavedViewDocument } from '../../../shared/domain/queue-views';
import type { SettingsDocument } from '../../../shared/domain/settings';
import { useDatabase, useObservable } from '../../data/hooks';
import { useSession } from '../../data/session';
import { useFormatters } from '../../i18n/format';
import { queueCount } from './queue-rows';
import { sameView, useQueueState, type ViewKey } from './queue-store';
import { SavedViewActions } from './SavedViewActions';
import { usePlannedView, useViewDefinition } from './useQueueView';

const NO_FILTERS = {};

function ViewItem({ viewKey, label, savedViews, context, settings }: {
  readonly viewKey: ViewKey;
  readonly label: string;
  readonly savedViews: readonly SavedViewDocument[];
  readonly context: QueueContext;
  readonly settings: readonly SettingsDocument[];
}) {
  const view = useViewDefinition(viewKey, context.tier, savedViews);
  const { t } = useTranslation();
  const format = useFormatters();
  const db = useDatabase();
  const current = useQueueState((state) => state.view);
  const setView = useQueueState((state) => state.setView);
  const { plan, keep } = usePlannedView(view, NO_FILTERS, null, undefined, context, settings);
  const source = useMemo(() => queueCount(db, plan, keep), [db, plan, keep]);
  const count = useObservable<number | null>(source, null);
  const active = sameView(current, viewKey);
  return (
    <NavLink
      component="button"
      type="button"
      active={active}
      aria-current={active ? 'page' : undefined}
      label={label}
      data-testid="queue-view"
      data-view={viewKey.id}
      data-count={count ?? ''}
      aria-label={count === null ? label : t('queueViews.countLabel', { view: label, count })}
      rightSection={
        count === null ? null : (
          <Badge size="sm" variant={active ? 'filled' : 'light'} circle={count < 10} aria-hidden>
            {format.number(count)}
          </Badge>
        )
      }
      onClick={() => {
        setView(viewKey);
      }}
    />
  );
}

export function QueueViewNav({ context, settings, savedViews }: {
  readonly context: QueueContext;
  readonly settings: readonly SettingsDocument[];
  readonly savedViews: readonly SavedViewDocument[];
}) {
  const { t } = useTranslation();
  const user = useSession((state) => state.session?.user);
  return (
    <Stack gap={2} component="nav" aria-label={t('queueViews.title')} w={220} style={{ flexShrink: 0 }}>
      {BUILT_IN_VIEWS.map((id) => {
        const key: ViewKey = { kind: 'builtIn', id };
        return <ViewItem key={id} viewKey={key} label={t(`queueViews.builtIn.${id}`)} savedViews={savedViews} context={context} settings={settings} />;
      })}
      {savedViews.length > 0 && (
        <Text size="xs" fw={600} c="dimmed" mt="sm" px="sm" component="h2">
          {t('queueViews.saved')}
        </Text>
      )}
      {savedViews.map((document) => {
        const key: ViewKey = { kind: 'saved', id: document.id };
        const label = document.savedView.ownerId === undefined ? `${document.name} · ${t('queueViews.shared')}` : document.name;
        return (
          <Group key={document.id} gap={2} wrap="nowrap" data-testid="saved-view" data-view-id={document.id}>
            <div style={{ flex: 1, minWidth: 0 }}>
              <ViewItem viewKey={key} label={label} savedViews={savedViews} context={context} settings={settings} />
            </div>
            {user !== undefined && <SavedViewActions view={document} actor={{ role: user.role, userId: user.id }} />}
          </Group>
        );
      })}
    </Stack>
  );
}
