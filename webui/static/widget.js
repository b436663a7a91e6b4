/*! Accueil web chat widget. One tag:
 *  <script src="https://HOST/widget.js" defer></script>
 *  Options (data-*): api (base URL of the JSON API, default HOST/api/web), lang (fr|en),
 *  title, position (right|left), open (true to open at load). Theme: CSS variables, see docs/web.md.
 *  Messages are only ever inserted as text (textContent), never as HTML. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__accueilChat) return;
  window.__accueilChat = true;
  var ds = script.dataset;
  var api = (ds.api || new URL('/api/web', script.src).href).replace(/\/+$/, '');
  var MAX = 1000;
  var STORE = 'accueil:' + api + ':';

  var T = {
    fr: {
      open: 'Discuter avec nous', close: 'Fermer la discussion', title: 'Discussion',
      sub: 'Nous répondons tout de suite', label: 'Votre message', ph: 'Écrivez votre message…',
      send: 'Envoyer', you: 'Vous', typing: 'écrit…', retry: 'Réessayer', failed: 'Message non envoyé.',
      net: 'Connexion impossible. Vérifiez votre réseau puis réessayez.',
      long: 'Message trop long : 1000 caractères au plus.', call: 'Appeler',
      busy: 'Trop de messages à la suite : patientez quelques secondes, puis réessayez.',
      server: 'Un problème technique nous empêche de répondre. Réessayez dans un instant.',
      oops: 'Message non envoyé : une erreur est survenue.',
      relayed: 'Message transmis à l’équipe, qui vous répondra ici.', sep: ' : ',
      unread: function (n) { return n + (n > 1 ? ' nouveaux messages' : ' nouveau message'); },
      chars: function (n) { return n + ' caractères restants'; }
    },
    en: {
      open: 'Chat with us', close: 'Close the chat', title: 'Chat',
      sub: 'We answer right away', label: 'Your message', ph: 'Write your message…',
      send: 'Send', you: 'You', typing: 'is typing…', retry: 'Try again', failed: 'Message not sent.',
      net: 'Cannot connect. Check your network, then try again.',
      long: 'Message too long: 1000 characters at most.', call: 'Call',
      busy: 'Too many messages in a row: wait a few seconds, then try again.',
      server: 'A technical problem prevents us from answering. Please try again in a moment.',
      oops: 'Message not sent: something went wrong.',
      relayed: 'Sent to the team, who will answer here.', sep: ': ',
      unread: function (n) { return n + (n > 1 ? ' new messages' : ' new message'); },
      chars: function (n) { return n + ' characters left'; }
    }
  };
  function pick(l) { l = (l || '').slice(0, 2).toLowerCase(); return T[l] ? l : ''; }
  var lang = pick(ds.lang) || pick(document.documentElement.lang) || 'fr';
  var t = T[lang];
  var name = ds.title || '';

  function store(k, v) {
    try { if (v === undefined) return localStorage.getItem(STORE + k); localStorage.setItem(STORE + k, v); } catch (e) { return null; }
  }
  function rand(n) {
    var a = new Uint8Array(n), s = '';
    crypto.getRandomValues(a);
    for (var i = 0; i < n; i++) s += (a[i] & 15).toString(16) + (a[i] >> 4).toString(16);
    return s;
  }
  function newConversation() {
    return (crypto.randomUUID ? crypto.randomUUID() : rand(16));
  }
  var conv = store('conversation');
  if (conv && !/^[A-Za-z0-9_-]{16,64}$/.test(conv)) conv = null;

  // ---- DOM ----
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) if (attrs[k] != null) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  }
  var host = el('div', { id: 'accueil-chat' });
  var root = host.attachShadow({ mode: 'open' });
  var css = ':host{all:initial;--a:var(--accueil-accent,#6b2f5b);--at:var(--accueil-accent-text,#fff);' +
    '--bg:var(--accueil-bg,#fff);--fg:var(--accueil-text,#1f1d24);--mu:var(--accueil-muted,#5c5866);' +
    '--bb:var(--accueil-bubble,#f1edf2);--r:var(--accueil-radius,16px);--off:var(--accueil-offset,20px);' +
    'font:15px/1.45 var(--accueil-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);color:var(--fg)}' +
    '*{box-sizing:border-box}' +
    '.l{position:fixed;bottom:max(var(--off),calc(100% - 100vh + var(--off)));right:max(var(--off),calc(100% - 100vw + var(--off)));z-index:var(--accueil-z,2147483000);width:60px;height:60px;border-radius:50%;border:0;' +
    'background:var(--a);color:var(--at);cursor:pointer;box-shadow:0 6px 20px rgba(0,0,0,.25);display:grid;place-items:center;transition:transform .15s}' +
    '.l:hover{transform:scale(1.05)}.left .l,.left .p{right:auto;left:var(--off)}' +
    '.l svg{width:28px;height:28px}' +
    '.b{position:absolute;top:-4px;right:-4px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#b3261e;color:#fff;font-size:12px;font-weight:700;line-height:22px;text-align:center}' +
    '.p{position:fixed;bottom:max(var(--off) + 72px,calc(100% - 100vh + var(--off) + 72px));right:max(var(--off),calc(100% - 100vw + var(--off)));z-index:var(--accueil-z,2147483000);width:370px;height:min(600px,calc(100vh - 120px));' +
    'background:var(--bg);border-radius:var(--r);box-shadow:0 12px 40px rgba(0,0,0,.28);display:flex;flex-direction:column;overflow:hidden}' +
    '.p[hidden]{display:none}' +
    'header{background:var(--a);color:var(--at);padding:14px 16px;display:flex;align-items:center;gap:10px}' +
    'h2{font-size:16px;margin:0;font-weight:650}header p{margin:2px 0 0;font-size:13px;opacity:.9}header div{flex:1}' +
    '.x{background:transparent;border:0;color:inherit;width:36px;height:36px;border-radius:50%;cursor:pointer;font-size:22px;line-height:1}' +
    '.x:hover{background:rgba(255,255,255,.18)}' +
    'ol{list-style:none;margin:0;padding:16px 14px;flex:1;overflow-y:auto;overscroll-behavior:contain;display:flex;flex-direction:column;gap:8px}' +
    'li{max-width:85%;padding:9px 13px;border-radius:var(--r);white-space:pre-wrap;overflow-wrap:anywhere;background:var(--bb);align-self:flex-start;border-bottom-left-radius:4px}' +
    'li.customer{align-self:flex-end;background:var(--a);color:var(--at);border-radius:var(--r);border-bottom-right-radius:4px}' +
    'li.staff{border:2px solid var(--a)}' +
    'li.note{align-self:center;background:transparent;color:var(--mu);font-size:13px;text-align:center;max-width:100%}' +
    'li.failed{opacity:.75}li.pending{opacity:.8}' +
    '.s{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}' +
    '.c{display:none;flex-wrap:wrap;gap:6px;margin-top:8px}li:last-child .c,li.keep .c{display:flex}' +
    '.c button,.n button,.n a{font:inherit;font-size:14px;padding:6px 12px;border-radius:999px;border:1.5px solid var(--a);background:var(--bg);color:var(--a);cursor:pointer;text-decoration:none}' +
    '.c button:hover,.n a:hover{background:var(--a);color:var(--at)}' +
    '.n{margin-top:6px;display:flex;gap:6px;justify-content:center}li:not(.note) .n{justify-content:flex-start}' +
    '.dots span{display:inline-block;width:6px;height:6px;margin:0 2px;border-radius:50%;background:var(--mu);animation:d 1s infinite}' +
    '.dots span:nth-child(2){animation-delay:.15s}.dots span:nth-child(3){animation-delay:.3s}' +
    '@keyframes d{0%,80%,100%{opacity:.3}40%{opacity:1}}' +
    'form{display:flex;gap:8px;padding:10px;border-top:1px solid #e4e0e6;align-items:flex-end}' +
    'textarea{flex:1;resize:none;font:inherit;color:var(--fg);background:var(--bg);border:1.5px solid #8d8795;border-radius:12px;padding:9px 12px;max-height:120px;min-height:42px}' +
    '.go{width:42px;height:42px;border-radius:50%;border:0;background:var(--a);color:var(--at);cursor:pointer;display:grid;place-items:center;flex:none}' +
    '.go svg{width:20px;height:20px}.go[aria-disabled=true]{opacity:.5;cursor:default}' +
    '.k{font-size:12px;color:var(--mu);padding:0 12px 6px;text-align:right}.k:empty{display:none}' +
    ':focus{outline:none}:focus-visible{outline:3px solid var(--accueil-focus,#1a73e8);outline-offset:2px}' +
    'textarea:focus-visible{outline-offset:0}' +
    // Full screen on a phone: the visible viewport (vw, dvh), which a page wider than the screen
    // does not widen as it widens the box fixed elements are laid out in.
    '@media (max-width:480px){.p,.left .p{top:0;left:0;right:auto;bottom:auto;width:100vw;max-width:100%;' +
    'height:100vh;height:100dvh;max-height:100%;border-radius:0}.open .l{display:none}}' +
    '@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}';
  var style = el('style', {}, css);
  var wrap = el('div', { class: ds.position === 'left' ? 'left' : '' });
  function icon(d) { // built node by node: this file never assigns innerHTML
    var NS = 'http://www.w3.org/2000/svg', svg = document.createElementNS(NS, 'svg'), p = document.createElementNS(NS, 'path');
    var a = { viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', 'stroke-width': '2', 'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true', focusable: 'false' };
    for (var k in a) svg.setAttribute(k, a[k]);
    p.setAttribute('d', d);
    svg.appendChild(p);
    return svg;
  }
  var launcher = el('button', { class: 'l', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'accueil-panel' });
  launcher.appendChild(icon('M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z'));
  var badge = el('span', { class: 'b', 'aria-hidden': 'true', hidden: '' });
  launcher.appendChild(badge);
  var panel = el('section', { class: 'p', id: 'accueil-panel', role: 'dialog', 'aria-labelledby': 'accueil-title', hidden: '' });
  var header = el('header');
  var hd = el('div');
  var title = el('h2', { id: 'accueil-title' }, name || t.title);
  var sub = el('p', {}, t.sub);
  hd.append(title, sub);
  var closeBtn = el('button', { class: 'x', type: 'button', 'aria-label': t.close }, '×');
  header.append(hd, closeBtn);
  var log = el('ol', { role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-label': t.title, tabindex: '0' });
  var form = el('form', { novalidate: '' });
  var label = el('label', { for: 'accueil-input', class: 's' }, t.label);
  var input = el('textarea', { id: 'accueil-input', rows: '1', maxlength: String(MAX), placeholder: t.ph, autocomplete: 'off', enterkeyhint: 'send' });
  var sendBtn = el('button', { class: 'go', type: 'submit', 'aria-label': t.send });
  sendBtn.appendChild(icon('M4 12l16-8-6 16-2-7-8-1z'));
  form.append(label, input, sendBtn);
  var counter = el('div', { class: 'k', 'aria-live': 'polite' });
  panel.append(header, log, counter, form);
  wrap.append(launcher, panel);
  root.append(style, wrap);

  function applyLanguage() {
    t = T[lang];
    launcher.setAttribute('aria-label', t.open + (unread ? ' (' + t.unread(unread) + ')' : ''));
    title.textContent = name || t.title;
    sub.textContent = t.sub;
    closeBtn.setAttribute('aria-label', t.close);
    label.textContent = t.label;
    log.setAttribute('aria-label', t.title);
    input.placeholder = t.ph;
    sendBtn.setAttribute('aria-label', t.send);
    // Messages shown before the name arrived (a restored history) are relabelled.
    [].forEach.call(log.querySelectorAll('li > .s'), function (s) {
      s.textContent = who(s.parentNode.classList.contains('customer')) + t.sep;
    });
    if (typingEl) typingEl.setAttribute('aria-label', who(false) + ' ' + t.typing);
  }
  function who(customer) { return customer ? t.you : (name || t.title); }

  // ---- messages ----
  var seen = {};      // id -> li
  var unread = 0;
  var isOpen = false;

  function add(m, opts) {
    if (!m || !m.id) return null;
    var li = seen[m.id];
    if (li) { li.classList.remove('pending', 'failed'); return li; }
    li = el('li', { class: m.role || 'assistant', 'data-id': m.id });
    li.appendChild(el('span', { class: 's' }, who(m.role === 'customer') + t.sep));
    li.appendChild(el('span', { class: 't' }, m.text || ''));
    if (m.choices && m.choices.length) {
      var g = el('div', { class: 'c', role: 'group' });
      m.choices.forEach(function (c) {
        var b = el('button', { type: 'button' }, c.label);
        b.addEventListener('click', function (e) {
          send(c.label, c.id);
          // The buttons go away with the choice: focus must not fall to the page.
          if (e.detail && coarse()) log.focus({ preventScroll: true }); else input.focus();
        });
        g.appendChild(b);
      });
      li.appendChild(g);
    }
    seen[m.id] = li;
    if (opts && opts.pending) li.classList.add('pending');
    log.insertBefore(li, typingEl);
    if (!isOpen && m.role !== 'customer' && !(opts && opts.quiet)) { unread++; showUnread(); }
    scroll();
    return li;
  }
  function note(text, retry) {
    var li = el('li', { class: 'note', role: 'status' }, text);
    if (retry) {
      var n = el('div', { class: 'n' });
      var b = el('button', { type: 'button' }, t.retry);
      b.addEventListener('click', function () { li.remove(); retry(); });
      n.appendChild(b);
      li.appendChild(n);
    }
    log.appendChild(li);
    scroll();
    return li;
  }
  function scroll() { log.scrollTop = log.scrollHeight; }
  function showUnread() {
    badge.hidden = !unread;
    badge.textContent = unread ? String(unread) : '';
    launcher.setAttribute('aria-label', t.open + (unread ? ' (' + t.unread(unread) + ')' : ''));
  }
  var typingEl = null;
  function typing(on) {
    if (on && !typingEl) {
      typingEl = el('li', { class: 'dots', 'aria-label': who(false) + ' ' + t.typing });
      typingEl.append(el('span'), el('span'), el('span'));
      log.appendChild(typingEl);
      scroll();
    } else if (!on && typingEl) { typingEl.remove(); typingEl = null; }
  }

  // ---- API ----
  function call(method, path, body) {
    return fetch(api + path, {
      method: method, credentials: 'omit', cache: 'no-store',
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) { var e = new Error(j.error || ('HTTP ' + r.status)); e.status = r.status; throw e; }
        return j;
      });
    });
  }
  function ensureConversation() {
    if (!conv) { conv = newConversation(); store('conversation', conv); }
    connect();
    return conv;
  }
  function handle(res) {
    var replies = res.replies || [], li = null, said = '';
    replies.forEach(function (m) { m.role = m.role || 'assistant'; li = add(m, { quiet: isOpen }) || li; said += ' ' + (m.text || ''); });
    if (res.id) handoffUntil = Date.parse(res.handoff_until) || 0; // a message's answer says whether the team has it
    if (res.handoff) {
      if (!li) { li = el('li', { class: 'note' }); log.appendChild(li); }
      callLink(li, res.handoff, said);
    }
    // The team has the conversation and the assistant stays silent: say
    // where the message went rather than nothing (one such line, the last).
    if (res.id && !replies.length && res.handoff_until) {
      if (relayEl) relayEl.remove();
      relayEl = note(t.relayed);
    }
  }
  var handoffUntil = 0, relayEl = null;
  // callLink adds under li a link to call phone (E.164), written as the
  // message writes it ("01 99 00 12 34"), else in a readable form.
  function callLink(li, phone, text) {
    if (!li || !/^\+?[0-9 ]{6,20}$/.test(phone) || li.querySelector('.n a')) return;
    var n = el('div', { class: 'n' });
    n.appendChild(el('a', { href: 'tel:' + phone.replace(/ /g, '') }, t.call + ' ' + written(phone, text || '')));
    li.appendChild(n);
    scroll();
  }
  function written(phone, text) {
    var p = phone.replace(/ /g, ''), re = /\+?\(?\d[\d .()\u00a0\u202f-]{5,}\d/g, m;
    while ((m = re.exec(text))) {
      var d = m[0].replace(/\D/g, ''), nat = d.replace(/^0/, '');
      if (m[0][0] === '+' ? '+' + d === p : /^00/.test(d) ? '+' + d.slice(2) === p : nat.length >= 6 && p.slice(-nat.length) === nat) return m[0];
    }
    return /^\+33\d{9}$/.test(p) ? ('0' + p.slice(3)).replace(/(\d\d)(?=\d)/g, '$1 ') : p;
  }
  // fault is the widget's own text for a failed request, in its language.
  function fault(e) {
    var s = e && e.status;
    return !s ? t.net : s === 429 ? t.busy : s === 413 ? t.long : s >= 500 ? t.server : t.oops;
  }
  var queue = Promise.resolve();
  var pending = 0;
  function send(text, choice) {
    text = (text || '').trim();
    if (!text) return;
    if (text.length > MAX) { note(t.long); return; }
    ensureConversation();
    var id = 'm' + rand(6);
    var msg = { id: id, role: 'customer', text: text };
    add(msg, { pending: true });
    function post() {
      pending++;
      typing(true);
      return call('POST', '/messages', { conversation: conv, id: id, text: text, choice: choice || '', language: lang })
        .then(handle, function (e) {
          var li = seen[id];
          if (li) li.classList.add('failed');
          var retryable = !e.status || e.status >= 500 || e.status === 429;
          note(fault(e), retryable ? function () {
            if (li) li.classList.remove('failed');
            queue = queue.then(post);
          } : null);
        }).then(function () {
          var li = seen[id];
          if (li) li.classList.remove('pending');
          if (--pending === 0) typing(false);
        });
    }
    queue = queue.then(post);
  }

  var loaded = false;
  function loadHistory() {
    if (!conv) return Promise.resolve([]);
    return call('GET', '/history?conversation=' + encodeURIComponent(conv)).then(function (h) {
      var fresh = !loaded;
      loaded = true;
      var msgs = h.messages || [], link = null;
      msgs.forEach(function (m) { add(m, { quiet: fresh || isOpen }); handoffOf(m); if (m.handoff) link = m; });
      if (link && handoffUntil > Date.now()) callLink(seen[link.id], link.handoff, link.text);
      return msgs;
    }, function () { loaded = true; return []; });
  }
  // handoffOf follows the handoff state: the latest reply says whether the
  // team has the conversation, and until when.
  function handoffOf(m) {
    if (m.role === 'assistant') handoffUntil = Date.parse(m.handoff_until) || 0;
  }
  var started = false;
  function start() {
    if (started) return;
    started = true;
    ensureConversation();
    typing(true);
    call('POST', '/start', { conversation: conv, language: lang }).then(handle, function (e) {
      started = false;
      note(fault(e), start);
    }).then(function () { if (!pending) typing(false); });
  }

  // ---- push (Server-Sent Events) ----
  var es = null, backoff = 1000, timer = null;
  function connect() {
    if (es || !conv || !window.EventSource) return;
    es = new EventSource(api + '/events?conversation=' + encodeURIComponent(conv));
    es.addEventListener('open', function () { backoff = 1000; loadHistory(); });
    es.addEventListener('message', function (ev) {
      try { var m = JSON.parse(ev.data); } catch (e) { return; }
      var li = add(m, {});
      handoffOf(m);
      if (m.handoff && handoffUntil > Date.now()) callLink(li, m.handoff, m.text);
    });
    es.addEventListener('error', function () {
      if (es.readyState === 2) { // closed for good (e.g. 4xx): retry later ourselves
        es = null;
        clearTimeout(timer);
        timer = setTimeout(connect, backoff);
        backoff = Math.min(backoff * 2, 60000);
      }
    });
  }

  // ---- open / close ----
  function open(focus) {
    isOpen = true;
    panel.hidden = false;
    wrap.classList.add('open');
    launcher.setAttribute('aria-expanded', 'true');
    unread = 0; showUnread();
    try { sessionStorage.setItem(STORE + 'open', '1'); } catch (e) {}
    (conv && !loaded ? loadHistory() : Promise.resolve()).then(function () {
      if (!log.querySelector('li:not(.dots)')) start();
    });
    scroll();
    if (focus !== false) { trap(true); input.focus(); }
  }
  // trap makes the open panel modal: Tab stays inside it. Set when the
  // customer opens it or moves into it (not for a panel opened by the page
  // at load, which must not take the keyboard from the page).
  function trap(on) {
    trapped = on;
    if (on) panel.setAttribute('aria-modal', 'true'); else panel.removeAttribute('aria-modal');
  }
  var trapped = false;
  function coarse() { return !!(window.matchMedia && matchMedia('(pointer: coarse)').matches); }
  function focusables() {
    return [].filter.call(panel.querySelectorAll('button,a[href],textarea,[tabindex="0"]'), function (x) {
      return !x.disabled && x.getClientRects().length > 0;
    });
  }
  function close() {
    isOpen = false;
    trap(false);
    panel.hidden = true;
    wrap.classList.remove('open');
    launcher.setAttribute('aria-expanded', 'false');
    try { sessionStorage.removeItem(STORE + 'open'); } catch (e) {}
    launcher.focus();
  }
  launcher.addEventListener('click', function () { isOpen ? close() : open(); });
  closeBtn.addEventListener('click', close);
  panel.addEventListener('focusin', function () { if (isOpen && !trapped) trap(true); });
  panel.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { e.preventDefault(); close(); return; }
    if (e.key !== 'Tab') return;
    var f = focusables(), a = root.activeElement;
    if (!f.length) return;
    if (e.shiftKey ? a === f[0] || f.indexOf(a) < 0 : a === f[f.length - 1]) {
      e.preventDefault();
      (e.shiftKey ? f[f.length - 1] : f[0]).focus();
    }
  });
  // Focus that fell to the page while the dialog holds it comes back with
  // Tab; Escape from there closes the panel too.
  document.addEventListener('keydown', function (e) {
    if (!isOpen || !trapped || e.defaultPrevented || document.activeElement === host) return;
    var a = document.activeElement;
    if (e.key === 'Tab') { e.preventDefault(); input.focus(); } else if (e.key === 'Escape' && (!a || a === document.body)) { e.preventDefault(); close(); }
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var v = input.value;
    if (!v.trim()) return;
    input.value = '';
    resize();
    send(v);
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event('submit')); }
  });
  function resize() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 3, 120) + 'px';
    var left = MAX - input.value.length;
    counter.textContent = left < 100 ? t.chars(left) : '';
  }
  input.addEventListener('input', resize);

  // Page API: a "Book" button on the site can open the chat.
  window.AccueilChat = { open: function () { open(); }, close: close };

  // ---- start-up ----
  function boot() {
    document.body.appendChild(host);
    applyLanguage();
    call('GET', '/config').then(function (c) {
      if (!name && c.name) name = c.name;
      if (!pick(ds.lang) && !pick(document.documentElement.lang) && pick(c.language)) lang = pick(c.language);
      applyLanguage();
    }, function () {});
    if (conv) { loadHistory(); connect(); }
    var reopen = false;
    try { reopen = sessionStorage.getItem(STORE + 'open') === '1'; } catch (e) {}
    if (ds.open === 'true' || reopen) open(false);
  }
  if (document.body) boot(); else document.addEventListener('DOMContentLoaded', boot);
})();
