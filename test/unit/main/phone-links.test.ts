import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../src/main/logger';
import { createDialForwarder, PHONE_LINK_SCHEMES, phoneLinkInArgv, registerPhoneLinkClient, type ProtocolClientApp } from '../../../src/main/phone-links';

/** The `schemes` listed under the top-level `protocols` of electron-builder.yml (macOS Info.plist, Linux .desktop). */
function packagedSchemes(): string[] {
  const lines = readFileSync(new URL('../../../electron-builder.yml', import.meta.url), 'utf8').split('\n');
  const start = lines.findIndex((line) => line === 'protocols:');
  if (start < 0) return [];
  const block = lines.slice(start + 1);
  const end = block.findIndex((line) => /^\S/.test(line));
  return block
    .slice(0, end < 0 ? undefined : end)
    .map((line) => /^\s+- (\w+)$/.exec(line)?.[1])
    .filter((scheme): scheme is string => scheme !== undefined);
}

describe('installers', () => {
  it('declare tel and callto, the schemes the app registers at run time', () => {
    expect(packagedSchemes().sort()).toEqual([...PHONE_LINK_SCHEMES].sort());
  });
});

describe('registerPhoneLinkClient', () => {
  it('registers tel and callto for the packaged app', () => {
    const app = { setAsDefaultProtocolClient: vi.fn(() => true) };
    expect(registerPhoneLinkClient(app, { defaultApp: false, execPath: '/opt/Atende/atende', appPath: undefined }, silentLogger)).toEqual([]);
    expect(app.setAsDefaultProtocolClient.mock.calls).toEqual([['tel'], ['callto']]);
  });

  it('passes the executable and app path in development (electron .), as Windows needs', () => {
    const app = { setAsDefaultProtocolClient: vi.fn<ProtocolClientApp['setAsDefaultProtocolClient']>(() => true) };
    registerPhoneLinkClient(app, { defaultApp: true, execPath: '/dev/electron', appPath: '/src/atende' }, silentLogger);
    expect(app.setAsDefaultProtocolClient.mock.calls).toEqual([
      ['tel', '/dev/electron', ['/src/atende']],
      ['callto', '/dev/electron', ['/src/atende']],
    ]);
  });

  it('reports and logs the schemes the OS refused', () => {
    const app = { setAsDefaultProtocolClient: vi.fn((scheme: string) => scheme !== 'callto') };
    const warn = vi.fn();
    expect(registerPhoneLinkClient(app, { defaultApp: false, execPath: '/x', appPath: undefined }, { ...silentLogger, warn })).toEqual(['callto']);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe('phoneLinkInArgv', () => {
  it.each([
    [['/opt/Atende/atende', 'tel:+5511987654321'], 'tel:+5511987654321'],
    [['C:\\Atende.exe', '--allow-file-access', 'callto://+5511987654321'], 'callto://+5511987654321'],
    [['electron', '/src/app', 'tel:+1', 'tel:+5511987654321'], 'tel:+5511987654321'],
    [['/opt/Atende/atende'], null],
    [['/opt/Atende/atende', '--tel:+5511987654321'], null],
    [['/opt/Atende/atende', 'https://example.com/tel:+55'], null],
  ])('%j → %s', (argv, expected) => {
    expect(phoneLinkInArgv(argv)).toBe(expected);
  });
});

describe('createDialForwarder', () => {
  const setup = (country: string | undefined, windowOpen = true) => {
    const sent: { number: string }[] = [];
    let open = windowOpen;
    const warn = vi.fn();
    const forwarder = createDialForwarder({
      send: (request) => {
        if (!open) return false;
        sent.push({ ...request });
        return true;
      },
      defaultCountry: () => country,
      logger: { ...silentLogger, warn },
    });
    return {
      forwarder,
      sent,
      warn,
      setOpen: (value: boolean) => {
        open = value;
      },
    };
  };

  it('needs no country for numbers with their country code', () => {
    const { forwarder, sent } = setup(undefined);
    forwarder.rendererReady();
    forwarder.handleLink('callto://+5511987654321');
    expect(sent).toEqual([{ number: '+5511987654321' }]);
  });

  it('sends the E.164 number of a valid link once the renderer listens', () => {
    const { forwarder, sent } = setup('BR');
    forwarder.rendererReady();
    forwarder.handleLink('tel:+55-11-98765-4321');
    expect(sent).toEqual([{ number: '+5511987654321' }]);
  });

  it('reads numbers without a country code in the OS country', () => {
    const { forwarder, sent } = setup('BR');
    forwarder.rendererReady();
    forwarder.handleLink('tel:(11)%2098765-4321');
    expect(sent).toEqual([{ number: '+5511987654321' }]);
  });

  it.each([
    ['tel:+999', undefined],
    ['tel:+5511123', 'BR'],
    ['tel:banana', 'BR'],
    ['tel:11987654321', undefined],
    ['tel:%E0%A4%A', 'BR'],
    ['https://evil.example/?tel:+5511987654321', 'BR'],
    ['javascript:tel:+5511987654321', 'BR'],
  ])('refuses %s (country %s) without sending anything', (href, country) => {
    const { forwarder, sent, warn } = setup(country);
    forwarder.rendererReady();
    forwarder.handleLink(href);
    expect(sent).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(1);
    // The number never goes to the log.
    expect(String(warn.mock.calls[0]?.[0])).not.toMatch(/\d{6,}/);
  });

  it('keeps a link that arrives before the renderer listens, and only the latest', () => {
    const { forwarder, sent } = setup('BR');
    forwarder.handleArgv(['/opt/Atende/atende', 'tel:+5511987654321']);
    forwarder.handleLink('callto:+5521987654321');
    expect(sent).toEqual([]);
    forwarder.rendererReady();
    expect(sent).toEqual([{ number: '+5521987654321' }]);
    // Delivered once: a second ready (a reload) does not dial it again.
    forwarder.rendererReady();
    expect(sent).toHaveLength(1);
  });

  it('holds links while the renderer is gone (closed or reloading) and sends them when it is back', () => {
    const { forwarder, sent, setOpen } = setup('BR');
    forwarder.rendererReady();
    forwarder.rendererGone();
    forwarder.handleLink('tel:+5511987654321');
    expect(sent).toEqual([]);
    forwarder.rendererReady();
    expect(sent).toEqual([{ number: '+5511987654321' }]);
    // Ready but the window is gone (send fails): the link waits for the next ready.
    setOpen(false);
    forwarder.handleLink('tel:+5521987654321');
    setOpen(true);
    forwarder.rendererReady();
    expect(sent).toEqual([{ number: '+5511987654321' }, { number: '+5521987654321' }]);
  });

  it('ignores argv without a phone link', () => {
    const { forwarder, sent, warn } = setup('BR');
    forwarder.rendererReady();
    forwarder.handleArgv(['/opt/Atende/atende', '--flag']);
    expect(sent).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });
});
