import { Center, Loader, MantineProvider, Stack, Text, type CSSVariablesResolver } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { HashRouter } from 'react-router';
import { useSession } from './data/session';
import { ReauthModal } from './features/session/ReauthModal';
import { SignInScreen } from './features/session/SignInScreen';
import { Workstation } from './features/shell/Workstation';
import { useMemo } from 'react';
import { colorSchemeManager, localizedTheme } from './theme';

/** Mantine's default dimmed text is below WCAG AA contrast (4.5:1) on both schemes; one shade darker/lighter is not. */
export const readableDimmedText: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-dark-1)' },
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: 2, refetchOnWindowFocus: false },
  },
});

function SessionGate() {
  const { t } = useTranslation();
  const status = useSession((state) => state.status);
  const expired = useSession((state) => state.expired);
  if (status === 'loading') {
    return (
      <Center h="100%">
        <Stack align="center" gap="xs" role="status">
          <Loader aria-hidden />
          <Text>{t('app.loading')}</Text>
        </Stack>
      </Center>
    );
  }
  if (status === 'signed-out') return <SignInScreen />;
  return (
    <>
      <Workstation />
      {expired && <ReauthModal />}
    </>
  );
}

/** The theme in the user's language (accessible names of Mantine's own controls), rebuilt when it changes. */
export function useLocalizedTheme() {
  const { t } = useTranslation();
  const closeLabel = t('common.close');
  return useMemo(() => localizedTheme(closeLabel), [closeLabel]);
}

export function App() {
  const theme = useLocalizedTheme();
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" colorSchemeManager={colorSchemeManager} cssVariablesResolver={readableDimmedText}>
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <HashRouter>
          <SessionGate />
        </HashRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
