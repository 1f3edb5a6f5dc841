/**
 * The agent's callback worklist: their open callbacks and unassigned ones, most overdue first.
 * "Call back" counts an attempt and asks the softphone to dial; when no softphone is listening
 * (telephony down), the log-a-call dialog opens instead so the call made on another phone is recorded
 * and completes the callback.
 *
 * Test hooks: `[data-testid="callback-row"]` with `data-callback-id` and `data-status`.
 */
import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPhoneOutgoing } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { CallbackRequest } from '../../../shared/domain/callback';
import { callbackWorklist, isOverdue, startCallbackAttempt } from '../../../shared/voice/outage';
import { formatPhoneNumber } from '../../../shared/voice/phone';
import { PendingTracker, syncStatusStore } from '../../data/sync-status';
import { useCustomerMap, useDatabase } from '../../data/hooks';
import { useFormatters } from '../../i18n/format';
import { dialRequests } from '../../voice/dial-requests';
import { useAgentId, useHomeCountry } from './agent';
import { updateCallback, useCallbacks } from './calls-data';
import { useNow } from '../shell/useNow';
import type { LogCallPrefill } from './LogCallDialog';

export function CallbacksList({ onLogCall }: { readonly onLogCall: (prefill: LogCallPrefill) => void }) {
  const { t } = useTranslation();
  const db = useDatabase();
  const agentId = useAgentId();
  const homeCountry = useHomeCountry();
  const format = useFormatters();
  const customers = useCustomerMap();
  const all = useCallbacks();
  const worklist = useMemo(() => callbackWorklist(all, agentId), [all, agentId]);
  const pendingKeys = useStore(syncStatusStore, (state) => state.pendingKeys);
  const pending = new Set(pendingKeys);
  const now = useNow(30_000);

  const fail = (cause: unknown) => {
    notifications.show({ message: t('calls.saveFailed', { message: cause instanceof Error ? cause.message : String(cause) }), color: 'red', autoClose: false });
  };

  const callBack = async (callback: CallbackRequest) => {
    const attempt = startCallbackAttempt(callback, agentId, new Date().toISOString());
    if (attempt === undefined) {
      notifications.show({ message: t('calls.callbacks.attemptsUsed'), color: 'orange' });
      return;
    }
    try {
      await updateCallback(db, callback.id, attempt);
    } catch (cause) {
      fail(cause);
      return;
    }
    const request = { number: callback.phoneNumber, source: 'callback' as const, callbackId: callback.id, ...(callback.customerId === undefined ? {} : { customerId: callback.customerId }) };
    if (!dialRequests.request(request)) {
      notifications.show({ message: t('calls.callbacks.noSoftphone'), color: 'yellow' });
      onLogCall({ number: callback.phoneNumber, direction: 'outbound', callbackId: callback.id, ...(callback.customerId === undefined ? {} : { customerId: callback.customerId }) });
    }
  };

  const cancel = (callback: CallbackRequest) => {
    updateCallback(db, callback.id, { status: 'cancelled', updatedAt: new Date().toISOString() }).catch(fail);
  };

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="callbacks-heading">
      <Text component="h2" fw={600} size="md" id="callbacks-heading" mb="xs">
        {t('calls.callbacks.title', { count: worklist.length })}
      </Text>
      {worklist.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('calls.callbacks.empty')}
        </Text>
      ) : (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
          {worklist.map((callback) => {
            const customer = callback.customerId === undefined ? undefined : customers.get(callback.customerId);
            const number = formatPhoneNumber(callback.phoneNumber, homeCountry);
            return (
              <Group component="li" key={callback.id} justify="space-between" wrap="nowrap" data-testid="callback-row" data-callback-id={callback.id} data-status={callback.status}>
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Group gap="xs">
                    <Text size="sm" fw={600}>
                      {customer?.name ?? number}
                    </Text>
                    {customer !== undefined && (
                      <Text size="sm" c="dimmed">
                        {number}
                      </Text>
                    )}
                    {isOverdue(callback, now) && (
                      <Badge color="red" size="sm">
                        {t('calls.callbacks.overdue')}
                      </Badge>
                    )}
                    {callback.status === 'in_progress' && <Badge size="sm">{t('calls.callbacks.attempts', { count: callback.attempts })}</Badge>}
                    {pending.has(PendingTracker.key('callbacks', callback.id)) && (
                      <Badge size="sm" variant="outline" color="orange">
                        {t('calls.pendingUpload')}
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t('calls.callbacks.due', { when: format.compactDateTime(callback.dueAt) })}
                    {callback.reason === undefined ? '' : ` · ${callback.reason}`}
                  </Text>
                </Stack>
                <Group gap="xs" wrap="nowrap">
                  <Button size="xs" leftSection={<IconPhoneOutgoing aria-hidden size={14} />} onClick={() => void callBack(callback)} aria-label={t('calls.callbacks.callBackTo', { who: customer?.name ?? number })}>
                    {t('calls.callbacks.callBack')}
                  </Button>
                  <Button
                    size="xs"
                    variant="light"
                    onClick={() => {
                      onLogCall({ number: callback.phoneNumber, direction: 'outbound', callbackId: callback.id, ...(callback.customerId === undefined ? {} : { customerId: callback.customerId }) });
                    }}
                    aria-label={t('calls.callbacks.logFor', { who: customer?.name ?? number })}
                  >
                    {t('calls.callbacks.log')}
                  </Button>
                  <Button size="xs" variant="subtle" color="gray" onClick={() => { cancel(callback); }} aria-label={t('calls.callbacks.cancelFor', { who: customer?.name ?? number })}>
                    {t('calls.callbacks.cancel')}
                  </Button>
                </Group>
              </Group>
            );
          })}
        </Stack>
      )}
    </Card>
  );
}
