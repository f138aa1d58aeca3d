// Steps the journeys share: a fresh phone, the code from the sandbox outbox, sign-up, login.
import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const PASSWORD = 'пароль от кабинета';

/** A phone no other test uses: +7 9XX XXX-XX-XX. */
export function newPhone(): string {
  const digits = Array.from({ length: 9 }, () => Math.floor(Math.random() * 10)).join('');
  return `+79${digits}`;
}

/** The newest 6-digit code the sandbox outbox holds for `phone`. */
export async function codeFor(request: APIRequestContext, phone: string): Promise<string> {
  let code = '';
  await expect(async () => {
    const html = await (await request.get('/dev/outbox')).text();
    const items = html.split('<li class="message">').slice(1);
    const mine = items.find((item) => item.includes(`<span class="to">${phone}</span>`));
    const found = mine?.match(/\b(\d{6})\b/);
    expect(found).toBeTruthy();
    code = found![1];
  }).toPass({ timeout: 10_000 });
  return code;
}

/** The newest link to `path` (`/email/confirm`, `/reset/email`) in the outbox's mail to `email`. */
export async function linkFor(request: APIRequestContext, email: string, path: string): Promise<string> {
  let link = '';
  await expect(async () => {
    const html = await (await request.get('/dev/outbox')).text();
    const found = html
      .split('<li class="message">')
      .filter((item) => item.includes(email))
      .map((item) => item.match(new RegExp(`${path}\\?token=[A-Za-z0-9_-]+`)))
      .find((m) => m);
    expect(found).toBeTruthy();
    link = found![0];
  }).toPass({ timeout: 10_000 });
  return link;
}

export async function ready(page: Page) {
  await expect(page.locator('[data-ready="true"]')).toBeVisible();
}

/** The landing page's calculator runs in the browser (its server-side "Пересчитать" is gone). */
export async function calculatorReady(page: Page) {
  await expect(page.getByRole('button', { name: 'Пересчитать' })).toBeHidden();
}

export async function signUp(page: Page, phone: string, from = '/signup') {
  await page.goto(from);
  await ready(page);
  await fillSignUp(page, phone, async () => {
    await page.getByRole('button', { name: 'Продолжить' }).click();
  });
  await expect(page.getByText('Мы отправили 6-значный код на номер')).toBeVisible();
  await page.getByLabel('Код из СМС').fill(await codeFor(page.request, phone));
  await page.getByRole('button', { name: 'Подтвердить' }).click();
}

/** Fills Мария Иванова's sign-up form and asks for the code; `between` runs after the contacts
 * (the wizard's "Продолжить"; nothing without JavaScript, where it is one form). */
export async function fillSignUp(
  page: Page,
  phone: string,
  between: () => Promise<void> = async () => {},
  email = 'maria@mail.ru',
) {
  await page.getByLabel('Фамилия').fill('Иванова');
  await page.getByLabel('Имя', { exact: true }).fill('Мария');
  await page.getByLabel('Мобильный телефон').fill(phone);
  await page.getByLabel('Электронная почта').fill(email);
  await between();
  await page.getByLabel('Пароль', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Пароль ещё раз').fill(PASSWORD);
  await page.getByLabel(/персональных данных/).check();
  await page.getByLabel(/бюро кредитных историй/).check();
  await page.getByLabel(/электронной подписи/).check();
  await page.getByRole('button', { name: 'Получить код по СМС' }).click();
}

export async function logIn(page: Page, phone: string, password: string) {
  await page.goto('/login');
  await ready(page);
  await page.getByLabel('Мобильный телефон').fill(phone);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
}


/** Fails when the page is wider than the window: nothing may scroll sideways, down to 320 px. */
export async function fitsWidth(page: Page, width = 320) {
  const before = page.viewportSize();
  await page.setViewportSize({ width, height: 640 });
  const overflow = await page.evaluate(() => {
    const doc = document.documentElement;
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > doc.clientWidth + 1)
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
    return { scroll: doc.scrollWidth, client: doc.clientWidth, wide };
  });
  expect(overflow.scroll, `${page.url()} at ${width} px: ${overflow.wide.join(', ')}`).toBeLessThanOrEqual(
    overflow.client,
  );
  if (before) await page.setViewportSize(before);
}
