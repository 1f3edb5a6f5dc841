/**
 * `tel:` and `callto:` links opened with the app: registration as the OS handler, the links that
 * arrive (macOS `open-url`; Windows and Linux start the app, or a second instance, with the link in
 * argv), validation with the shared phone rules, and delivery of `{ number }` (E.164) to the renderer.
 *
 * A link can arrive before the renderer listens (cold start, a reload): the latest one waits until the
 * renderer says it is ready (`voice:dialReady`). Only the latest: several clicks while the app starts
 * must not turn into several calls.
 */
import { isPhoneLink, parsePhoneLink } from '../shared/voice/phone';
import type { Logger } from './logger';

export const PHONE_LINK_SCHEMES = ['tel', 'callto'] as const;

/** The part of Electron's app used to register as the handler (the real app fits it). */
export interface ProtocolClientApp {
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
}

export interface LaunchInfo {
  /** process.defaultApp: true when started as `electron path/to/app` (development), where Windows needs the app path. */
  readonly defaultApp: boolean;
  readonly execPath: string;
  /** Absolute path of the app given to the electron binary (process.argv[1] resolved), when defaultApp. */
  readonly appPath: string | undefined;
}

/** Registers the app for both schemes; returns the schemes the OS refused (logged). */
export function registerPhoneLinkClient(app: ProtocolClientApp, launch: LaunchInfo, logger: Logger): string[] {
  const refused: string[] = [];
  for (const scheme of PHONE_LINK_SCHEMES) {
    const ok =
      launch.defaultApp && launch.appPath !== undefined
        ? app.setAsDefaultProtocolClient(scheme, launch.execPath, [launch.appPath])
        : app.setAsDefaultProtocolClient(scheme);
    if (!ok) {
      refused.push(scheme);
      logger.warn(`Could not register as the ${scheme}: link handler`);
    }
  }
  return refused;
}

/** The phone link among command-line arguments (the last one, if several), or null. */
export function phoneLinkInArgv(argv: readonly string[]): string | null {
  for (let index = argv.length - 1; index >= 0; index -= 1) {
    const arg = argv[index];
    // Flags like --allow-file-access-from-files are never links; a link is its own argument.
    if (arg !== undefined && !arg.startsWith('-') && isPhoneLink(arg)) return arg;
  }
  return null;
}

export interface DialForwarder {
  /** A link from `open-url` or argv: validated and sent now, or kept (the latest only) until the renderer is ready. */
  handleLink(href: string): void;
  /** A second instance's (or our own launch's) argv. */
  handleArgv(argv: readonly string[]): void;
  /** The renderer listens now: the waiting link, if any, goes out. */
  rendererReady(): void;
  /** The renderer went away (window closed or reloading): links wait again. */
  rendererGone(): void;
}

export function createDialForwarder(deps: {
  /** Sends `voice:dial` to the app window; false when there is no window to send to. */
  readonly send: (request: { readonly number: string }) => boolean;
  /**
   * The country of numbers written without `+` (the OS locale's), or undefined. Read when the link is
   * validated, which is once the renderer is ready, so after the app's `ready` (a link that opened a
   * cold macOS app arrives before it).
   */
  readonly defaultCountry: () => string | undefined;
  readonly logger: Logger;
}): DialForwarder {
  let ready = false;
  let waiting: string | null = null;

  const validate = (href: string): string | null => {
    const country = deps.defaultCountry();
    const parsed = parsePhoneLink(href, { validation: 'valid', ...(country === undefined || country === '' ? {} : { defaultCountry: country }) });
    if (parsed.ok) return parsed.e164;
    // The link itself may be personal data: log the reason, not the number.
    deps.logger.warn(`Refused a phone link: ${parsed.error}`);
    return null;
  };

  const flush = (): void => {
    if (!ready || waiting === null) return;
    const href = waiting;
    waiting = null;
    const number = validate(href);
    if (number !== null && !deps.send({ number })) waiting = href;
  };

  const handleLink = (href: string): void => {
    if (!isPhoneLink(href)) {
      deps.logger.warn('Refused a link that is not tel: or callto:');
      return;
    }
    waiting = href;
    flush();
  };

  return {
    handleLink,
    handleArgv(argv) {
      const link = phoneLinkInArgv(argv);
      if (link !== null) handleLink(link);
    },
    rendererReady() {
      ready = true;
      flush();
    },
    rendererGone() {
      ready = false;
    },
  };
}
