import type { CallShortcutRegistry } from '../call-shortcuts';
import type { Notifier } from '../notifier';
import type { SessionStore } from '../session-store';
import type { IpcHandlers } from './register';

export interface IpcHandlerDeps {
  readonly getVersion: () => string;
  readonly defaultServerUrl: string;
  readonly notifier: Notifier;
  readonly sessionStore: SessionStore;
  readonly callShortcuts: CallShortcutRegistry;
  /** The renderer listens for dial requests (phone-links.ts DialForwarder.rendererReady). */
  readonly dialReady: () => void;
}

/** The behaviour behind each channel; sender and payload were checked by registerIpcHandlers. */
export function createIpcHandlers(deps: IpcHandlerDeps): IpcHandlers {
  return {
    'app:getVersion': () => deps.getVersion(),
    'app:getDefaultServerUrl': () => deps.defaultServerUrl,
    'app:notify': (request) => {
      deps.notifier.notify(request);
      return undefined;
    },
    'session:load': () => deps.sessionStore.load(),
    'session:save': async (session) => {
      await deps.sessionStore.save(session);
      return undefined;
    },
    'session:clear': async () => {
      await deps.sessionStore.clear();
      return undefined;
    },
    'voice:notifyIncoming': (notice) => {
      deps.notifier.notifyIncomingCall(notice);
      return undefined;
    },
    'voice:dismissIncoming': ({ callId }) => {
      deps.notifier.dismissIncomingCall(callId);
      return undefined;
    },
    'voice:setShortcuts': (shortcuts) => deps.callShortcuts.apply(shortcuts),
    'voice:dialReady': () => {
      deps.dialReady();
      return undefined;
    },
  };
}
