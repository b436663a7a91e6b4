// Driving the widget like a customer, and the end-to-end scenario shared by
// the tests against the fake backend and against the real server.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

const TIMEOUT = Number(process.env.ACCUEIL_E2E_TIMEOUT_MS || 15000);

export function launcher(page) {
  return page.getByRole('button', { name: /Discuter avec nous|Chat with us/ });
}

export async function openChat(page) {
  const button = launcher(page);
  await button.waitFor({ timeout: TIMEOUT });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await page.getByLabel(/Votre message|Your message/).waitFor({ timeout: TIMEOUT });
}

// count returns how many bubbles of the given roles the log shows.
export function count(page, roles = ['assistant', 'staff']) {
  return page.evaluate((roles) => {
    const root = document.querySelector('#accueil-chat').shadowRoot;
    return roles.reduce((n, r) => n + root.querySelectorAll('li.' + r).length, 0);
  }, roles);
}

// waitForReply waits until more than `before` replies are shown and the
// typing indicator is gone, and returns the last reply's locator.
export async function waitForReply(page, before) {
  await page.waitForFunction((before) => {
    const root = document.querySelector('#accueil-chat').shadowRoot;
    return root.querySelectorAll('li.assistant, li.staff').length > before && !root.querySelector('.dots');
  }, before, { timeout: TIMEOUT });
  return page.locator('#accueil-chat li.assistant, #accueil-chat li.staff').last();
}

export async function say(page, text) {
  const before = await count(page);
  const input = page.getByLabel(/Votre message|Your message/);
  await input.fill(text);
  await input.press('Enter');
  return waitForReply(page, before);
}

export async function tap(page, button) {
  const before = await count(page);
  await button.click();
  return waitForReply(page, before);
}

const REFERENCE = /(?:r[ée]f[ée]rence|reference|n°)\s*:?\s*([A-Z0-9][A-Z0-9-]{3,})/i;

// book follows the booking conversation to its confirmation, answering what
// the assistant asks, and returns the reference it gave.
export async function book(page, { name = 'Jeanne Martin', phone = '06 39 98 00 12' } = {}) {
  await openChat(page);
  await waitForReply(page, 0); // the greeting
  let reply = await say(page, 'Bonjour, je voudrais une coupe homme samedi');
  let slotPicked = false;
  const transcript = [];
  for (let step = 0; step < 10; step++) {
    const text = (await reply.locator('.t').innerText()).trim();
    transcript.push(text);
    const ref = text.match(REFERENCE);
    if (ref && /confirm|réserv|reserv|booked/i.test(text)) return { reference: ref[1], text, transcript };
    const choices = reply.locator('.c button');
    const labels = await choices.allInnerTexts();
    if (!slotPicked && labels.some((l) => /\d{1,2}\s*[:h]\s*\d{2}/.test(l))) {
      const slot = choices.filter({ hasText: /\d{1,2}\s*[:h]\s*\d{2}/ }).first();
      reply = await tap(page, slot);
      slotPicked = true;
    } else if (/quel nom|votre nom|your name|name/i.test(text)) {
      reply = await say(page, name);
    } else if (/t[ée]l[ée]phone|num[ée]ro|phone/i.test(text)) {
      reply = await say(page, phone);
    } else if (/confirm|d'accord|d’accord|valide|ok \?|\?$/i.test(text)) {
      reply = await say(page, 'oui');
    } else {
      throw new Error(`unexpected reply at step ${step}: ${text}\ntranscript:\n${transcript.join('\n')}`);
    }
  }
  throw new Error('no confirmation after 10 steps:\n' + transcript.join('\n'));
}

// scenario is the end-to-end check: book, reload and find the conversation,
// send HTML and see it as text, save a screenshot.
export async function scenario(page, baseURL, screenshotPath) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  let dialog = null;
  page.on('dialog', (d) => { dialog = d.message(); d.dismiss().catch(() => {}); });

  await page.goto(baseURL + '/');
  await assert.doesNotReject(page.getByRole('heading', { name: /rue des Lilas/ }).waitFor({ timeout: TIMEOUT }));
  const { reference, text } = await book(page);

  // A reload shows the same conversation (history) in the reopened widget.
  await page.reload();
  await openChat(page);
  await page.locator('#accueil-chat li.assistant', { hasText: reference }).waitFor({ timeout: TIMEOUT });
  await page.locator('#accueil-chat li.customer', { hasText: 'coupe homme samedi' }).waitFor({ timeout: TIMEOUT });

  // HTML typed by the customer is shown as text: no element, no script.
  const evil = '<img src=x onerror=alert(1)>';
  await say(page, evil);
  const bubble = page.locator('#accueil-chat li.customer .t').last();
  assert.equal(await bubble.textContent(), evil);
  await page.waitForTimeout(300);
  const imgs = await page.evaluate(() => document.querySelectorAll('img').length +
    document.querySelector('#accueil-chat').shadowRoot.querySelectorAll('img').length);
  assert.equal(imgs, 0, 'an <img> element was created from a message');
  assert.equal(dialog, null, 'a dialog opened: ' + dialog);
  assert.deepEqual(errors, []);

  await mkdir(dirname(screenshotPath), { recursive: true });
  await page.screenshot({ path: screenshotPath, fullPage: false });
  return { reference, confirmation: text };
}
