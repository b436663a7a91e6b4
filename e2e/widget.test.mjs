// The widget in a real browser against a scripted stand-in for the host
// (lib/fake-backend.mjs): runs without the Go server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { launch } from './lib/browser.mjs';
import { startFakeBackend } from './lib/fake-backend.mjs';
import { scenario, openChat, say, launcher, waitForReply, count } from './lib/chat.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'output');
let backend, browser;

before(async () => {
  backend = await startFakeBackend({ staticDir: join(here, '..', 'webui', 'static') });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await backend?.close();
});

async function freshPage(viewport) {
  const page = await browser.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(backend.url + '/');
  await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
  await page.reload();
  return page;
}

test('booking, reload and HTML-as-text (fake backend)', async () => {
  const page = await freshPage();
  const { reference } = await scenario(page, backend.url, join(out, 'widget-fake-backend.png'));
  assert.equal(reference, 'LUM-7K2Q');
  await page.close();
});

test('keyboard: open with Enter, send with Enter, Escape closes and gives focus back', async () => {
  const page = await freshPage();
  const button = launcher(page);
  await button.focus();
  await page.keyboard.press('Enter');
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  await waitForReply(page, 0);
  const focused = () => page.evaluate(() => document.querySelector('#accueil-chat').shadowRoot.activeElement?.id || '');
  assert.equal(await focused(), 'accueil-input');
  const before = await count(page);
  await page.keyboard.type('Bonjour');
  await page.keyboard.press('Enter');
  await waitForReply(page, before);
  assert.equal(await page.getByLabel('Votre message').inputValue(), '');
  await page.keyboard.press('Escape');
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.evaluate(() => document.querySelector('#accueil-chat').shadowRoot.activeElement?.className), 'l');
  await page.close();
});

test('accessibility basics: labels, live region, dialog name', async () => {
  const page = await freshPage();
  await openChat(page);
  const info = await page.evaluate(() => {
    const root = document.querySelector('#accueil-chat').shadowRoot;
    const log = root.querySelector('[role=log]');
    const dialog = root.querySelector('[role=dialog]');
    return {
      live: log.getAttribute('aria-live'),
      dialogName: root.getElementById(dialog.getAttribute('aria-labelledby')).textContent,
      unnamedButtons: [...root.querySelectorAll('button')].filter((b) => !(b.getAttribute('aria-label') || b.textContent.trim())).length,
    };
  });
  assert.deepEqual(info, { live: 'polite', dialogName: 'Salon Lumière', unnamedButtons: 0 });
  await page.close();
});

test('a message pushed later arrives through SSE, with an unread badge when closed', async () => {
  const page = await freshPage();
  await openChat(page);
  await waitForReply(page, 0);
  const conv = await page.evaluate(() => Object.entries(localStorage).find(([k]) => k.endsWith(':conversation'))[1]);
  // Wait for the widget's EventSource to be connected.
  for (let i = 0; i < 50 && backend.subscribers(conv) === 0; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(backend.subscribers(conv), 1);
  backend.push(conv, 'Bonjour, ici Hugo : je vous rappelle dans 5 minutes.');
  await page.locator('#accueil-chat li.staff', { hasText: 'ici Hugo' }).waitFor({ timeout: 5000 });

  await page.keyboard.press('Escape');
  backend.push(conv, 'C’est Hugo à nouveau.');
  await page.getByRole('button', { name: /1 nouveau message/ }).waitFor({ timeout: 5000 });
  await page.close();
});

test('small screens get a full-screen panel', async () => {
  const page = await freshPage({ width: 390, height: 780 });
  await openChat(page);
  const box = await page.locator('#accueil-panel').boundingBox();
  assert.deepEqual([box.x, box.y, box.width, box.height], [0, 0, 390, 780]);
  await say(page, 'Bonjour');
  await page.screenshot({ path: join(out, 'widget-mobile.png') });
  await page.close();
});

test('a message lost on the network is resent with the same id and answered once', async () => {
  const page = await freshPage();
  await openChat(page);
  await waitForReply(page, 0);
  const ids = [];
  let failFirst = true;
  await page.route('**/api/web/messages', async (route) => {
    ids.push(JSON.parse(route.request().postData()).id);
    if (failFirst) { failFirst = false; return route.abort('connectionreset'); }
    return route.continue();
  });
  const before = backend.stats.messages;
  const replies = await count(page);
  const input = page.getByLabel('Votre message');
  await input.fill('Bonjour');
  await input.press('Enter');
  await page.getByRole('button', { name: 'Réessayer' }).click();
  await waitForReply(page, replies);
  assert.equal(ids.length, 2);
  assert.equal(ids[0], ids[1], 'the resend must reuse the client id');
  assert.equal(backend.stats.messages, before + 1);
  assert.equal(await page.locator('#accueil-chat li.customer').count(), 1);
  await page.close();
});

test('an English page gets an English widget and sends language "en"', async () => {
  const page = await browser.context.newPage();
  await page.route('**/en.html', (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: '<!doctype html><html lang="en"><title>Shop</title><body><h1>Shop</h1><script src="/widget.js" data-position="left"></script></body></html>',
  }));
  const sent = [];
  page.on('request', (r) => { if (r.method() === 'POST') sent.push(JSON.parse(r.postData())); });
  await page.goto(backend.url + '/en.html');
  await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
  await page.reload();
  await page.getByRole('button', { name: 'Chat with us' }).click();
  await page.getByLabel('Your message').waitFor();
  await waitForReply(page, 0);
  assert.equal(sent[0].language, 'en');
  const box = await page.locator('#accueil-panel').boundingBox();
  assert.ok(box.x < 100, 'data-position="left" puts the panel on the left');
  await page.close();
});

