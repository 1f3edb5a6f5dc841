/**
 * Web mode only: the service worker precaches the app shell so a reload without network still boots
 * the app (which then runs from the local replica). The desktop app loads its own files and needs none.
 * Sets `<html data-sw-ready="true">` once a service worker is active and controls this page.
 */
import { registerSW } from 'virtual:pwa-register';
import { isWebMode } from './platform';

function markReadyWhenControlled(container: ServiceWorkerContainer): void {
  const update = () => {
    if (container.controller !== null) document.documentElement.dataset.swReady = 'true';
  };
  container.addEventListener('controllerchange', update);
  update();
  void container.ready.then(update);
}

export function registerServiceWorker(): void {
  if (!isWebMode() || !('serviceWorker' in navigator)) return;
  void registerSW({
    immediate: true,
    onRegisterError: () => {
      // Without a service worker the app still works online; offline reloads will not.
    },
  });
  markReadyWhenControlled(navigator.serviceWorker);
}
