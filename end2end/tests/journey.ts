// The application journey (PRODUCT.md J2) as the specs and the screenshots share it: from the
// calculator through sign-up, questionnaire, card, selfie, add-ons and signing to the money in
// the cabinet; the sandbox gateway's card page; and moving a loan into the past.
import { expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { codeFor, fitsWidth, ready, signUp } from './helpers';

/** A 32×24 PNG drawn for the test: the selfie. */
const SELFIE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAACAAAAAYCAIAAAAUMWhjAAAFg0lEQVR4nBXUIcuDUACFYeMwGQwmWbxxmAwGkyzeKCaDYUmMbxSTwWCSxRuHyWAwifHGYVowLMniovHbd/7AA4fDMQyDk4Fl4BicDYTBxcA3CA2uBtIgNkgNbgaFAQalQW3QGtwNlMHDYDCYDBYDbfA0eBm8DT4GX4PDwDBMTiaWiWNyNhEmFxPfJDS5mkiT2CQ1uZkUJpiUJrVJa3I3USYPk8FkMllMtMnT5GXyNvmYfE0O8wfYnGwsG8fmbCNsLja+TWhztZE2sU1qc7MpbLApbWqb1uZuo2weNoPNZLPYaJunzcvmbfOx+doc9g9wOblYLo7L2UW4XFx8l9Dl6iJdYpfU5eZSuOBSutQurcvdRbk8XAaXyWVx0S5Pl5fL2+Xj8nU53B8gOAksgSM4C4TgIvAFoeAqkIJYkApugkKAoBTUglZwFyjBQzAIJsEi0IKn4CV4Cz6Cr+AQP8Dj5GF5OB5nD+Fx8fA9Qo+rh/SIPVKPm0fhgUfpUXu0HncP5fHwGDwmj8VDezw9Xh5vj4/H1+PwfkDAKcAKcALOASLgEuAHhAHXABkQB6QBt4AigIAyoA5oA+4BKuARMARMAUuADngGvALeAZ+Ab8AR/ICIU4QV4UScI0TEJcKPCCOuETIijkgjbhFFBBFlRB3RRtwjVMQjYoiYIpYIHfGMeEW8Iz4R34gj+gGSk8SSOJKzREguEl8SSq4SKYklqeQmKSRISkktaSV3iZI8JINkkiwSLXlKXpK35CP5Sg75AxJOCVaCk3BOEAmXBD8hTLgmyIQ4IU24JRQJJJQJdUKbcE9QCY+EIWFKWBJ0wjPhlfBO+CR8E47kB2ScMqwMJ+OcITIuGX5GmHHNkBlxRppxyygyyCgz6ow2456hMh4ZQ8aUsWTojGfGK+Od8cn4ZhzZD8g55Vg5Ts45R+RccvycMOeaI3PinDTnllPkkFPm1Dltzj1H5TxyhpwpZ8nROc+cV84755PzzTnyHwAnsMCB8//QuYAPIVz/OyeGFG5Q8J8SamjhDgoeMMAEC2h4wgve8IEvHL/3MipOFVaFU3GuEBWXCr8irLhWyIq4Iq24VRQVVJQVdUVbca9QFY+KoWKqWCp0xbPiVfGu+FR8K47qBzScGqwGp+HcIBouDX5D2HBtkA1xQ9pwaygaaCgb6oa24d6gGh4NQ8PUsDTohmfDq+Hd8Gn4NhzND+g4dVgdTse5Q3RcOvyOsOPaITvijrTj1lF00FF21B1tx71DdTw6ho6pY+nQHc+OV8e749Px7Ti6H6A4KSyFozgrhOKi8BWh4qqQiliRKm6KQv23XipqRau4K5TioRgUk2JRaMVT8VK8FR/FV3GoH9Bz6rF6nJ5zj+i59Pg9Yc+1R/bEPWnPrafooafsqXvannuP6nn0DD1Tz9Kje549r553z6fn23P0P2DkNGKNOCPnETFyGfFHwpHriByJR9KR20gxwkg5Uo+0I/cRNfIYGUamkWVEjzxHXiPvkc/Id+QYf8DMacaacWbOM2LmMuPPhDPXGTkTz6Qzt5lihplypp5pZ+4zauYxM8xMM8uMnnnOvGbeM5+Z78wx/wDNSWNpHM1ZIzQXja8JNVeN1MSaVHPTFPp/6qWm1rSau0ZpHppBM2kWjdY8NS/NW/PRfDWH/gErpxVrxVk5r4iVy4q/Eq5cV+RKvJKu3FaKFVbKlXqlXbmvqJXHyrAyrSwreuW58lp5r3xWvivH+gM2ThvWhrNx3hAblw1/I9y4bsiNeCPduG0UG2yUG/VGu3HfUBuPjWFj2lg29MZz47Xx3vhsfDeO7QfsnHasHWfnvCN2Ljv+Trhz3ZE78U66c9spdtgpd+qddue+o3YeO8POtLPs6J3nzmvnvfPZ+e4cO39nPzU9NX3y5gAAAABJRU5ErkJggg==',
  'base64',
);