// reachable returns the box of a widget element, whether it lies in the
// viewport, and whether a tap at its centre reaches it (nothing covers it).
function reachable(page, selector) {
  return page.evaluate((selector) => {
    const root = document.querySelector('#accueil-chat').shadowRoot;
    const e = root.querySelector(selector);
    const r = e.getBoundingClientRect();
    const vw = document.documentElement.clientWidth, vh = window.visualViewport ? visualViewport.height : innerHeight;
    const hit = root.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return { box: [r.x, r.y, r.right, r.bottom].map(Math.round), inViewport: r.x >= 0 && r.y >= 0 && r.right <= vw && r.bottom <= vh,
      hit: !!hit && (hit === e || e.contains(hit)) };
  }, selector);
}

test('a phone (375x667): the page does not overflow, and the chat can be used and closed without panning', async () => {
  // A real phone's layout: a page wider than the screen widens the box
  // fixed elements are laid out in (isMobile), as the reviewer saw.
  const phone = await launch({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
  try {
    for (const wide of [false, true]) {
      const page = await phone.context.newPage();
      if (wide) {
        // Whatever page embeds it: one that is wider than the screen.
        await page.route('**/wide.html', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8',
          body: '<!doctype html><html lang="fr"><meta name="viewport" content="width=device-width, initial-scale=1"><body>' +
            '<div style="width:600px;height:40px;background:#ddd">large</div><script src="/widget.js"></script></body></html>' }));
      }
      await page.goto(backend.url + (wide ? '/wide.html' : '/'));
      const layout = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: innerWidth }));
      if (!wide) assert.deepEqual(layout, { scroll: 375, inner: 375 }, 'the demo page is wider than the phone');
      else assert.ok(layout.inner > 375, `the wide page should widen the layout (${layout.inner})`);

      const l0 = await reachable(page, '.l');
      assert.ok(l0.inViewport && l0.hit, `the bubble is off screen (wide page: ${wide}): ${JSON.stringify(l0)}`);
      await launcher(page).tap();
      await waitForReply(page, 0);
      const panel = await page.locator('#accueil-panel').boundingBox();
      assert.deepEqual([panel.x, panel.y, panel.width, panel.height], [0, 0, 375, 667], `panel (wide page: ${wide})`);
      for (const sel of ['.x', '.go']) {
        const r = await reachable(page, sel);
        assert.ok(r.inViewport && r.hit, `${sel} is off screen or covered (wide page: ${wide}): ${JSON.stringify(r)}`);
      }
      const before = await count(page);
      await page.getByLabel('Votre message').fill('Bonjour');
      await page.getByRole('button', { name: 'Envoyer' }).tap();
      await waitForReply(page, before);
      if (!wide) await page.screenshot({ path: join(out, 'widget-phone.png') });
      await page.getByRole('button', { name: 'Fermer la discussion' }).tap();
      assert.equal(await launcher(page).getAttribute('aria-expanded'), 'false');
      const l = await reachable(page, '.l');
      assert.ok(l.inViewport && l.hit, `the bubble is off screen once closed (wide page: ${wide}): ${JSON.stringify(l)}`);
      await page.close();
    }
  } finally {
    await phone.close();
  }
});

