import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../src/main/logger';
import {
  createPermissionCheckHandler,
  createPermissionRequestHandler,
  installPermissionHandlers,
  isPermissionGranted,
  type PermissionCheckHandler,
  type PermissionRequestHandler,
} from '../../../src/main/security/permissions';

const OURS = 'app://atende/index.html';

describe('isPermissionGranted', () => {
  const base = { origins: ['app://atende'], isMainFrame: true, mediaTypes: [] as string[] };
  it.each([
    ['microphone for our origin', { ...base, permission: 'media', mediaTypes: ['audio'] }, true],
    ['notifications for our origin', { ...base, permission: 'notifications' }, true],
    ['camera', { ...base, permission: 'media', mediaTypes: ['video'] }, false],
    ['microphone together with camera', { ...base, permission: 'media', mediaTypes: ['audio', 'video'] }, false],
    ['media without a media type', { ...base, permission: 'media', mediaTypes: [] }, false],
    ['media of unknown type', { ...base, permission: 'media', mediaTypes: ['unknown'] }, false],
    ['microphone for another origin', { ...base, origins: ['https://evil.example'], permission: 'media', mediaTypes: ['audio'] }, false],
    ['notifications for another origin', { ...base, origins: ['https://evil.example'], permission: 'notifications' }, false],
    ['notifications when one of the reported origins is foreign', { ...base, origins: ['app://atende', 'https://evil.example'], permission: 'notifications' }, false],
    ['an opaque origin', { ...base, origins: [null], permission: 'notifications' }, false],
    ['no origin at all', { ...base, origins: [], permission: 'notifications' }, false],
    ['a subframe of our origin', { ...base, isMainFrame: false, permission: 'media', mediaTypes: ['audio'] }, false],
    ['geolocation', { ...base, permission: 'geolocation' }, false],
    ['display capture', { ...base, permission: 'display-capture', mediaTypes: ['audio'] }, false],
    ['clipboard read', { ...base, permission: 'clipboard-read' }, false],
    ['openExternal', { ...base, permission: 'openExternal' }, false],
    ['midi sysex', { ...base, permission: 'midiSysex' }, false],
    ['fullscreen', { ...base, permission: 'fullscreen' }, false],
    ['an unknown permission', { ...base, permission: 'unknown' }, false],
  ])('%s → %s', (_name, query, expected) => {
    expect(isPermissionGranted(query)).toBe(expected);
  });
});

describe('permission request handler', () => {
  const request = (permission: string, details: Parameters<ReturnType<typeof createPermissionRequestHandler>>[3]) => {
    const warn = vi.fn();
    const callback = vi.fn();
    createPermissionRequestHandler({ ...silentLogger, warn })(null, permission, callback, details);
    expect(callback).toHaveBeenCalledTimes(1);
    return { granted: callback.mock.calls[0]?.[0] as boolean, warn };
  };

  it('grants the microphone to our main frame', () => {
    const result = request('media', { requestingUrl: OURS, isMainFrame: true, mediaTypes: ['audio'], securityOrigin: 'app://atende/' });
    expect(result.granted).toBe(true);
    expect(result.warn).not.toHaveBeenCalled();
  });

  it('denies the camera and logs it', () => {
    const result = request('media', { requestingUrl: OURS, isMainFrame: true, mediaTypes: ['video'] });
    expect(result.granted).toBe(false);
    expect(result.warn).toHaveBeenCalledWith(expect.stringContaining('video'));
  });

  it('denies the microphone to another origin', () => {
    expect(request('media', { requestingUrl: 'https://evil.example/x', isMainFrame: true, mediaTypes: ['audio'] }).granted).toBe(false);
  });

  it('denies when the security origin disagrees with the requesting URL', () => {
    const result = request('media', { requestingUrl: OURS, isMainFrame: true, mediaTypes: ['audio'], securityOrigin: 'https://evil.example' });
    expect(result.granted).toBe(false);
  });

  it('denies geolocation to our own origin', () => {
    expect(request('geolocation', { requestingUrl: OURS, isMainFrame: true }).granted).toBe(false);
  });

  it('grants notifications to our origin only', () => {
    expect(request('notifications', { requestingUrl: OURS, isMainFrame: true }).granted).toBe(true);
    expect(request('notifications', { requestingUrl: 'http://localhost:8787/', isMainFrame: true }).granted).toBe(false);
    expect(request('notifications', { requestingUrl: 'file:///etc/passwd', isMainFrame: true }).granted).toBe(false);
  });
});

describe('permission check handler', () => {
  const check = createPermissionCheckHandler();

  it('answers the microphone check for our origin in either origin form', () => {
    expect(check(null, 'media', 'app://atende', { isMainFrame: true, mediaType: 'audio', requestingUrl: OURS })).toBe(true);
    expect(check(null, 'media', 'app://atende/', { isMainFrame: true, mediaType: 'audio', securityOrigin: 'app://atende' })).toBe(true);
  });

  it('refuses the camera check', () => {
    expect(check(null, 'media', 'app://atende', { isMainFrame: true, mediaType: 'video', requestingUrl: OURS })).toBe(false);
  });

  it('refuses a cross-origin subframe even when the requesting origin looks like ours', () => {
    expect(
      check(null, 'notifications', 'app://atende', { isMainFrame: false, embeddingOrigin: 'https://evil.example', requestingUrl: OURS }),
    ).toBe(false);
  });

  it('refuses other origins and other permissions', () => {
    expect(check(null, 'notifications', 'https://evil.example', { isMainFrame: true })).toBe(false);
    expect(check(null, 'geolocation', 'app://atende', { isMainFrame: true, requestingUrl: OURS })).toBe(false);
    expect(check(null, 'clipboard-read', 'app://atende', { isMainFrame: true, requestingUrl: OURS })).toBe(false);
  });
});

describe('installPermissionHandlers', () => {
  it('installs request, check and device handlers that deny devices', () => {
    const session = {
      setPermissionRequestHandler: vi.fn<(handler: PermissionRequestHandler) => void>(),
      setPermissionCheckHandler: vi.fn<(handler: PermissionCheckHandler) => void>(),
      setDevicePermissionHandler: vi.fn<(handler: () => boolean) => void>(),
    };
    installPermissionHandlers(session, silentLogger);
    expect(session.setPermissionRequestHandler).toHaveBeenCalledWith(expect.any(Function));
    expect(session.setPermissionCheckHandler).toHaveBeenCalledWith(expect.any(Function));
    const deviceHandler = session.setDevicePermissionHandler.mock.calls[0]?.[0];
    expect(deviceHandler?.()).toBe(false);

    const checkHandler = session.setPermissionCheckHandler.mock.calls[0]?.[0];
    expect(checkHandler?.(null, 'media', 'app://atende', { isMainFrame: true, mediaType: 'audio' })).toBe(true);
    expect(checkHandler?.(null, 'media', 'app://atende', { isMainFrame: true, mediaType: 'video' })).toBe(false);
  });
});