/** The application journey (J2) for `phone`, from the calculator to the money in the cabinet. */
export async function borrow(page: Page, phone: string) {
  await signUp(page, phone, '/signup?product=first&amount=5000&term=14');
  await expect(page).toHaveURL(/\/apply\?product=first&amount=5000&term=14$/);
  await ready(page);
  await expect(page.locator('.chosen-loan')).toContainText('5\u00a0000,00\u00a0₽');
  await expect(page.locator('.steps li[aria-current="step"]')).toHaveText('Анкета');

  await page.getByLabel('Дата рождения').fill('1990-05-20');
  await page.getByLabel('Место рождения').fill('г. Пермь');
  await page.getByLabel('Серия').fill('5710');
  await page.getByLabel('Номер', { exact: true }).fill('482960');
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
  await page.getByLabel('Имя на карте').fill('MARIA IVANOVA'); // as banks emboss it, not the passport's MARIIA (issue 20)
  await page.getByLabel('CVC').fill('123');
  await page.getByRole('button', { name: 'Привязать карту' }).click();
  await expect(page).toHaveURL(/\/apply\?binding=/);
  await expect(page.locator('.steps li[aria-current="step"]')).toHaveText('Селфи с паспортом');

  // The selfie: a file that is not a picture is refused at the field; a picture is taken.
  await fitsWidth(page, 360);
  await page.getByLabel('Фото').setInputFiles({
    name: 'passport.png',
    mimeType: 'image/png',
    buffer: Buffer.from('%PDF-1.7 not a picture'),
  });
  await page.getByRole('button', { name: 'Отправить фото' }).click();
  await expect(page.locator('#f-selfie-problem')).toHaveText(
    'Нужна фотография в формате JPEG, PNG или WebP',
  );
  await ready(page);
  await page.getByLabel('Фото').setInputFiles({ name: 'selfie.png', mimeType: 'image/png', buffer: SELFIE });
  await page.getByRole('button', { name: 'Отправить фото' }).click();
  await expect(page).toHaveURL(/\/apply$/);
  await ready(page);
  await expect(page.locator('.steps li[aria-current="step"]')).toHaveText('Услуги');

  // Add-ons are unticked; ticking one raises the total to repay by its price.
  const total = page.locator('.total strong');
  await expect(total).toHaveText('5\u00a0000,00\u00a0₽');
  await page.getByLabel(/Страхование от несчастного случая/).check();
  await expect(total).toHaveText('5\u00a0590,00\u00a0₽');
  await page.getByLabel(/Страхование от несчастного случая/).uncheck();
  await page.getByRole('button', { name: 'Продолжить' }).click();
  await expect(page.locator('.steps li[aria-current="step"]')).toHaveText('Условия');

  // The terms in full, with the ПСК frame; signed with the code from the SMS.
  await expect(page.locator('.document #psk')).toContainText('Полная стоимость займа');
  // Every row of the Bank of Russia's form, the borrower in full, and no claim of a signature
  // before it is given (issue 20, item 9).
  const terms = page.locator('.document');
  await expect(terms).toContainText('Условие об уступке кредитором третьим лицам');
  await expect(terms).toContainText('Согласие заёмщика с общими условиями договора');
  await expect(terms).toContainText('Заёмщик: Иванова Мария.');
  await expect(terms).toContainText(/\d+,\d{3} % годовых/);
  await expect(terms).not.toContainText('Подписано');
  await page.getByRole('button', { name: 'Получить код для подписи' }).click();
  await expect(page.getByText('Код отправлен по SMS.')).toBeVisible();
  await page.getByLabel('Код из SMS').fill(await codeFor(page.request, phone));
  await page.getByRole('button', { name: 'Подписать' }).click();

  // Approved and paid out while the borrower watches; then the cabinet.
  await expect(page.locator('.decision')).toHaveText('Деньги отправлены на карту. Заём в кабинете.', {
    timeout: 15_000,
  });
  await expect(page).toHaveURL(/\/cabinet$/, { timeout: 10_000 });
  await expect(page.locator('.loan-dashboard[data-loan="active"] #debt')).toHaveText('5\u00a0000,00\u00a0₽');
}

/** Types a card on the sandbox gateway's page and presses `button`. */
export async function payOnGatewayPage(page: Page, number: string, holder: string, button: string) {
  await expect(page.getByText('Песочница платёжного шлюза')).toBeVisible();
  await page.getByLabel('Номер карты').fill(number);
  await page.getByLabel('Срок действия (ММ/ГГ)').fill('12/30');
  await page.getByLabel('Имя на карте').fill(holder);
  await page.getByLabel('CVC').fill('123');
  await page.getByRole('button', { name: button }).click();
}

/** Rewrites the frozen contract of each of the borrower's loans in the server's database:
 * `edit` is Python run on `c` (the contract as a dict), with `arg` given as `sys.argv[3]`. */
function editContracts(phone: string, edit: string, arg = '') {
  const db = process.env.KABINET_E2E_DB;
  if (!db) throw new Error('KABINET_E2E_DB names the database the server runs on');
  const script = `
import json, sqlite3, sys, datetime
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT loan.id, loan.contract FROM loan JOIN account ON account.id = loan.account_id WHERE account.phone = ?", (sys.argv[2],)).fetchall()
for loan_id, text in rows:
    c = json.loads(text)
${edit}
    db.execute("UPDATE loan SET contract = ? WHERE id = ?", (json.dumps(c), loan_id))
db.commit()
`;
  execFileSync('python3', ['-c', script, db, phone, arg]);
}

/** Moves the borrower's loan `days` into the past in the server's database (time travel). */
export function ageLoan(phone: string, days: number) {
  editContracts(
    phone,
    `    for key in ("signed_on", "paid_out_on"):
        c[key] = (datetime.date.fromisoformat(c[key]) - datetime.timedelta(days=int(sys.argv[3]))).isoformat()`,
    String(days),
  );
}

/** Takes the promo off the borrower's loan in the server's database: interest accrues daily,
 * so on payout day the next payment (with a whole term's interest) is more than the debt. */
export function dropPromo(phone: string) {
  editContracts(phone, '    c["promo_daily_rate"] = None');
}
