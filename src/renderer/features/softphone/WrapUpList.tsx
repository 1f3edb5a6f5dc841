/**
 * After-call work of the answered calls that ended: the wrap-up form of the calls feature
 * (`WrapUpForm`, disposition and notes on the call record) for each, oldest first. Calls without a
 * record id (a provider that gave none) get a plain "Done".
 *
 * Test hook: `[data-testid="softphone-wrapup"]` with `data-call-id` and `data-record-id`.
 */
import { Button, Card, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { finishWrapUp, useSoftphone } from '../../voice/call-session';
import { WrapUpForm } from '../calls/WrapUpForm';
import { usePeerName } from './softphone-data';

export function WrapUpList() {
  const { t } = useTranslation();
  const items = useSoftphone((state) => state.wrapUps);
  const peerName = usePeerName();
  if (items.length === 0) return null;
  return (
    <Stack gap="xs">
      {items.map((item) => (
        <Card key={item.callId} withBorder padding="sm" data-testid="softphone-wrapup" data-call-id={item.callId} data-record-id={item.recordId} role="region" aria-label={t('softphone.wrapUp.title')}>
          <Stack gap={6}>
            <Text fw={600} size="sm">
              {t('softphone.wrapUp.with', { name: peerName(item.peer) })}
            </Text>
            {item.recordId === undefined ? (
              <>
                <Text size="xs" c="dimmed">
                  {t('softphone.wrapUp.noRecord')}
                </Text>
                <Button
                  size="xs"
                  onClick={() => {
                    void finishWrapUp(item.callId);
                  }}
                >
                  {t('softphone.wrapUp.done')}
                </Button>
              </>
            ) : (
              <WrapUpForm
                callRecordId={item.recordId}
                onDone={() => {
                  void finishWrapUp(item.callId);
                }}
              />
            )}
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
