// kabinet installs as an app and shows an offline page when the network is gone (PRODUCT.md §7).
import { chromium, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('Chromium finds the app installable', async ({ baseURL, launchOptions }) => {
  // Test contexts are incognito, where nothing is installable: use a real profile.
  const profile = mkdtempSync(join(tmpdir(), 'kabinet-pwa-'));
  const context = await chromium.launchPersistentContext(profile, { ...launchOptions, baseURL });
  try {
    const page = await context.newPage();
    await page.goto('/');
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.errors).toEqual([]);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test('the offline page appears when the network is gone', async ({ page, context }) => {
  await page.goto('/');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload(); // now the service worker controls the page
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await context.setOffline(true);
  await page.goto('/signup?amount=5000');
  await expect(page.getByRole('heading', { name: 'Нет соединения с интернетом' })).toBeVisible();
  await context.setOffline(false);
});

test('the service worker never caches answers of the API', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.evaluate(() => fetch('/api/calculator').then((r) => r.json()));
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      urls.push(...(await cache.keys()).map((r) => new URL(r.url).pathname));
    }
    return urls;
  });
  expect(cached.filter((u) => u.startsWith('/api'))).toEqual([]);
  expect(cached.every((u) => u.startsWith('/pkg/') || u.startsWith('/offline') || u.startsWith('/icons/'))).toBe(true);
});
