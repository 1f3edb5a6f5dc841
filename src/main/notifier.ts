import type { IncomingCallNotice, NotifyRequest } from '../shared/ipc/contract';
import type { Logger } from './logger';

export interface NotificationLike {
  on(event: 'click' | 'close' | 'failed', listener: () => void): unknown;
  show(): void;
  close(): void;
}

export interface NotificationOptions {
  title: string;
  body: string;
  silent?: boolean;
  timeoutType?: 'default' | 'never';
}

/** Electron's Notification class, narrowed (the real class fits it). */
export interface NotificationClass {
  new (options: NotificationOptions): NotificationLike;
  isSupported(): boolean;
}

export interface Notifier {
  notify(request: NotifyRequest): void;
  /**
   * The incoming call's notification, replacing the one of an earlier call. Silent (the renderer
   * rings on the agent's ringtone device) and kept until dismissed where the OS allows it.
   */
  notifyIncomingCall(notice: IncomingCallNotice): void;
  /** Closes the incoming-call notification of `callId`, if it is the one shown. */
  dismissIncomingCall(callId: string): void;
}

export function createNotifier(deps: {
  readonly Notification: NotificationClass;
  /** Focuses the app window (every notification click). */
  readonly onClick: () => void;
  /** An incoming-call notification was clicked: the renderer should answer `callId`. */
  readonly onAnswerRequested: (callId: string) => void;
  readonly logger: Logger;
}): Notifier {
  // Shown notifications are kept referenced until they end, so their click handler survives GC.
  const live = new Set<NotificationLike>();
  let incoming: { readonly callId: string; readonly notification: NotificationLike } | null = null;
  let warned = false;

  const show = (options: NotificationOptions, onClick: () => void): NotificationLike | null => {
    if (!deps.Notification.isSupported()) {
      if (!warned) deps.logger.warn('System notifications are not supported here; skipping them');
      warned = true;
      return null;
    }
    const notification = new deps.Notification(options);
    live.add(notification);
    const ended = (): void => {
      live.delete(notification);
      if (incoming?.notification === notification) incoming = null;
    };
    notification.on('click', () => {
      ended();
      onClick();
    });
    notification.on('close', ended);
    notification.on('failed', ended);
    notification.show();
    return notification;
  };

  const closeIncoming = (): void => {
    const current = incoming;
    if (current === null) return;
    incoming = null;
    live.delete(current.notification);
    current.notification.close();
  };

  return {
    notify(request) {
      show({ title: request.title, body: request.body }, deps.onClick);
    },
    notifyIncomingCall(notice) {
      closeIncoming();
      const { callId } = notice;
      const notification = show({ title: notice.title, body: notice.body, silent: true, timeoutType: 'never' }, () => {
        deps.onClick();
        deps.onAnswerRequested(callId);
      });
      if (notification !== null) incoming = { callId, notification };
    },
    dismissIncomingCall(callId) {
      if (incoming?.callId === callId) closeIncoming();
    },
  };
}
