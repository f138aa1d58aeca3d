// Accounts as a borrower uses them (PRODUCT.md J2 steps 2–4, J3): sign up with the code read
// from the sandbox outbox, log out, log in, reset the password by SMS code, change the phone.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

const PASSWORD = 'пароль от кабинета';

/** A phone no other test uses: +7 9XX XXX-XX-XX. */
function newPhone(): string {
  const digits = Array.from({ length: 9 }, () => Math.floor(Math.random() * 10)).join('');
  return `+79${digits}`;
}

/** The newest 6-digit code the sandbox outbox holds for `phone`. */
async function codeFor(request: APIRequestContext, phone: string): Promise<string> {
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

async function ready(page: Page) {
  await expect(page.locator('[data-ready="true"]')).toBeVisible();
}

async function signUp(page: Page, phone: string) {
  await page.goto('/signup?product=first&amount=5000&term=14');
  await ready(page);
  await page.getByLabel('Фамилия').fill('Иванова');
  await page.getByLabel('Имя', { exact: true }).fill('Мария');
  await page.getByLabel('Мобильный телефон').fill(phone);
  await page.getByLabel('Электронная почта').fill('maria@mail.ru');
  await page.getByRole('button', { name: 'Продолжить' }).click();
  await page.getByLabel('Пароль', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Пароль ещё раз').fill(PASSWORD);
  await page.getByLabel(/персональных данных/).check();
  await page.getByLabel(/бюро кредитных историй/).check();
  await page.getByLabel(/электронной подписи/).check();
  await page.getByRole('button', { name: 'Получить код по СМС' }).click();
  await expect(page.getByText('Мы отправили 6-значный код на номер')).toBeVisible();
  await page.getByLabel('Код из СМС').fill(await codeFor(page.request, phone));
  await page.getByRole('button', { name: 'Подтвердить' }).click();
  await expect(page).toHaveURL(/\/cabinet$/);
  await expect(page.getByText('Здравствуйте, Мария')).toBeVisible();
}

async function logIn(page: Page, phone: string, password: string) {
  await page.goto('/login');
  await ready(page);
  await page.getByLabel('Мобильный телефон').fill(phone);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
}

test('a borrower signs up with the SMS code, logs out and logs in again', async ({ page }) => {
  const phone = newPhone();
  await signUp(page, phone);
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await logIn(page, phone, 'не тот пароль');
  await expect(page.getByRole('alert')).toHaveText('Неверный телефон или пароль');
  await logIn(page, phone, PASSWORD);
  await expect(page).toHaveURL(/\/cabinet$/);
  await expect(page.getByText('Здравствуйте, Мария')).toBeVisible();
});

test('a mistyped contact is explained at its field before anything is sent', async ({ page }) => {
  await page.goto('/signup');
  await ready(page);
  await page.getByLabel('Фамилия').fill('Ivanova');
  await page.getByLabel('Мобильный телефон').fill('12345');
  await page.getByLabel('Электронная почта').click();
  await expect(page.locator('#f-surname-problem')).not.toBeEmpty();
  await expect(page.locator('#f-phone-problem')).not.toBeEmpty();
  await expect(page.getByLabel('Мобильный телефон')).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Продолжить' }).click();
  await expect(page.getByLabel('Пароль ещё раз')).toBeHidden();
});

test('a borrower resets the password by SMS code', async ({ page }) => {
  test.setTimeout(120_000);
  const phone = newPhone();
  await signUp(page, phone);
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.getByRole('link', { name: 'Забыли пароль?' }).click();
  await ready(page);
  await page.getByLabel('Телефон или электронная почта').fill(phone);
  // The sign-up code went less than a minute ago; a new one may need a moment.
  await expect(async () => {
    await page.getByRole('button', { name: 'Продолжить' }).click();
    await expect(page.getByLabel('Код из СМС')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 70_000, intervals: [5_000] });
  await page.getByLabel('Код из СМС').fill(await codeFor(page.request, phone));
  await page.getByLabel('Новый пароль').fill('новый пароль кабинета');
  await page.getByLabel('Пароль ещё раз').fill('новый пароль кабинета');
  await page.getByRole('button', { name: 'Сменить пароль' }).click();
  await expect(page.getByText('Пароль изменён, все сеансы завершены')).toBeVisible();
  await logIn(page, phone, 'новый пароль кабинета');
  await expect(page).toHaveURL(/\/cabinet$/);
});

test('a borrower changes the phone and logs in with the new one', async ({ page }) => {
  test.setTimeout(60_000);
  const phone = newPhone();
  const next = newPhone();
  await signUp(page, phone);
  await page.getByRole('link', { name: 'Профиль и безопасность' }).click();
  await ready(page);
  await expect(page.getByText('это устройство')).toBeVisible();
  await page.getByLabel('Текущий пароль').fill(PASSWORD);
  await page.getByLabel('Новый номер').fill(next);
  await page.getByRole('button', { name: 'Получить код по СМС' }).click();
  await page.getByLabel('Код из СМС').fill(await codeFor(page.request, next));
  await page.getByRole('button', { name: 'Подтвердить' }).click();
  await expect(page.getByText('Номер изменён')).toBeVisible();
  const shown = next.replace(/^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/, '+7 $1 $2-$3-$4');
  await expect(page.locator('#profile-phone')).toHaveText(shown);
  await page.getByRole('button', { name: 'Выйти', exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
  await logIn(page, next, PASSWORD);
  await expect(page).toHaveURL(/\/cabinet$/);
});
