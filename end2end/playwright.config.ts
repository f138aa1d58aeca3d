// Playwright drives Debian's Chromium (downloads of Playwright's own browsers are not possible
// here). The server is started by scripts/e2e.sh, which passes its address in KABINET_BASE_URL.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  retries: 0,
  // One browser at a time: with two, a reloaded page now and then stayed unhydrated, in 1–2 of
  // 29 journeys per run on 2026-12-07, while the server's answers were complete under load. An
  // open defect, in the stop 25 note; one at a time keeps the journeys a sharp signal meanwhile.
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: process.env.KABINET_BASE_URL ?? 'http://127.0.0.1:3000',
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      ],
    },
  },
});
