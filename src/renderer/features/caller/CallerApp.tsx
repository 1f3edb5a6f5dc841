/** The root of the public caller page (`/call` in web mode): no session, no local database. */
import { MantineProvider } from '@mantine/core';
import { readableDimmedText, useLocalizedTheme } from '../../App';
import { colorSchemeManager } from '../../theme';
import { CallerPage } from './CallerPage';

export function CallerApp() {
  const theme = useLocalizedTheme();
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" colorSchemeManager={colorSchemeManager} cssVariablesResolver={readableDimmedText}>
      <CallerPage />
    </MantineProvider>
  );
}
