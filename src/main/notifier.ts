import type { NotifyRequest } from '../shared/ipc/contract';
import type { Logger } from './logger';

export interface NotificationLike {
  on(event: 'click' | 'close' | 'failed', listener: () => void): unknown;
  show(): void;
}

/** Electron's Notification class, narrowed (the real class fits it). */
export interface NotificationClass {
  new (options: { title: string; body: string; silent?: boolean }): NotificationLike;
  isSupported(): boolean;
}

export interface Notifier {
  notify(request: NotifyRequest): void;
}

export function createNotifier(deps: {
  readonly Notification: NotificationClass;
  readonly onClick: () => void;
  readonly logger: Logger;
}): Notifier {
  // Shown notifications are kept referenced until they end, so their click handler survives GC.
  const live = new Set<NotificationLike>();
  let warned = false;
  return {
    notify(request) {
      if (!deps.Notification.isSupported()) {
        if (!warned) deps.logger.warn('System notifications are not supported here; skipping them');
        warned = true;
        return;
      }
      const notification = new deps.Notification({ title: request.title, body: request.body });
      live.add(notification);
      notification.on('click', () => {
        live.delete(notification);
        deps.onClick();
      });
      notification.on('close', () => live.delete(notification));
      notification.on('failed', () => live.delete(notification));
      notification.show();
    },
  };
}
