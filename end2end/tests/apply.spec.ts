// The loan application after sign-up (PRODUCT.md J2 steps 1 and 5): the calculator's loan is
// carried through sign-up into the wizard, the questionnaire is checked at its fields, saved,
// and resumed after a reload.
import { expect, test } from '@playwright/test';
import { newPhone, ready, signUp } from './helpers';

test('a borrower goes from the calculator through sign-up to a saved questionnaire', async ({ page }) => {
  test.setTimeout(60_000);
  const phone = newPhone();
  await signUp(page, phone, '/signup?product=first&amount=5000&term=14');
  await expect(page).toHaveURL(/\/apply\?product=first&amount=5000&term=14$/);
  await ready(page);
  await expect(page.locator('.chosen-loan')).toContainText('5\u00a0000,00\u00a0₽');
  await expect(page.locator('.steps li[aria-current="step"]')).toHaveText('Анкета');

  await page.getByLabel('Дата рождения').fill('1990-05-20');
  await page.getByLabel('Место рождения').fill('г. Пермь');
  await page.getByLabel('Серия').fill('5710');
  await page.getByLabel('Номер', { exact: true }).fill('123456');
  await page.getByLabel('Дата выдачи').fill('2010-06-20');
  await page.getByLabel('Кем выдан').fill('ОУФМС России по Пермскому краю');
  await page.getByLabel('Код подразделения').fill('590-001');
  await page.getByLabel('СНИЛС').fill('112-233-445 96');
  await page.getByLabel('Адрес регистрации').fill('г. Пермь, ул. Ленина, д. 1, кв. 2');
  await page.getByLabel('Занятость').selectOption('employed');
  await page.getByLabel('Работодатель').fill('ООО Ромашка');
  await page.getByLabel('Должность').fill('бухгалтер');
  await page.getByLabel('Доход в месяц, ₽').fill('55000');
  await page.getByLabel('Семейное положение').selectOption('married');
  await page.getByLabel('Платежи по кредитам в месяц, ₽').fill('0');
  // The SNILS check number is wrong: said at the field, by the browser and by the server.
  await expect(page.locator('#f-snils-problem')).toHaveText(
    'В номере СНИЛС ошибка: не сходится контрольное число',
  );
  await page.getByRole('button', { name: 'Сохранить и продолжить' }).click();
  await expect(page.locator('#f-snils-problem')).toHaveText(
    'В номере СНИЛС ошибка: не сходится контрольное число',
  );
  await page.getByLabel('СНИЛС').fill('112-233-445 95');
  await page.getByRole('button', { name: 'Сохранить и продолжить' }).click();
  await expect(page.getByText('Анкета сохранена.')).toBeVisible();
  await expect(page.locator('.steps li[aria-current="step"]')).toHaveText('Карта');

  // A reload (or another device) resumes at the same step, with the answers kept.
  await page.goto('/apply');
  await ready(page);
  await expect(page.getByText('Анкета сохранена.')).toBeVisible();
  await page.getByRole('button', { name: 'Изменить анкету' }).click();
  await expect(page.getByLabel('СНИЛС')).toHaveValue('112-233-445 95');
  await expect(page.getByLabel('Занятость')).toHaveValue('employed');

  // The card: typed on the gateway's page only; a card in someone else's name is refused.
  await page.goto('/apply');
  await ready(page);
  await page.getByRole('button', { name: 'Привязать карту' }).click();
  await expect(page).toHaveURL(/\/sandbox\/pay\?session=/);
  await expect(page.getByText('Песочница платёжного шлюза')).toBeVisible();
  await page.getByLabel('Номер карты').fill('4111 1111 1111 1111');
  await page.getByLabel('Срок действия (ММ/ГГ)').fill('12/30');
  await page.getByLabel('Имя на карте').fill('PETR PETROV');
  await page.getByLabel('CVC').fill('123');
  await page.getByRole('button', { name: 'Привязать карту' }).click();
  await expect(page).toHaveURL(/\/apply\?binding=/);
  await expect(page.getByRole('alert')).toHaveText(
    'Карта оформлена не на вас: деньги можно получить только на свою карту.',
  );
  await page.getByRole('button', { name: 'Привязать другую карту' }).click();
  await page.getByLabel('Номер карты').fill('4111 1111 1111 1111');
  await page.getByLabel('Срок действия (ММ/ГГ)').fill('12/30');
  await page.getByLabel('Имя на карте').fill('MARIIA IVANOVA');
  await page.getByLabel('CVC').fill('123');
  await page.getByRole('button', { name: 'Привязать карту' }).click();
  await expect(page).toHaveURL(/\/apply\?binding=/);
  await expect(page.locator('.steps li[aria-current="step"]')).toHaveText('Селфи с паспортом');
  await expect(page.getByText('Следующий шаг — селфи с паспортом')).toBeVisible();
});
