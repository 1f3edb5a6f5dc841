/**
 * Shown when the server rejected the token. Local work goes on (the dialog can be dismissed; a notice
 * stays until the user signs in again), sync resumes once the same user signs in.
 */
import { Affix, Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../data/session';
import { useUi } from '../../stores/ui';
import { SignInForm } from './SignInForm';

export function ReauthModal() {
  const { t } = useTranslation();
  const session = useSession((state) => state.session);
  const openSignOut = useUi((state) => state.setSignOutOpen);
  const signOutOpen = useUi((state) => state.signOutOpen);
  const [opened, setOpened] = useState(true);
  if (session === null) return null;
  return (
    <>
      <Affix position={{ bottom: 16, left: 16 }}>
        <Alert color="orange" icon={<IconAlertTriangle aria-hidden />} title={t('reauth.title')} role="status" maw={420}>
          <Group>
            <Button
              size="xs"
              onClick={() => {
                setOpened(true);
              }}
            >
              {t('reauth.submit')}
            </Button>
          </Group>
        </Alert>
      </Affix>
      <Modal
        opened={opened && !signOutOpen}
        onClose={() => {
          setOpened(false);
        }}
        title={t('reauth.title')}
        centered
      >
        <Stack>
          <Text size="sm">{t('reauth.body', { email: session.user.email })}</Text>
          <SignInForm
            initialServerUrl={session.serverUrl}
            initialEmail={session.user.email}
            lockAccount
            submitLabel={t('reauth.submit')}
          />
          <Button
            variant="subtle"
            onClick={() => {
              setOpened(false);
              openSignOut(true);
            }}
          >
            {t('reauth.switchUser')}
          </Button>
        </Stack>
      </Modal>
    </>
  );
}
