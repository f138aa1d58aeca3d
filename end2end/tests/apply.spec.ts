// The loan application from the calculator to the money (PRODUCT.md J2): the calculator's loan
// is carried through sign-up into the wizard; the questionnaire is checked at its fields, saved
// and resumed after a reload; the card is linked on the sandbox gateway's page; the selfie is
// uploaded; the terms are signed with the SMS code; the loan is approved and paid out, and the
// borrower lands in the cabinet.
import { expect, test, type Page } from '@playwright/test';
import { PASSWORD, codeFor, fitsWidth, logIn, newPhone, ready } from './helpers';
import { ageLoan, borrow, payOnGatewayPage } from './journey';

test('a borrower goes from the calculator to the money, then repays, prolongs and repays early', async ({ page }) => {
  test.setTimeout(150_000);
  const phone = newPhone();
  await borrow(page, phone);

  // J4–J7 — the cabinet after login: the debt and the next payment on the first screen.
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await logIn(page, phone, PASSWORD);
  await expect(page).toHaveURL(/\/cabinet$/);
  await ready(page);
  await expect(page.locator('#debt')).toHaveText('5\u00a0000,00\u00a0₽');
  await expect(page.locator('#next-payment')).toHaveText('5\u00a0000,00\u00a0₽');
  await fitsWidth(page);
  // The signed terms, as the borrower opens them on a phone.
  const terms = await page.locator('a[href^="/documents/terms/"]').first().getAttribute('href');
  await page.goto(terms ?? '');
  await fitsWidth(page, 360);
  await page.goto('/cabinet');
  await ready(page);

  // Repay 1,000 ₽ by the bound card, confirmed by the code the SMS names the amount in.
  await page.getByLabel('Сумма, ₽').fill('1000');
  await page.getByRole('button', { name: 'Получить код и оплатить' }).click();
  await expect(page.getByText('Код отправлен по SMS. Он действует 5 минут.')).toBeVisible();
  await page.getByLabel('Код из SMS').fill(await codeFor(page.request, phone));
  await page.getByRole('button', { name: 'Подтвердить оплату' }).click();
  await expect(page.getByText('Платёж получен.')).toBeVisible();
  await expect(page.locator('#debt')).toHaveText('4\u00a0000,00\u00a0₽');
  await expect(page.locator('.history li[data-kind="payment"]')).toContainText('Квитанция');

  // Three days later the loan can be prolonged by 30 days; the agreement is signed by code.
  ageLoan(phone, 3);
  await page.reload();
  await ready(page);
  await page.getByRole('navigation', { name: 'Разделы займа' }).getByRole('link', { name: 'Продлить' }).click();
  await expect(page).toHaveURL(/\/cabinet\?tab=prolong$/);
  const newDue = await page.locator('#new-due-date').textContent();
  await page.getByText('Текст допсоглашения').click();
  await expect(page.locator('.document')).toContainText('Дополнительное соглашение');
  await page.getByRole('button', { name: 'Получить код для подписи допсоглашения' }).click();
  await expect(page.getByText('Код отправлен по SMS. Он действует 5 минут.')).toBeVisible();
  await page.getByLabel('Код из SMS').fill(await codeFor(page.request, phone));
  await page.getByRole('button', { name: 'Подписать и оплатить' }).click();
  await expect(page.getByText('Заём продлён.')).toBeVisible();
  await expect(page.locator('#due-date')).toHaveText(newDue ?? '');

  // 500 ₽ by another card, typed on the gateway's page and saved for next time.
  await page.getByRole('navigation', { name: 'Разделы займа' }).getByRole('link', { name: 'Погасить' }).click();
  const before = await page.locator('#debt').textContent();
  await page.getByLabel('Сумма, ₽').fill('500');
  await page.getByLabel('Сохранить карту для следующих платежей').check();
  await page.getByRole('button', { name: 'Оплатить другой картой' }).click();
  await expect(page).toHaveURL(/\/sandbox\/pay\?session=/);
  await expect(page.getByText('К оплате: 500,00\u00a0₽.')).toBeVisible();
  await payOnGatewayPage(page, '5555 5555 5555 4444', 'MARIIA IVANOVA', 'Оплатить');
  await expect(page).toHaveURL(/\/cabinet\?payment=/);
  await expect(page.getByText('Платёж получен.')).toBeVisible();
  await expect(page.locator('#debt')).not.toHaveText(before ?? '');
  await expect(page.locator('#f-card_id option', { hasText: '4444' })).toHaveCount(1);

  // Early repayment in full: the whole debt, and the loan is repaid.
  await page.getByRole('button', { name: /^Весь долг/ }).click();
  await page.getByRole('button', { name: 'Получить код и оплатить' }).click();
  await expect(page.getByText('Код отправлен по SMS. Он действует 5 минут.')).toBeVisible();
  await page.getByLabel('Код из SMS').fill(await codeFor(page.request, phone));
  await page.getByRole('button', { name: 'Подтвердить оплату' }).click();
  await expect(page.locator('.loan-dashboard[data-loan="repaid"]')).toBeVisible();
  await expect(page.locator('#debt')).toHaveText('0,00\u00a0₽');

  // J8: the next loan starts from the cabinet, with the borrower's repeat-loan terms.
  await page.reload();
  await ready(page);
  const next = page.locator('#new-loan');
  await expect(next.getByLabel('Повторный заём')).toBeChecked();
  await next.getByRole('button', { name: 'Получить деньги' }).click();
  await expect(page).toHaveURL(/\/apply\?product=repeat/);
  await ready(page);
  await expect(page.locator('.chosen-loan')).toContainText('Повторный заём');
  await expect(page.locator('#loan-adjusted')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText('Деньги отправлены на карту');
});

test('quick payment from the landing page, without logging in, pays the amount due', async ({ page }) => {
  test.setTimeout(120_000);
  const phone = newPhone();
  await borrow(page, phone);
  await page.getByRole('button', { name: 'Выйти' }).click();
  // The login page; under load the cabinet, watching its loan, may notice the ended session
  // first and send there itself, naming the cabinet to come back to.
  await expect(page).toHaveURL(/\/login(\?next=\/cabinet)?$/);

  await page.goto('/');
  await page.getByRole('main').getByRole('link', { name: 'Оплатить заём без входа' }).click();
  await expect(page).toHaveURL(/\/pay$/);
  await ready(page);
  // A surname that is not the borrower's finds nothing, and says nothing more.
  await page.getByLabel('Телефон').fill(phone);
  await page.getByLabel('Фамилия').fill('Петрова');
  await page.getByRole('button', { name: 'Найти заём' }).click();
  await expect(page.getByText('Не нашли займа к оплате по этому телефону и фамилии')).toBeVisible();
  await page.getByLabel('Фамилия').fill('иванова');
  await page.getByRole('button', { name: 'Найти заём' }).click();
  await expect(page.locator('#quick-due')).toHaveText('5\u00a0000,00\u00a0₽');
  await expect(page.locator('body')).not.toContainText('Мария');
  // A declined card, then "Оплатить ещё": the form again, not the declined state.
  await page.getByRole('button', { name: 'Оплатить картой' }).click();
  await expect(page).toHaveURL(/\/sandbox\/pay\?session=/);
  await payOnGatewayPage(page, '4000 0000 0000 0002', 'ANY HOLDER', 'Оплатить');
  await expect(page).toHaveURL(/\/pay\?payment=/);
  await expect(page.locator('#quick-result')).toContainText('Банк не провёл оплату');
  await page.getByRole('link', { name: 'Оплатить ещё' }).click();
  await expect(page).toHaveURL(/\/pay$/);
  await page.getByLabel('Телефон').fill(phone);
  await page.getByLabel('Фамилия').fill('Иванова');
  await page.getByRole('button', { name: 'Найти заём' }).click();
  await page.getByRole('button', { name: 'Оплатить картой' }).click();
  await expect(page).toHaveURL(/\/sandbox\/pay\?session=/);
  await payOnGatewayPage(page, '4111 1111 1111 1111', 'ANY HOLDER', 'Оплатить');
  await expect(page).toHaveURL(/\/pay\?payment=/);
  await expect(page.locator('#quick-result')).toHaveText('Спасибо! Платёж получен. 5\u00a0000,00\u00a0₽');

  // The borrower logs in: the loan is repaid.
  await logIn(page, phone, PASSWORD);
  await expect(page).toHaveURL(/\/cabinet$/);
  await expect(page.locator('.loan-dashboard[data-loan="repaid"]')).toBeVisible();
});

test('with JavaScript off, a borrower logs in, sees the debt and repays it by the bound card', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const phone = newPhone();
  await borrow(page, phone);

  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await plain.goto('/login');
  await plain.getByLabel('Мобильный телефон').fill(phone);
  await plain.getByLabel('Пароль').fill(PASSWORD);
  await plain.getByRole('button', { name: 'Войти' }).click();
  await expect(plain).toHaveURL(/\/cabinet$/);
  // The first screen comes from the server: the debt and the next payment.
  await expect(plain.locator('.loan-dashboard[data-loan="active"] #debt')).toHaveText('5\u00a0000,00\u00a0₽');
  await expect(plain.locator('#next-payment')).toHaveText('5\u00a0000,00\u00a0₽');

  await plain.getByLabel('Сумма, ₽').first().fill('5000');
  await plain.getByRole('button', { name: 'Получить код и оплатить' }).click();
  await expect(plain).toHaveURL(/\/cabinet\?confirm=/);
  await plain.getByLabel('Код из SMS').fill(await codeFor(page.request, phone));
  await plain.getByRole('button', { name: 'Подтвердить оплату' }).click();
  await expect(plain).toHaveURL(/\/cabinet\?payment=/);
  await expect(plain.locator('.loan-dashboard[data-loan="repaid"]')).toBeVisible();
  await noScript.close();
});
