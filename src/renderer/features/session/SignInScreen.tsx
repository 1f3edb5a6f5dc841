import { Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { signInDefaults, type SignInDefaults } from '../../data/session';
import { ColorSchemeMenu, LanguageMenu } from '../shell/PreferenceMenus';
import { SignInForm } from './SignInForm';

export function SignInScreen() {
  const { t } = useTranslation();
  const [defaults, setDefaults] = useState<SignInDefaults | null>(null);

  useEffect(() => {
    let cancelled = false;
    void signInDefaults().then((value) => {
      if (!cancelled) setDefaults(value);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  return (
    <Stack h="100%" gap={0}>
      <Group justify="flex-end" p="sm" gap="xs">
        <LanguageMenu />
        <ColorSchemeMenu />
      </Group>
      <Center component="main" style={{ flex: 1 }} px="md" pb="xl">
        <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
          <Stack gap="lg">
            <div>
              <Title order={1} size="h2">
                {t('signIn.title')}
              </Title>
              <Text size="sm" c="dimmed" mt={4}>
                {t('signIn.subtitle')}
              </Text>
            </div>
            {defaults !== null && (
              <SignInForm
                initialServerUrl={defaults.serverUrl}
                initialEmail={defaults.email}
                submitLabel={t('signIn.submit')}
              />
            )}
          </Stack>
        </Paper>
      </Center>
    </Stack>
  );
}
