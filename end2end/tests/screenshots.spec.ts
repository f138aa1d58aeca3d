// Screenshots of the borrower's main screens at 360 and 1280 px, kept in end2end/screenshots/
// (`make screenshots`; skipped in `make test`): the landing page, a wizard step, the dashboard,
// and the repeat loan's start from the cabinet.
import { expect, test, type Page } from '@playwright/test';
import { calculatorReady, codeFor, newPhone, ready } from './helpers';
import { borrow } from './journey';

test.skip(!process.env.KABINET_SCREENSHOTS, 'make screenshots takes them');

const WIDTHS = [360, 1280];

async function shoot(page: Page, name: string) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    await page.waitForTimeout(150);
    await page.screenshot({ path: `screenshots/${name}-${width}.png`, fullPage: true });
  }
}

test('the borrower’s main screens', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await calculatorReady(page);
  await shoot(page, 'landing');

  const phone = newPhone();
  await borrow(page, phone);
  await ready(page);
  await shoot(page, 'dashboard');

  // Repaid in full, then the next loan from the cabinet.
  await page.getByRole('button', { name: /^Весь долг/ }).click();
  await page.getByRole('button', { name: 'Получить код и оплатить' }).click();
  await page.getByLabel('Код из SMS').fill(await codeFor(page.request, phone));
  await page.getByRole('button', { name: 'Подтвердить оплату' }).click();
  await expect(page.locator('.loan-dashboard[data-loan="repaid"]')).toBeVisible();
  await page.reload();
  await ready(page);
  await shoot(page, 'repeat-loan-start');
  await page.locator('#new-loan').getByRole('button', { name: 'Получить деньги' }).click();
  await expect(page).toHaveURL(/\/apply\?product=repeat/);
  await ready(page);
  await shoot(page, 'wizard-step');
});