test('keyboard: a slot chosen with Enter gives focus back to the input, Tab stays in the dialog', async () => {
  const page = await freshPage();
  const focused = () => page.evaluate(() => {
    const a = document.activeElement;
    if (a?.id !== 'accueil-chat') return 'page:' + (a?.tagName || '');
    const e = a.shadowRoot.activeElement;
    return e ? (e.id || e.getAttribute('aria-label') || e.textContent.trim()) : '';
  });
  await launcher(page).focus();
  await page.keyboard.press('Enter');
  await waitForReply(page, 0);
  assert.equal(await page.locator('#accueil-panel').getAttribute('aria-modal'), 'true');
  let before = await count(page);
  await page.keyboard.type('Je voudrais une coupe homme');
  await page.keyboard.press('Enter');
  await waitForReply(page, before);
  // Back from the input to the last slot offered, and choose the first.
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(), '14:00');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(), '10:00');
  before = await count(page);
  await page.keyboard.press('Enter');
  await waitForReply(page, before);
  assert.equal(await focused(), 'accueil-input', 'focus left the input after a choice');
  // Tab and Shift+Tab go round the dialog, never to the page.
  // (the log itself is focusable, to scroll it; the slots went with the choice)
  const seen = [];
  for (let i = 0; i < 5; i++) { await page.keyboard.press('Tab'); seen.push(await focused()); }
  assert.deepEqual(seen, ['Envoyer', 'Fermer la discussion', 'Discussion', 'accueil-input', 'Envoyer']);
  const back = [];
  for (let i = 0; i < 5; i++) { await page.keyboard.press('Shift+Tab'); back.push(await focused()); }
  assert.deepEqual(back, ['accueil-input', 'Discussion', 'Fermer la discussion', 'Envoyer', 'accueil-input']);
  await page.keyboard.press('Escape');
  assert.equal(await launcher(page).getAttribute('aria-expanded'), 'false');
  assert.equal(await focused(), 'Discuter avec nous');
  assert.equal(await page.locator('#accueil-panel').getAttribute('aria-modal'), null);
  await page.close();
});

test('failures are told in the widget\'s language, not the server\'s', async () => {
  const page = await freshPage();
  await openChat(page);
  await waitForReply(page, 0);
  const answers = [
    { status: 429, body: { error: 'too many messages: wait a few seconds, then try again' } },
    { status: 413, body: { error: 'message too long: at most 1000 characters' } },
    { status: 503, body: { error: 'history unavailable, try again later' } },
    { status: 400, body: { error: 'id must be 1 to 64 characters of A-Z, a-z, 0-9, _ and -' } },
    null, // the network is down
    { status: 200, body: { conversation: 'x', id: 'x', replies: [] } }, // silent, but no handoff: nothing to say
  ];
  let n = 0;
  await page.route('**/api/web/messages', (route) => {
    const a = answers[n++];
    if (!a) return route.abort('internetdisconnected');
    return route.fulfill({ status: a.status, contentType: 'application/json', body: JSON.stringify(a.body) });
  });
  const notes = () => page.locator('#accueil-chat li.note').allInnerTexts();
  const input = page.getByLabel('Votre message');
  for (let i = 0; i < answers.length; i++) {
    await input.fill('Message ' + i);
    await input.press('Enter');
    await page.waitForFunction(() => !document.querySelector('#accueil-chat').shadowRoot.querySelector('.dots'));
  }
  const got = (await notes()).map((t) => t.split('\n')[0]);
  assert.deepEqual(got, [
    'Trop de messages à la suite : patientez quelques secondes, puis réessayez.',
    'Message trop long : 1000 caractères au plus.',
    'Un problème technique nous empêche de répondre. Réessayez dans un instant.',
    'Message non envoyé : une erreur est survenue.',
    'Connexion impossible. Vérifiez votre réseau puis réessayez.',
  ]);
  // The ones worth resending offer it: rate limit, server, network.
  assert.equal(await page.getByRole('button', { name: 'Réessayer' }).count(), 3);
  await page.close();
});

test('after a reload, restored messages are labelled with the business name, even when it arrives last', async () => {
  const page = await freshPage();
  await openChat(page);
  await waitForReply(page, 0);
  await say(page, 'Bonjour');
  // The name (config) now comes after the history.
  await page.route('**/api/web/config', async (route) => { await new Promise((r) => setTimeout(r, 400)); return route.continue(); });
  const config = page.waitForResponse('**/api/web/config');
  await page.reload();
  await openChat(page);
  await page.locator('#accueil-chat li.customer', { hasText: 'Bonjour' }).waitFor();
  await config;
  await page.waitForFunction(() => ![...document.querySelector('#accueil-chat').shadowRoot.querySelectorAll('li > .s')]
    .some((s) => s.textContent.startsWith('Discussion')), null, { timeout: 2000 }).catch(() => {});
  const labels = await page.evaluate(() => [...document.querySelector('#accueil-chat').shadowRoot.querySelectorAll('li > .s')].map((s) => s.textContent));
  assert.deepEqual([...new Set(labels)].sort(), ['Salon Lumière : ', 'Vous : ']);
  await page.close();
});

test('demo page: an icon without a request, opening hours kept whole', async () => {
  const page = await browser.context.newPage();
  const failed = [];
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  page.on('console', (m) => { if (m.type() === 'error') failed.push(m.text()); });
  await page.goto(backend.url + '/');
  const got = await page.evaluate(async () => {
    const link = document.querySelector('link[rel=icon]');
    const img = new Image();
    img.src = link.href;
    await img.decode();
    return { data: link.href.startsWith('data:'), drawn: img.naturalWidth > 0,
      ranges: [...document.querySelectorAll('#horaires dd')].map((dd) => [...dd.querySelectorAll('.nw')].map((s) => s.getClientRects().length)) };
  });
  assert.deepEqual(got, { data: true, drawn: true, ranges: [[], [1, 1], [], []] });
  assert.deepEqual(failed, []);
  await page.close();
});
