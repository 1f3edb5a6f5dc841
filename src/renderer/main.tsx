import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initSession } from './data/session';
import { isCallerPageLocation } from './features/caller/route';
import { initI18n } from './i18n';
import { registerServiceWorker } from './service-worker';
import { startSoftphoneRuntime } from './voice/softphone-runtime';

async function boot(): Promise<void> {
  await initI18n();
  const container = document.getElementById('root');
  if (container === null) throw new Error('#root is missing from index.html');
  const root = createRoot(container);
  if (isCallerPageLocation(location)) {
    // The public caller page: no session, no local data, no offline app shell.
    const { CallerApp } = await import('./features/caller/CallerApp');
    root.render(
      <StrictMode>
        <CallerApp />
      </StrictMode>,
    );
    return;
  }
  registerServiceWorker();
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  startSoftphoneRuntime();
  await initSession();
}

void boot();
