import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium, headless, no network: the report must open offline. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
