/**
 * Web permissions of the renderer. SECURITY-SENSITIVE: do not widen without review.
 *
 * Granted only to our own origin (app://atende), only from the main frame:
 * - `media` when it asks for the microphone alone (a request that includes video is refused);
 * - `notifications`.
 * Everything else, every other origin and every subframe is denied, for both the asynchronous
 * request (getUserMedia, Notification.requestPermission) and the synchronous check
 * (navigator.permissions.query, Notification.permission, device enumeration).
 */
import type { Session } from 'electron';
import type { Logger } from '../logger';
import { APP_ORIGIN, originOf } from './origin';

export interface PermissionQuery {
  readonly permission: string;
  /** Origin of the requesting frame (from its URL or as Chromium reports it). */
  readonly origins: readonly (string | null | undefined)[];
  readonly isMainFrame: boolean;
  /** Media kinds asked for; empty when the request names none. */
  readonly mediaTypes: readonly string[];
}

/** The pure decision, table-tested. */
export function isPermissionGranted(query: PermissionQuery): boolean {
  if (!query.isMainFrame) return false;
  const known = query.origins.filter((origin) => origin !== undefined);
  if (known.length === 0 || !known.every((origin) => origin === APP_ORIGIN)) return false;
  switch (query.permission) {
    case 'media':
      return query.mediaTypes.length > 0 && query.mediaTypes.every((type) => type === 'audio');
    case 'notifications':
      return true;
    default:
      return false;
  }
}

/** What Electron passes a permission request handler, narrowed to what we read. */
export interface PermissionRequestDetails {
  readonly requestingUrl: string;
  readonly isMainFrame: boolean;
  readonly mediaTypes?: readonly string[];
  readonly securityOrigin?: string;
}

/** What Electron passes a permission check handler, narrowed to what we read. */
export interface PermissionCheckDetails {
  readonly requestingUrl?: string;
  readonly isMainFrame: boolean;
  readonly mediaType?: string;
  readonly securityOrigin?: string;
  readonly embeddingOrigin?: string;
}

export type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: PermissionRequestDetails,
) => void;

export type PermissionCheckHandler = (
  webContents: unknown,
  permission: string,
  requestingOrigin: string,
  details: PermissionCheckDetails,
) => boolean;

/**
 * Chromium reports origins as "app://atende" or as a URL ("app://atende/"), depending on the API;
 * every form is reduced to the origin before it is compared. Absent stays absent.
 */
function normalizeOrigin(value: string | undefined): string | null | undefined {
  return value === undefined ? undefined : originOf(value);
}

export function createPermissionRequestHandler(logger: Logger): PermissionRequestHandler {
  return (_webContents, permission, callback, details) => {
    const granted = isPermissionGranted({
      permission,
      origins: [originOf(details.requestingUrl), normalizeOrigin(details.securityOrigin)],
      isMainFrame: details.isMainFrame,
      mediaTypes: details.mediaTypes ?? [],
    });
    if (!granted) {
      const media = details.mediaTypes && details.mediaTypes.length > 0 ? ` (${details.mediaTypes.join('+')})` : '';
      logger.warn(`Denied permission request "${permission}"${media} from ${originOf(details.requestingUrl) ?? 'an unknown origin'}`);
    }
    callback(granted);
  };
}

export function createPermissionCheckHandler(): PermissionCheckHandler {
  return (_webContents, permission, requestingOrigin, details) => {
    // A check for a cross-origin subframe names the embedding origin: never ours to grant.
    if (details.embeddingOrigin !== undefined) return false;
    return isPermissionGranted({
      permission,
      origins: [
        originOf(requestingOrigin),
        normalizeOrigin(details.requestingUrl),
        normalizeOrigin(details.securityOrigin),
      ],
      isMainFrame: details.isMainFrame,
      mediaTypes: details.mediaType === undefined ? [] : [details.mediaType],
    });
  };
}

export type PermissionSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
>;

/** Installs the handlers on a session (the default session of the app). */
export function installPermissionHandlers(session: PermissionSession, logger: Logger): void {
  session.setPermissionRequestHandler(createPermissionRequestHandler(logger));
  session.setPermissionCheckHandler(createPermissionCheckHandler());
  // WebHID, WebUSB, Web Serial: no device is ever granted.
  session.setDevicePermissionHandler(() => false);
}
