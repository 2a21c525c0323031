// Finds the system browsers the tests and benchmarks drive; nothing is downloaded.
import { existsSync } from 'node:fs';

const BROWSERS = {
  chromium: {
    name: 'Chromium',
    env: 'CHROME_PATH',
    paths: [
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome-stable',
      '/usr/bin/google-chrome',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    ],
    install: 'sudo apt-get install -y chromium',
  },
  firefox: {
    name: 'Firefox',
    env: 'FIREFOX_PATH',
    paths: ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/Applications/Firefox.app/Contents/MacOS/firefox'],
    install: 'sudo apt-get install -y firefox-esr',
  },
};

/**
 * Path of a system browser ('chromium' or 'firefox'): its environment variable
 * (CHROME_PATH, FIREFOX_PATH), then the usual system paths. Returns the path, or
 * a one-line reason it was not found.
 */
export function findBrowser(kind) {
  const browser = BROWSERS[kind];
  const fromEnv = process.env[browser.env];
  if (fromEnv) {
    return existsSync(fromEnv) ? { path: fromEnv } : { missing: `${browser.env}=${fromEnv} does not exist.` };
  }
  const path = browser.paths.find((candidate) => existsSync(candidate));
  if (path) return { path };
  return {
    missing:
      `no ${browser.name} found (looked at ${browser.env} and ${browser.paths.join(', ')}). ` +
      `Install it with "${browser.install}" (Debian/Ubuntu) or set ${browser.env}.`,
  };
}

/** Path of the Chromium to use; exits with one clear line if none. */
export function chromiumPath() {
  const found = findBrowser('chromium');
  if (found.path) return found.path;
  console.error(`bounded-console: ${found.missing}`);
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

/**
 * Preferences for a Firefox with no network: no telemetry, updates, captive-portal
 * or safe-browsing calls, and timers that are not throttled in the background.
 */
export const FIREFOX_PREFS = {
  'app.update.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'toolkit.telemetry.enabled': false,
  'dom.min_background_timeout_value': 4,
  'dom.timeout.enable_budget_timer_throttling': false,
  // A dark operating system: Chromium's tests emulate either preference, Firefox's
  // cannot (WebDriver BiDi has no media emulation), so it runs under the other one.
  'ui.systemUsesDarkTheme': 1,
};
