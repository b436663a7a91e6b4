// A person of the business answers a web chat handed over to them: the
// customer asks for someone in the widget, the team finds the conversation
// with GET /admin/api/handoffs and answers with POST /admin/api/reply, and
// the answer appears in the open widget, then in its history after a
// reload. Real server, real browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './lib/browser.mjs';
import { openChat, say, count } from './lib/chat.mjs';
import { startAccueil } from './lib/server.mjs';

const token = 'e2e-admin-token';
let server = null, browser = null;

before(async () => {
  server = await startAccueil({ env: { ACCUEIL_ADMIN_TOKEN: token } });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function admin(path, init = {}) {
  const r = await fetch(server.baseURL + path, {
    ...init, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(init.headers || {}) },
  });
  const body = await r.text();
  return { status: r.status, body };
}

function staffTexts(page) {
  return page.evaluate(() => [...document.querySelector('#accueil-chat').shadowRoot.querySelectorAll('li.staff')].map((li) => li.textContent));
}

test('the team answers a handed-over web chat in the widget', async () => {
  const page = await browser.context.newPage();
  try {
    await page.goto(server.baseURL + '/');
    await openChat(page);
    const asked = await (await say(page, "Je voudrais parler à quelqu'un")).textContent();
    assert.match(asked, /équipe/, `no handoff: ${asked}`);
    // The call link writes the number as the message does.
    const call = page.locator('#accueil-chat li.assistant .n a');
    assert.equal(await call.textContent(), 'Appeler 01 99 00 12 34');
    assert.equal(await call.getAttribute('href'), 'tel:+33199001234');
    assert.ok(asked.includes('01 99 00 12 34'), asked);

    // While the team has it, the assistant stays silent (after saying so
    // once): the widget says where the message went instead of nothing.
    await say(page, 'vous êtes là ?');
    const relayed = page.locator('#accueil-chat li.note', { hasText: 'Message transmis à l’équipe, qui vous répondra ici.' });
    assert.equal(await relayed.count(), 0);
    const replies = await count(page);
    const input = page.getByLabel('Votre message');
    await input.fill('allô ?');
    await input.press('Enter');
    await relayed.waitFor({ timeout: 15000 });
    await page.waitForFunction(() => !document.querySelector('#accueil-chat').shadowRoot.querySelector('.dots'));
    assert.equal(await count(page), replies, 'the assistant was to stay silent');

    const list = await admin('/admin/api/handoffs');
    assert.equal(list.status, 200, list.body);
    const handoffs = JSON.parse(list.body);
    const web = handoffs.filter((h) => h.session.startsWith('web:'));
    assert.equal(web.length, 1, list.body);

    const text = 'Bonjour, ici Camille du salon : je vous rappelle dans 5 minutes.';
    const before = await count(page, ['staff']);
    const sent = await admin('/admin/api/reply', { method: 'POST', body: JSON.stringify({ session: web[0].session, text }) });
    assert.equal(sent.status, 200, sent.body);
    await page.waitForFunction((n) => document.querySelector('#accueil-chat').shadowRoot.querySelectorAll('li.staff').length > n,
      before, { timeout: 15000 });
    assert.ok((await staffTexts(page)).some((t) => t.includes(text)), 'the reply is not in the widget');

    // The history keeps it: a reload shows it again.
    await page.reload();
    await openChat(page);
    await page.waitForFunction(() => document.querySelector('#accueil-chat').shadowRoot.querySelectorAll('li.staff').length > 0,
      null, { timeout: 15000 });
    assert.ok((await staffTexts(page)).some((t) => t.includes(text)), 'the reply is not in the history after a reload');
    // The handoff is still current: its call link is back under its message.
    assert.equal(await call.textContent(), 'Appeler 01 99 00 12 34');
    assert.ok((await call.locator('xpath=ancestor::li').textContent()).includes('Je transmets votre demande'));

    // WhatsApp cannot be answered from Accueil: said, with a 409.
    const wa = await admin('/admin/api/reply', { method: 'POST', body: JSON.stringify({ session: 'whatsapp:+33639980012', text }) });
    assert.equal(wa.status, 409, wa.body);
    const bad = await admin('/admin/api/reply', { method: 'POST', body: '{"text": ""}' });
    assert.equal(bad.status, 400, bad.body);
    // A web conversation that does not exist is a 404, and gets no history.
    for (const session of ['web:doesnotexist12345', 'web:bad']) {
      const none = await admin('/admin/api/reply', { method: 'POST', body: JSON.stringify({ session, text }) });
      assert.equal(none.status, 404, none.body);
    }
  } catch (e) {
    e.message += `\n--- server log ---\n${server.log().slice(-4000)}`;
    throw e;
  } finally {
    await page.close();
  }
});
