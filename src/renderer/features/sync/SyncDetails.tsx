/**
 * The sync-details panel, opened from the header's sync indicator: the state and "Sync now"; the
 * changes waiting to sync (document by document); per collection the pending count, last successful
 * sync and last error; the changes the server refused, with Retry and Discard; and this session's
 * conflict log. A modal drawer: focus is trapped inside, Escape closes it and focus returns to the
 * indicator.
 *
 * Test hooks: `[data-testid="sync-details"]`; pending documents `[data-testid="sync-pending-item"]`
 * (`data-collection`, `data-document-id`); collections `[data-testid="sync-collection-row"]`
 * (`data-collection`, `data-pending`); refused changes `[data-testid="sync-rejection"]`
 * (`data-collection`, `data-document-id`, `data-code`, `data-operation`); conflicts
 * `[data-testid="sync-conflict"]`.
 */
import { Badge, Button, Drawer, Group, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../../../shared/domain/ticket';
import { COLLECTIONS, isSyncCollectionName, type SyncCollectionName } from '../../../shared/sync/collections';
import { jsonEqual } from '../../../shared/util/deep-equal';
import { conflictLog } from '../../data/conflict';
import { useRejectionState, useRejections, useTicketNumber } from '../../data/hooks';
import type { RejectionRecord } from '../../data/rejections';
import { useSession } from '../../data/session';
import {
  EMPTY_COLLECTION_STATUS,
  PendingTracker,
  computeSyncState,
  offlineReason,
  syncStatusStore,
} from '../../data/sync-status';
import { useWorkspace } from '../../data/workspace';
import { useFormatters } from '../../i18n/format';
import { useUi } from '../../stores/ui';
import { DismissConflictButton, useDescribeConflict } from '../tickets/conflicts';

type Translate = TFunction;

/**
 * One literal key per call: a template-literal or union key makes i18next's key types recurse too
 * deep (TS2589) once the locale is large.
 */
const COLLECTION_LABELS: Readonly<Record<SyncCollectionName, (t: Translate) => string>> = {
  tickets: (t) => t('sync.collections.tickets'),
  timeline: (t) => t('sync.collections.timeline'),
  customers: (t) => t('sync.collections.customers'),
  calls: (t) => t('sync.collections.calls'),
  callbacks: (t) => t('sync.collections.callbacks'),
  articles: (t) => t('sync.collections.articles'),
  articleVersions: (t) => t('sync.collections.articleVersions'),
  surveys: (t) => t('sync.collections.surveys'),
  users: (t) => t('sync.collections.users'),
  settings: (t) => t('sync.collections.settings'),
};

export function collectionLabel(t: Translate, collection: string): string {
  return isSyncCollectionName(collection) ? COLLECTION_LABELS[collection](t) : collection;
}

/** "Ticket #123", "New ticket", or "Customers cus_42". */
function useDocumentLabel(collection: string, id: string, number?: unknown): string {
  const { t } = useTranslation();
  const localNumber = useTicketNumber(collection === 'tickets' ? id : null);
  if (collection !== 'tickets') return t('sync.document.other', { collection: collectionLabel(t, collection), id });
  const shown = typeof number === 'number' ? number : localNumber;
  return shown === undefined ? t('sync.document.ticketNew') : t('sync.document.ticket', { number: t('tickets.number', { number: shown }) });
}

function DocumentLabel({ collection, id }: { readonly collection: string; readonly id: string }) {
  return <>{useDocumentLabel(collection, id)}</>;
}

const TICKET_FIELD_LABELS: Readonly<Record<string, string>> = {
  subject: 'detail.subject',
  status: 'detail.status',
  priority: 'detail.priority',
  assigneeId: 'detail.assignee',
};

function describeValue(t: Translate, field: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return t('conflicts.empty');
  if (field === 'status' && TICKET_STATUSES.includes(value as never)) return t(`status.${value as (typeof TICKET_STATUSES)[number]}`);
  if (field === 'priority' && TICKET_PRIORITIES.includes(value as never)) return t(`priority.${value as (typeof TICKET_PRIORITIES)[number]}`);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The fields a refused change set (an update: those that differ from the state it was based on). */
function refusedFields(record: RejectionRecord): string[] {
  const owned = isSyncCollectionName(record.collection) ? COLLECTIONS[record.collection].serverOwnedFields : [];
  const base = record.base ?? {};
  const fields = new Set([...Object.keys(base), ...Object.keys(record.rejected)]);
  return [...fields].filter(
    (field) => field !== '_deleted' && field !== 'id' && !owned.includes(field) && (record.base === undefined || !jsonEqual(base[field], record.rejected[field])),
  );
}

function RejectionItem({ record }: { readonly record: RejectionRecord }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const engine = useWorkspace((state) => state.engine);
  const label = useDocumentLabel(record.collection, record.documentId, record.rejected.number ?? record.base?.number);
  const [busy, setBusy] = useState<'retry' | 'discard' | null>(null);
  const fields = record.operation === 'delete' ? [] : refusedFields(record).slice(0, 6);

  const run = async (action: 'retry' | 'discard') => {
    if (engine === null) return;
    setBusy(action);
    try {
      if (action === 'retry') await engine.retryRejection(record);
      else await engine.discardRejection(record);
      notifications.show({ message: t(action === 'retry' ? 'sync.details.retried' : 'sync.details.discarded'), color: 'gray', autoClose: 4000 });
    } catch (error) {
      notifications.show({
        message: t('sync.details.actionFailed', { message: error instanceof Error ? error.message : String(error) }),
        color: 'red',
        autoClose: false,
      });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Paper
      component="li"
      withBorder
      p="sm"
      data-testid="sync-rejection"
      data-collection={record.collection}
      data-document-id={record.documentId}
      data-code={record.code}
      data-operation={record.operation}
    >
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text fw={600} size="sm">
            {label}
          </Text>
          <Badge variant="light" color="red" size="sm">
            {t(`sync.operation.${record.operation}`)}
          </Badge>
        </Group>
        <Text size="sm">{t(`sync.code.${record.code}`)}</Text>
        {record.denial !== undefined && (
          <Text size="sm">
            {t(`sync.denial.${record.denial.reason as 'role'}`, { defaultValue: record.denial.reason })}
            {record.denial.fields.length > 0 && ` ${t('sync.details.fields', { fields: record.denial.fields.join(', ') })}`}
          </Text>
        )}
        {record.errors.length > 0 && (
          <List size="xs" c="dimmed" spacing={0}>
            {record.errors.slice(0, 5).map((error, index) => (
              <List.Item key={index}>{error.path === undefined ? error.message : `${error.path}: ${error.message}`}</List.Item>
            ))}
          </List>
        )}
        {fields.length > 0 && (
          <Text size="xs">
            {t('sync.details.yourValue', {
              value: fields
                .map((field) => {
                  const name = record.collection === 'tickets' && TICKET_FIELD_LABELS[field] !== undefined ? t(TICKET_FIELD_LABELS[field] as 'detail.subject') : field;
                  return `${name}: “${describeValue(t, field, record.rejected[field])}”`;
                })
                .join(' · '),
            })}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t('sync.details.rejectedAt', { time: format.dateTime(record.at) })}
        </Text>
        {record.discarding === true ? (
          <Text size="sm" c="dimmed" role="status">
            {t('sync.details.discarding')}
          </Text>
        ) : (
          <Group gap="xs" mt={4}>
            <Button
              size="xs"
              variant="light"
              leftSection={<IconRefresh aria-hidden size={14} />}
              loading={busy === 'retry'}
              disabled={engine === null || busy !== null}
              aria-label={t('sync.details.retryLabel', { document: label })}
              onClick={() => {
                void run('retry');
              }}
            >
              {t('sync.details.retry')}
            </Button>
            <Button
              size="xs"
              variant="subtle"
              color="red"
              leftSection={<IconTrash aria-hidden size={14} />}
              loading={busy === 'discard'}
              disabled={engine === null || busy !== null}
              aria-label={t('sync.details.discardLabel', { document: label })}
              onClick={() => {
                void run('discard');
              }}
            >
              {t('sync.details.discard')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function Section({ id, title, children }: { readonly id: string; readonly title: string; readonly children: ReactNode }) {
  return (
    <Stack component="section" gap="xs" aria-labelledby={id}>
      <Title order={3} size="h5" id={id}>
        {title}
      </Title>
      {children}
    </Stack>
  );
}

export function SyncDetailsDrawer() {
  const { t } = useTranslation();
  const opened = useUi((state) => state.syncDetailsOpen);
  const setOpen = useUi((state) => state.setSyncDetailsOpen);
  // The body follows the sync status (which changes with every page a first sync pulls) only while
  // the drawer shows it: closed, the drawer renders no children.
  return (
    <Drawer
      opened={opened}
      onClose={() => {
        setOpen(false);
      }}
      position="right"
      size="lg"
      title={<Title order={2} size="h4">{t('sync.details.title')}</Title>}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      data-testid="sync-details"
    >
      <SyncDetailsBody />
    </Drawer>
  );
}

function SyncDetailsBody() {
  const { t } = useTranslation();
  const format = useFormatters();
  const storeStatus = useStore(syncStatusStore);
  const expired = useSession((state) => state.expired);
  const status = expired ? { ...storeStatus, sessionExpired: true } : storeStatus;
  const engine = useWorkspace((state) => state.engine);
  const rejections = useRejections();
  const conflicts = useStore(conflictLog, (state) => state.entries);
  const describeConflict = useDescribeConflict();
  const state = computeSyncState(status);
  const reason = offlineReason(status);
  const collections = engine?.collections ?? [];
  const pending = status.pendingKeys.map((key) => PendingTracker.parseKey(key));
  const pendingBy = (collection: SyncCollectionName) => pending.filter((item) => item.collection === collection).length;
  const explanation =
    reason === 'no-network'
      ? t('sync.reason.noNetwork')
      : reason === 'session-expired'
        ? t('sync.reason.sessionExpired')
        : reason === 'server-unreachable'
          ? t('sync.reason.serverUnreachable')
          : state === 'syncing'
            ? t('sync.reason.syncing')
            : t('sync.reason.online');

  return (
    <Stack gap="lg" data-testid="sync-details-content">
      <Stack gap={6} aria-live="polite">
        <Group gap={8}>
          <span className="sync-dot" data-state={state} aria-hidden />
          <Text fw={600}>{t(`sync.state.${state}`)}</Text>
        </Group>
        <Text size="sm">{explanation}</Text>
        <Text size="sm">{status.pending === 0 ? t('sync.pendingNone') : t('sync.pending', { count: status.pending })}</Text>
        <Text size="sm" c="dimmed">
          {status.lastSyncedAt === null ? t('sync.neverSynced') : t('sync.lastSuccessful', { time: format.dateTime(status.lastSyncedAt) })}
        </Text>
        <Group>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconRefresh aria-hidden size={16} />}
            disabled={engine === null || reason === 'no-network' || reason === 'session-expired'}
            onClick={() => {
              engine?.reSync();
            }}
          >
            {t('sync.syncNow')}
          </Button>
        </Group>
      </Stack>

      <Section id="sync-pending-heading" title={t('sync.details.pendingTitle')}>
        {pending.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="sync-pending-empty">
            {t('sync.pendingNone')}
          </Text>
        ) : (
          <>
            <Text size="xs" c="dimmed">
              {t('sync.details.pendingHint')}
            </Text>
            <List size="sm" spacing={2}>
              {pending.map((item) => (
                <List.Item
                  key={`${item.collection}/${item.id}`}
                  data-testid="sync-pending-item"
                  data-collection={item.collection}
                  data-document-id={item.id}
                >
                  <DocumentLabel collection={item.collection} id={item.id} />
                </List.Item>
              ))}
            </List>
          </>
        )}
      </Section>

      <Section id="sync-rejected-heading" title={t('sync.details.rejectedTitle')}>
        {rejections.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('sync.details.rejectedEmpty')}
          </Text>
        ) : (
          <>
            <Text size="xs" c="dimmed">
              {t('sync.details.rejectedHint')}
            </Text>
            <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
              {[...rejections].reverse().map((record) => (
                <RejectionItem key={record.key} record={record} />
              ))}
            </Stack>
          </>
        )}
      </Section>

      <Section id="sync-collections-heading" title={t('sync.details.collectionsTitle')}>
        <Table.ScrollContainer minWidth={420}>
          <Table striped withTableBorder fz="sm" aria-labelledby="sync-collections-heading">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('sync.details.collection')}</Table.Th>
                <Table.Th scope="col">{t('sync.details.pending')}</Table.Th>
                <Table.Th scope="col">{t('sync.details.lastSynced')}</Table.Th>
                <Table.Th scope="col">{t('sync.details.lastError')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {collections.map((collection) => {
                const item = status.collections[collection] ?? EMPTY_COLLECTION_STATUS;
                const count = pendingBy(collection);
                const error = item.lastError;
                return (
                  <Table.Tr key={collection} data-testid="sync-collection-row" data-collection={collection} data-pending={String(count)}>
                    <Table.Th scope="row" fw={500}>
                      {collectionLabel(t, collection)}
                    </Table.Th>
                    <Table.Td>{format.number(count)}</Table.Td>
                    <Table.Td>{item.lastSyncedAt === null ? t('sync.details.never') : format.compactDateTime(item.lastSyncedAt)}</Table.Td>
                    <Table.Td>
                      {error === null ? (
                        <Text span size="sm" c="dimmed">
                          {t('sync.details.noError')}
                        </Text>
                      ) : (
                        <Text span size="sm" c={item.lastSyncedAt !== null && item.lastSyncedAt > error.at ? 'dimmed' : 'red'}>
                          {t('sync.details.errorWithTime', {
                            message: error.status === undefined ? error.message : `${t('sync.details.httpStatus', { status: error.status })} · ${error.message}`,
                            time: format.compactDateTime(error.at),
                          })}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Section>

      <Section id="sync-conflicts-heading" title={t('sync.details.conflictsTitle')}>
        {conflicts.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('sync.details.conflictsEmpty')}
          </Text>
        ) : (
          <Stack component="ul" gap={4} p={0} m={0} style={{ listStyle: 'none' }}>
            {[...conflicts].reverse().map((entry) => (
              <Group
                component="li"
                key={entry.key}
                justify="space-between"
                wrap="nowrap"
                gap="xs"
                data-testid="sync-conflict"
                data-collection={entry.collection}
                data-document-id={entry.documentId}
              >
                <Stack gap={0}>
                  <Text size="sm" fw={500}>
                    <DocumentLabel collection={entry.collection} id={entry.documentId} />
                  </Text>
                  <Text size="sm">{describeConflict(entry)}</Text>
                  <Text size="xs" c="dimmed">
                    {format.dateTime(entry.at)}
                  </Text>
                </Stack>
                <DismissConflictButton entryKey={entry.key} />
              </Group>
            ))}
          </Stack>
        )}
      </Section>
    </Stack>
  );
}

function RefusedMessage({ record, onOpen }: { readonly record: RejectionRecord; readonly onOpen: () => void }) {
  const { t } = useTranslation();
  const label = useDocumentLabel(record.collection, record.documentId, record.rejected.number ?? record.base?.number);
  return (
    <Stack gap={4} align="flex-start">
      <Text size="sm">{t('sync.details.refusedToast', { document: label })}</Text>
      <Button size="compact-xs" variant="light" onClick={onOpen}>
        {t('sync.details.openDetails')}
      </Button>
    </Stack>
  );
}

/** Announces each change the server refuses (mounted in the workstation); the panel keeps the list. */
export function RejectionNotifier() {
  const { t } = useTranslation();
  const { records, loaded } = useRejectionState();
  const setOpen = useUi((state) => state.setSyncDetailsOpen);
  const engine = useWorkspace((state) => state.engine);
  const seen = useRef<{ engine: unknown; keys: Set<string> } | null>(null);

  useEffect(() => {
    if (!loaded) return;
    if (seen.current?.engine !== engine) {
      // Records from earlier sessions are listed in the panel; only new refusals are announced.
      seen.current = { engine, keys: new Set(records.map((record) => record.key)) };
      return;
    }
    for (const record of records) {
      if (seen.current.keys.has(record.key)) continue;
      seen.current.keys.add(record.key);
      notifications.show({
        title: t(`sync.code.${record.code}`),
        message: (
          <RefusedMessage
            record={record}
            onOpen={() => {
              setOpen(true);
            }}
          />
        ),
        color: 'red',
        icon: <IconAlertTriangle aria-hidden size={16} />,
        autoClose: 12_000,
      });
    }
  }, [records, loaded, engine, setOpen, t]);

  return null;
}
