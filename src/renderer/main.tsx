import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initSession } from './data/session';
import { initI18n } from './i18n';
import { registerServiceWorker } from './service-worker';

async function boot(): Promise<void> {
  await initI18n();
  registerServiceWorker();
  const container = document.getElementById('root');
  if (container === null) throw new Error('#root is missing from index.html');
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  await initSession();
}

void boot();
