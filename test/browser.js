// Finds the system Chromium the tests and benchmarks drive; nothing is downloaded.
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** Path of the Chromium to use: CHROME_PATH, then the usual system paths; exits with one clear line if none. */
export function chromiumPath() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    fail(`CHROME_PATH=${fromEnv} does not exist.`);
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (found) return found;
  fail('no Chromium found (looked at CHROME_PATH and ' + CANDIDATES.join(', ') + ').');
}

function fail(reason) {
  console.error(`bounded-console: ${reason} Install one with "sudo apt-get install -y chromium" (Debian/Ubuntu) or set CHROME_PATH.`);
  process.exit(1);
}

/** Flags for a sandbox without network: no background connections; gc() and exact heap sizes for memory tests. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
  '--js-flags=--expose-gc',
  '--enable-precise-memory-info',
];
