// Accounts as a borrower uses them (PRODUCT.md J2 steps 2–4, J3): sign up with the code read
// from the sandbox outbox, log out, log in, reset the password by SMS code, change the phone.
import { expect, test, type Page } from '@playwright/test';
import { PASSWORD, codeFor, fillSignUp, linkFor, logIn, newPhone, ready, signUp } from './helpers';

/** Signing up from the login page's "Register" (no loan chosen) lands in the cabinet. */
async function signUpToCabinet(page: Page, phone: string) {
  await signUp(page, phone);
  await expect(page).toHaveURL(/\/cabinet$/);
  await expect(page.getByText('Здравствуйте, Мария')).toBeVisible();
}

test('a borrower signs up with the SMS code, logs out and logs in again', async ({ page }) => {
  const phone = newPhone();
  await signUpToCabinet(page, phone);
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await logIn(page, phone, 'не тот пароль');
  await expect(page.getByRole('alert')).toHaveText('Неверный телефон или пароль');
  await logIn(page, phone, PASSWORD);
  await expect(page).toHaveURL(/\/cabinet$/);
  await expect(page.getByText('Здравствуйте, Мария')).toBeVisible();
  // No loan yet: the calculator with the newcomer's products, straight into the application.
  await expect(page.getByRole('radio', { name: 'Первый заём' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Повторный заём' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Получить деньги' }).click();
  await expect(page).toHaveURL(/\/apply\?product=first&amount=\d+&term=\d+$/);
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
  await signUpToCabinet(page, phone);
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

test('with a confirmed email, the reset link asks for a code sent to the phone, and a reload keeps the page', async ({ page }) => {
  test.setTimeout(120_000);
  const phone = newPhone();
  const email = `maria.${phone.slice(-7)}@mail.ru`;
  await page.goto('/signup');
  await ready(page);
  await fillSignUp(page, phone, async () => {
    await page.getByRole('button', { name: 'Продолжить' }).click();
  }, email);
  await page.getByLabel('Код из СМС').fill(await codeFor(page.request, phone));
  await page.getByRole('button', { name: 'Подтвердить' }).click();
  await expect(page).toHaveURL(/\/cabinet$/);
  await page.goto(await linkFor(page.request, email, '/email/confirm'));
  await ready(page);
  await page.getByRole('button', { name: /Подтвердить/ }).click();
  await expect(page.getByText('Адрес почты подтверждён.')).toBeVisible();

  // Signed out, by the email.
  await page.context().clearCookies();
  await page.goto('/forgot');
  await ready(page);
  await page.getByLabel('Телефон или электронная почта').fill(email);
  await page.getByRole('button', { name: 'Продолжить' }).click();
  await expect(page.getByText('Если адрес зарегистрирован')).toBeVisible();
  await page.goto(await linkFor(page.request, email, '/reset/email'));
  await ready(page);
  await page.reload();
  await ready(page);
  await page.getByRole('button', { name: 'Получить код по СМС' }).click();
  await expect(page.getByText('Мы отправили 6-значный код на номер')).toBeVisible();
  await page.getByLabel('Код из СМС').fill(await codeFor(page.request, phone));
  await page.getByLabel('Новый пароль').fill('пароль из письма и смс');
  await page.getByLabel('Пароль ещё раз').fill('пароль из письма и смс');
  await page.getByRole('button', { name: 'Сменить пароль' }).click();
  await expect(page.getByText('Пароль изменён')).toBeVisible();
  await logIn(page, phone, 'пароль из письма и смс');
  await expect(page).toHaveURL(/\/cabinet$/);
});

test('a borrower changes the phone and logs in with the new one', async ({ page }) => {
  test.setTimeout(60_000);
  const phone = newPhone();
  const next = newPhone();
  await signUpToCabinet(page, phone);
  await page.getByRole('link', { name: 'Профиль и безопасность' }).click();
  await ready(page);
  await expect(page.getByText('это устройство')).toBeVisible();
  await page.getByLabel('Текущий пароль').fill(PASSWORD);
  await page.getByLabel('Новый номер').fill(next);
  await page.getByRole('button', { name: 'Получить код по СМС' }).click();
  await page.getByLabel('Код из СМС').fill(await codeFor(page.request, next));
  // The current number confirms the move too.
  await page.getByLabel('Код с прежнего номера').fill(await codeFor(page.request, phone));
  await page.getByRole('button', { name: 'Подтвердить' }).click();
  await expect(page.getByText('Номер изменён')).toBeVisible();
  const shown = next.replace(/^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/, '+7 $1 $2-$3-$4');
  await expect(page.locator('#profile-phone')).toHaveText(shown);
  await page.getByRole('button', { name: 'Выйти', exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
  await logIn(page, next, PASSWORD);
  await expect(page).toHaveURL(/\/cabinet$/);
});

test('with JavaScript off, a borrower signs up on one form and confirms the SMS code', async ({ browser, request }) => {
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const page = await noScript.newPage();
  const phone = newPhone();
  await page.goto('/signup');
  await fillSignUp(page, phone);
  await expect(page).toHaveURL(/\/signup\?step=code$/);
  await page.getByLabel('Код из СМС').fill(await codeFor(request, phone));
  await page.getByRole('button', { name: 'Подтвердить' }).click();
  await expect(page).toHaveURL(/\/cabinet$/);
  await expect(page.getByText('Здравствуйте, Мария')).toBeVisible();
  await noScript.close();
});
