/*
 * The Unpaid Orders page (issue #14): a plain-JavaScript client of the public API, served by the
 * service itself. Hash routes: #/orders, #/pay?orders=A,B, #/result/<payment_id>, #/payments,
 * #/bills, #/signin. Every string comes from i18n/<lang>.json. The page holds no secret: in dev it
 * signs in with a development token (GET /v1/dev/token); in production the API gateway in front of
 * the service adds the customer's JWT to every request.
 */
(() => {
  'use strict';

  const MAX_SELECTION = 30;          // contract §6: 1–30 orders per payment
  const MAX_COUPONS = 3;             // contract §5 rule 2
  const DEMO_CUSTOMERS = ['cust-acme', 'cust-globex', 'cust-initech'];
  const ORDER_TYPES = ['new_purchase', 'renewal', 'change', 'trial_to_commercial', 'pay_per_use_to_yearly_monthly'];
  const UNPAID = ['pending_approval', 'pending_payment', 'payment_in_progress'];
  const SORTS = ['-created_at', 'created_at', 'expires_at', '-expires_at'];
  const FINAL = ['succeeded', 'failed', 'cancelled', 'refunded'];
  const LANGS = ['en', 'zh-CN'];

  const state = {
    lang: 'en',
    messages: {},
    token: sessionStorage.getItem('orderpay.token'),
    gateway: false,               // signed in by the API gateway (production)
    account: null,
    serviceTypes: null,
    filters: defaultFilters(),
    pageTokens: [null],           // page_token of each page visited; index = page number - 1
    page: 0,
    list: null,                   // last search response
    known: new Map(),             // order_id -> order, every order seen
    selection: new Map(),         // order_id -> order
    pay: null,
    poll: null,
    routeSeq: 0,
  };

  function defaultFilters() {
    return { order_id: '', service_type: [], order_type: [], status: [], sort: '-created_at', limit: 20 };
  }

  // --- i18n ----------------------------------------------------------------------------------

  function t(key, vars) {
    let s = state.messages[key];
    if (s === undefined) {
      s = key;
    }
    if (vars) {
      s = s.replace(/\{(\w+)\}/g, (m, name) => (vars[name] === undefined ? m : String(vars[name])));
    }
    return s;
  }

  async function loadLang(lang) {
    if (!LANGS.includes(lang)) {
      lang = 'en';
    }
    const res = await fetch('i18n/' + lang + '.json');
    state.messages = await res.json();
    state.lang = lang;
    document.documentElement.lang = lang;
    localStorage.setItem('orderpay.lang', lang);
  }

  function initialLang() {
    const stored = localStorage.getItem('orderpay.lang');
    if (stored && LANGS.includes(stored)) {
      return stored;
    }
    return (navigator.language || '').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  }

  // --- DOM helpers -----------------------------------------------------------------------------

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) {
        continue;
      }
      if (k === 'class') {
        el.className = v;
      } else if (k.startsWith('on')) {
        el.addEventListener(k.substring(2), v);
      } else if (k === 'text') {
        el.textContent = v;
      } else if (v === true) {
        el.setAttribute(k, '');
      } else {
        el.setAttribute(k, v);
      }
    }
    for (const c of children.flat()) {
      if (c !== null && c !== undefined && c !== false) {
        el.append(c instanceof Node ? c : document.createTextNode(String(c)));
      }
    }
    return el;
  }

  function main() {
    return document.getElementById('main');
  }

  function setPage(titleKey, ...content) {
    const m = main();
    m.replaceChildren(...content.filter(c => c !== null && c !== undefined && c !== false));
    document.title = t(titleKey) + ' — ' + t('app.title');
    document.querySelectorAll('#nav a').forEach(a => {
      if (currentRoute().name === a.dataset.route) {
        a.setAttribute('aria-current', 'page');
      } else {
        a.removeAttribute('aria-current');
      }
    });
  }

  function focusHeading() {
    const h1 = main().querySelector('h1');
    if (h1) {
      h1.setAttribute('tabindex', '-1');
      h1.focus({ preventScroll: false });
    }
  }

  /** A live region for messages; role status (polite) or alert (errors). */
  function messageBox(id) {
    return h('div', { id, 'aria-live': 'polite' });
  }

  function say(id, text, kind) {
    const box = document.getElementById(id);
    if (!box) {
      return;
    }
    box.replaceChildren();
    if (text) {
      box.append(h('div', { class: kind || 'notice', role: kind === 'alert' ? 'alert' : 'status' }, text));
    }
  }

  function money(amount, currency) {
    return amount + ' ' + currency;
  }

  function fmtTime(iso) {
    if (!iso) {
      return '—';
    }
    return new Intl.DateTimeFormat(state.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  }

  function countdownText(iso) {
    const ms = new Date(iso).getTime() - Date.now();
    if (ms <= 0) {
      return { text: t('countdown.expired'), urgent: true };
    }
    const min = Math.floor(ms / 60000);
    const d = Math.floor(min / 1440);
    const hr = Math.floor((min % 1440) / 60);
    const m = min % 60;
    const time = d > 0 ? t('countdown.d', { d, h: hr }) : hr > 0 ? t('countdown.h', { h: hr, m }) : t('countdown.m', { m });
    return { text: t('countdown.left', { time }), urgent: ms < 24 * 3600 * 1000 };
  }

  function countdown(iso) {
    const c = countdownText(iso);
    return h('span', { class: 'countdown' + (c.urgent ? ' urgent' : ''), 'data-expires': iso }, c.text);
  }

  function refreshCountdowns() {
    document.querySelectorAll('[data-expires]').forEach(el => {
      const c = countdownText(el.dataset.expires);
      el.textContent = c.text;
      el.classList.toggle('urgent', c.urgent);
    });
  }

  // --- API -----------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && problem.detail) || ('HTTP ' + status));
      this.status = status;
      this.problem = problem || {};
      this.code = this.problem.error_code;
    }
  }

  /** The problem's detail in words (translated by error_code when the language has it); never raw JSON. */
  function problemText(err) {
    if (!(err instanceof ApiError)) {
      return t('error.network');
    }
    if (err.status === 0) {
      return t('error.network');
    }
    const translated = err.code && state.messages['errors.' + err.code];
    if (translated) {
      return translated;
    }
    return err.problem.detail || t('error.generic', { status: err.status });
  }

  async function api(path, opts = {}) {
    const headers = Object.assign({ Accept: opts.accept || 'application/json' }, opts.headers || {});
    if (state.token) {
      headers.Authorization = 'Bearer ' + state.token;
    }
    if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    let res;
    try {
      res = await fetch(path, { method: opts.method || 'GET', headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    } catch (e) {
      throw new ApiError(0, {});
    }
    if (res.ok) {
      return opts.raw ? res : res.json();
    }
    let problem = {};
    if ((res.headers.get('Content-Type') || '').includes('json')) {
      try {
        problem = await res.json();
      } catch (e) {
        problem = {};
      }
    }
    if (res.status === 401 && !opts.probe) {
      signOut(false);
      location.hash = '#/signin';
    }
    throw new ApiError(res.status, problem);
  }

  function idempotencyKey() {
    if (window.crypto && crypto.randomUUID) {
      return 'page-' + crypto.randomUUID();
    }
    return 'page-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);
  }

  // --- session -------------------------------------------------------------------------------

  async function detectSession() {
    try {
      state.account = await api('/v1/account', { probe: true });
      state.gateway = !state.token;
    } catch (e) {
      state.account = null;
      if (state.token && e.status === 401) {
        signOut(false);
      }
    }
  }

  function signOut(rerender) {
    state.token = null;
    state.account = null;
    state.selection.clear();
    state.known.clear();
    sessionStorage.removeItem('orderpay.token');
    renderAccount();
    if (rerender) {
      location.hash = '#/signin';
    }
  }

  function renderAccount() {
    const box = document.getElementById('account');
    box.replaceChildren();
    if (state.account) {
      box.append(h('span', { class: 'who' }, t('account.signedInAs', { name: state.account.name || state.account.customer_id })));
      if (!state.gateway) {
        box.append(' ', h('button', { type: 'button', class: 'link', onclick: () => signOut(true) }, t('account.signOut')));
      }
    }
  }

  function renderChrome() {
    document.querySelectorAll('[data-i18n]').forEach(el => {
      el.textContent = t(el.dataset.i18n);
    });
    document.getElementById('nav').setAttribute('aria-label', t('nav.label'));
    document.getElementById('lang').value = state.lang;
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const foot = document.getElementById('tz');
    foot.replaceChildren(t('footer.timezone', { tz }));
    renderAccount();
  }

  // --- routing -------------------------------------------------------------------------------

  function currentRoute() {
    const hash = location.hash.replace(/^#\/?/, '');
    const [path, query] = hash.split('?');
    const parts = path.split('/').filter(Boolean);
    const params = new URLSearchParams(query || '');
    return { name: parts[0] || 'orders', arg: parts[1] ? decodeURIComponent(parts[1]) : null, params };
  }

  async function route() {
    const seq = ++state.routeSeq;
    if (state.poll) {
      clearTimeout(state.poll);
      state.poll = null;
    }
    const r = currentRoute();
    if (!state.account && r.name !== 'signin') {
      location.replace('#/signin');
      return;
    }
    const pages = { orders: ordersPage, pay: payPage, result: resultPage, payments: paymentsPage, bills: billsPage,
      signin: signinPage };
    const page = pages[r.name] || ordersPage;
    await page(r, seq);
    focusHeading();
  }

  // --- sign-in -------------------------------------------------------------------------------

  async function signinPage() {
    let devTokens = false;
    try {
      const res = await fetch('/v1/dev/token?sub=probe&groups=customer');
      devTokens = res.ok;
    } catch (e) {
      devTokens = false;
    }
    const content = [h('h1', {}, t('signin.title'))];
    if (!devTokens) {
      content.push(h('p', { class: 'notice' }, t('signin.unavailable')), h('p', { class: 'hint' }, t('signin.prodNote')));
      setPage('signin.title', ...content);
      return;
    }
    const other = h('input', { type: 'text', id: 'signin-other', name: 'other', autocomplete: 'off',
      'aria-describedby': 'signin-other-hint' });
    const choices = DEMO_CUSTOMERS.map((c, i) => h('label', {},
      h('input', { type: 'radio', name: 'customer', value: c, checked: i === 0 }), ' ', t('signin.demo.' + c)));
    choices.push(h('label', {}, h('input', { type: 'radio', name: 'customer', value: '', id: 'signin-other-radio' }),
      ' ', t('signin.other')));
    const form = h('form', { class: 'panel', id: 'signin-form', onsubmit: async ev => {
      ev.preventDefault();
      const picked = form.querySelector('input[name=customer]:checked');
      const sub = (picked && picked.value) || other.value.trim();
      if (!sub) {
        say('signin-msg', t('signin.otherId'), 'alert');
        return;
      }
      try {
        const res = await fetch('/v1/dev/token?sub=' + encodeURIComponent(sub) + '&groups=customer');
        if (!res.ok) {
          const p = await res.json().catch(() => ({}));
          throw new ApiError(res.status, p);
        }
        state.token = (await res.text()).trim();
        sessionStorage.setItem('orderpay.token', state.token);
        state.gateway = false;
        state.selection.clear();
        state.known.clear();
        state.filters = defaultFilters();
        state.pageTokens = [null];
        state.page = 0;
        state.account = await api('/v1/account');
        renderAccount();
        location.hash = '#/orders';
      } catch (e) {
        say('signin-msg', problemText(e), 'alert');
      }
    } },
    h('p', {}, t('signin.devIntro')),
    h('fieldset', { class: 'checks' }, h('legend', {}, t('signin.customer')), choices),
    h('div', { class: 'field' }, h('label', { for: 'signin-other' }, t('signin.otherId')), other,
      h('span', { class: 'hint', id: 'signin-other-hint' }, t('signin.otherHint'))),
    h('p', {}, h('button', { type: 'submit', class: 'primary', id: 'signin-submit' }, t('signin.submit'))),
    messageBox('signin-msg'));
    other.addEventListener('input', () => {
      document.getElementById('signin-other-radio').checked = true;
    });
    content.push(form, h('p', { class: 'hint' }, t('signin.prodNote')));
    setPage('signin.title', ...content);
  }

  // --- the Unpaid Orders list ----------------------------------------------------------------

  async function loadServiceTypes() {
    if (!state.serviceTypes) {
      const res = await api('/v1/service-types');
      state.serviceTypes = res.service_types;
    }
    return state.serviceTypes;
  }

  function searchQuery(f, pageToken) {
    const q = new URLSearchParams();
    if (f.order_id.trim()) {
      q.append('order_id', f.order_id.trim());
    }
    f.service_type.forEach(v => q.append('service_type', v));
    f.order_type.forEach(v => q.append('order_type', v));
    f.status.forEach(v => q.append('status', v));
    q.append('sort', f.sort);
    if (pageToken !== undefined) {
      q.append('limit', String(f.limit));
      if (pageToken) {
        q.append('page_token', pageToken);
      }
    }
    return q;
  }

  function checkGroup(name, legend, values, label, selected) {
    return h('fieldset', { class: 'checks' }, h('legend', {}, legend),
      values.map(v => h('label', {}, h('input', { type: 'checkbox', name, value: v, checked: selected.includes(v) }), ' ', label(v))));
  }

  async function ordersPage(r, seq) {
    let types;
    try {
      types = await loadServiceTypes();
    } catch (e) {
      setPage('orders.title', h('h1', {}, t('orders.title')), h('div', { class: 'alert', role: 'alert' }, problemText(e)));
      return;
    }
    if (seq !== state.routeSeq) {
      return;
    }
    const f = state.filters;
    const form = h('form', { class: 'filters panel', id: 'filters', role: 'search', 'aria-label': t('orders.filters'),
      onsubmit: ev => {
        ev.preventDefault();
        readFilters(form);
        state.pageTokens = [null];
        state.page = 0;
        loadOrders();
      } },
    h('div', { class: 'field' }, h('label', { for: 'f-order-id' }, t('orders.orderNo')),
      h('input', { type: 'text', id: 'f-order-id', name: 'order_id', value: f.order_id, autocomplete: 'off',
        'aria-describedby': 'f-order-id-hint' }),
      h('span', { class: 'hint', id: 'f-order-id-hint' }, t('orders.orderNoHint')),
      h('label', { for: 'f-sort' }, t('orders.sort')),
      h('select', { id: 'f-sort', name: 'sort' }, SORTS.map(s => h('option', { value: s, selected: s === f.sort }, t('sort.' + s)))),
      h('label', { for: 'f-limit' }, t('orders.pageSize')),
      h('select', { id: 'f-limit', name: 'limit' }, [10, 20, 50, 100].map(n => h('option', { value: n, selected: n === f.limit }, n)))),
    checkGroup('service_type', t('orders.serviceType'), types.map(x => x.service_type),
      v => (types.find(x => x.service_type === v) || {}).name || v, f.service_type),
    checkGroup('order_type', t('orders.orderType'), ORDER_TYPES, v => t('orderType.' + v), f.order_type),
    h('div', {}, checkGroup('status', t('orders.status'), UNPAID, v => t('status.' + v), f.status),
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'primary', id: 'f-search' }, t('orders.search')),
        h('button', { type: 'button', id: 'f-reset', onclick: () => {
          state.filters = defaultFilters();
          state.pageTokens = [null];
          state.page = 0;
          route();
        } }, t('orders.reset')))));

    const toolbar = h('div', { class: 'toolbar', id: 'selection-bar' },
      h('span', { class: 'counter', id: 'selection-count', 'aria-live': 'polite' }),
      h('button', { type: 'button', class: 'primary', id: 'combine', onclick: combinePayments }, t('selection.combine')),
      h('button', { type: 'button', id: 'clear-selection', onclick: () => {
        state.selection.clear();
        renderRows();
      } }, t('selection.clear')),
      h('button', { type: 'button', id: 'export-selected', onclick: () => exportCsv(true) }, t('export.selected')),
      h('button', { type: 'button', id: 'export-all', onclick: () => exportCsv(false) }, t('export.all')));

    setPage('orders.title', h('h1', {}, t('orders.title')), form, toolbar, messageBox('orders-msg'),
      h('div', { id: 'results', 'aria-busy': 'true' }, h('p', { class: 'loading' }, t('orders.loading'))));
    await loadOrders();
  }

  function readFilters(form) {
    const fd = new FormData(form);
    state.filters = {
      order_id: String(fd.get('order_id') || ''),
      service_type: fd.getAll('service_type').map(String),
      order_type: fd.getAll('order_type').map(String),
      status: fd.getAll('status').map(String),
      sort: String(fd.get('sort') || '-created_at'),
      limit: Number(fd.get('limit') || 20),
    };
  }

  async function loadOrders() {
    const results = document.getElementById('results');
    if (!results) {
      return;
    }
    results.setAttribute('aria-busy', 'true');
    results.replaceChildren(h('p', { class: 'loading' }, t('orders.loading')));
    try {
      const q = searchQuery(state.filters, state.pageTokens[state.page]);
      const res = await api('/v1/orders/unpaid?' + q.toString());
      state.list = res;
      res.orders.forEach(o => state.known.set(o.order_id, o));
      renderRows();
    } catch (e) {
      results.replaceChildren(h('div', { class: 'alert', role: 'alert' }, problemText(e)));
    } finally {
      results.setAttribute('aria-busy', 'false');
    }
  }

  function renderSelectionCount() {
    const c = document.getElementById('selection-count');
    if (c) {
      c.textContent = t('selection.count', { n: state.selection.size, max: MAX_SELECTION });
    }
  }

  function renderRows() {
    renderSelectionCount();
    const results = document.getElementById('results');
    const res = state.list;
    if (!results || !res) {
      return;
    }
    if (res.orders.length === 0) {
      results.replaceChildren(h('p', { class: 'notice', id: 'orders-empty' }, t('orders.empty')));
      return;
    }
    const from = state.page * state.filters.limit + 1;
    const summary = h('p', { id: 'orders-total' }, t('orders.total', { count: res.total_count }), ' · ',
      t('orders.range', { from, to: from + res.orders.length - 1, count: res.total_count }));
    const cols = ['col.select', 'col.orderNo', 'col.serviceType', 'col.orderType', 'col.status', 'col.amount',
      'col.created', 'col.expires', 'col.actions'];
    const table = h('table', { class: 'cards', id: 'orders-table' },
      h('caption', { class: 'sr-only' }, t('orders.caption')),
      h('thead', {}, h('tr', {}, cols.map(c => h('th', { scope: 'col', class: c === 'col.amount' ? 'num' : null }, t(c))))),
      h('tbody', {}, res.orders.map(orderRow)));
    const pager = h('nav', { class: 'pager', 'aria-label': t('orders.page', { n: state.page + 1 }) },
      h('button', { type: 'button', id: 'page-prev', disabled: state.page === 0, onclick: () => {
        state.page -= 1;
        loadOrders();
      } }, t('orders.prev')),
      h('span', {}, t('orders.page', { n: state.page + 1 })),
      h('button', { type: 'button', id: 'page-next', disabled: !res.next_page_token, onclick: () => {
        state.pageTokens[state.page + 1] = res.next_page_token;
        state.page += 1;
        loadOrders();
      } }, t('orders.next')));
    results.replaceChildren(summary, table, pager);
  }

  function orderRow(o) {
    const id = o.order_id;
    const selected = state.selection.has(id);
    const box = h('input', { type: 'checkbox', class: 'select', 'data-order': id, checked: selected,
      'aria-label': t('select.label', { id }) });
    box.addEventListener('change', () => toggleSelection(o, box));
    const markers = [];
    if (o.combined_purchase_id) {
      markers.push(h('span', { class: 'badge combined', title: o.combined_purchase_id }, t('marker.combined')));
    }
    if (o.status === 'pending_approval') {
      markers.push(h('span', { class: 'badge approval' }, t('marker.approval')));
    }
    if (o.contract_overlap) {
      markers.push(h('span', { class: 'badge contract' }, t('marker.contract')));
    }
    const actions = h('div', { class: 'actions' });
    if (o.status === 'payment_in_progress') {
      actions.append(h('span', { class: 'hint' }, t('action.inCheckout')));
    } else {
      actions.append(h('button', { type: 'button', class: 'small primary pay', 'aria-label': t('action.payLabel', { id }),
        onclick: () => payOrders([o]) }, t('action.pay')));
      actions.append(h('button', { type: 'button', class: 'small danger cancel', 'aria-label': t('action.cancelLabel', { id }),
        onclick: () => confirmCancel(o) }, t('action.cancel')));
    }
    actions.append(h('button', { type: 'button', class: 'small details', 'aria-label': t('action.detailsLabel', { id }),
      onclick: () => showDetails(o) }, t('action.details')));
    return h('tr', { 'data-order': id, class: selected ? 'selected' : null },
      h('td', { 'data-label': t('col.select') }, box),
      h('td', { 'data-label': t('col.orderNo') }, h('div', {}, h('span', { class: 'orderno' }, id), h('div', {}, markers))),
      h('td', { 'data-label': t('col.serviceType') }, o.service_type_name),
      h('td', { 'data-label': t('col.orderType') }, t('orderType.' + o.order_type)),
      h('td', { 'data-label': t('col.status'), class: 'status' }, t('status.' + o.status)),
      h('td', { 'data-label': t('col.amount'), class: 'num amount' }, money(o.amount, o.currency)),
      h('td', { 'data-label': t('col.created') }, fmtTime(o.created_at)),
      h('td', { 'data-label': t('col.expires') }, h('div', {}, fmtTime(o.expires_at), countdown(o.expires_at))),
      h('td', { 'data-label': t('col.actions') }, actions));
  }

  /**
   * All order IDs of {@code order}'s combined purchase that are still unpaid: those seen in the list
   * plus those the API names as missing (a quote of the known ones answers 422
   * COMBINED_PURCHASE_INCOMPLETE with missing_order_ids, contract §6 check 3).
   */
  async function combinedGroup(order) {
    if (!order.combined_purchase_id) {
      return [order.order_id];
    }
    const ids = new Set([...state.known.values()]
      .filter(o => o.combined_purchase_id === order.combined_purchase_id && UNPAID.includes(o.status)).map(o => o.order_id));
    ids.add(order.order_id);
    try {
      await api('/v1/payments/quote', { method: 'POST', body: { order_ids: [...ids], contract_independence_confirmed: true } });
    } catch (e) {
      if (e.code === 'COMBINED_PURCHASE_INCOMPLETE') {
        (e.problem.missing_order_ids || []).forEach(id => ids.add(id));
      }
    }
    await Promise.all([...ids].filter(id => !state.known.has(id)).map(async id => {
      try {
        state.known.set(id, await api('/v1/orders/' + encodeURIComponent(id)));
      } catch (e) {
        /* shown later by the payment step if it matters */
      }
    }));
    return [...ids].sort();
  }

  async function toggleSelection(order, box) {
    const id = order.order_id;
    box.disabled = true;
    try {
      const group = await combinedGroup(order);
      const others = group.filter(x => x !== id);
      if (!box.checked) {
        group.forEach(x => state.selection.delete(x));
        say('orders-msg', others.length ? t('selection.combinedRemoved', { others: others.join(', ') }) : '');
      } else {
        const adding = group.filter(x => !state.selection.has(x));
        if (state.selection.size + adding.length > MAX_SELECTION) {
          box.checked = false;
          say('orders-msg', group.length > 1
            ? t('selection.limitGroup', { id, count: group.length, max: MAX_SELECTION })
            : t('selection.limit', { id, max: MAX_SELECTION }), 'alert');
        } else {
          group.forEach(x => state.selection.set(x, state.known.get(x) || { order_id: x }));
          say('orders-msg', others.length ? t('selection.combinedAdded', { id, others: others.join(', ') }) : '');
        }
      }
    } finally {
      box.disabled = false;
    }
    const focusId = id;
    renderRows();
    const again = document.querySelector('input.select[data-order="' + CSS.escape(focusId) + '"]');
    if (again) {
      again.focus();
    }
  }

  function combinePayments() {
    if (state.selection.size < 2) {
      say('orders-msg', t('selection.needTwo'), 'alert');
      return;
    }
    location.hash = '#/pay?orders=' + [...state.selection.keys()].sort().map(encodeURIComponent).join(',');
  }

  async function payOrders(orders) {
    const ids = new Set();
    for (const o of orders) {
      (await combinedGroup(o)).forEach(id => ids.add(id));
    }
    location.hash = '#/pay?orders=' + [...ids].sort().map(encodeURIComponent).join(',');
  }

  async function exportCsv(selectedOnly) {
    let q;
    if (selectedOnly) {
      if (state.selection.size === 0) {
        say('orders-msg', t('export.none'), 'alert');
        return;
      }
      q = new URLSearchParams();
      [...state.selection.keys()].sort().forEach(id => q.append('selected', id));
      q.append('sort', state.filters.sort);
    } else {
      q = searchQuery(state.filters);
    }
    q.set('format', 'csv');
    try {
      const res = await api('/v1/orders/unpaid/export?' + q.toString(), { accept: 'text/csv', raw: true });
      const blob = await res.blob();
      const url = URL.createObjectURL(blob);
      const a = h('a', { href: url, download: 'unpaid-orders.csv', class: 'sr-only' }, 'download');
      document.body.append(a);
      a.click();
      setTimeout(() => {
        URL.revokeObjectURL(url);
        a.remove();
      }, 1000);
      say('orders-msg', t('export.done', { count: res.headers.get('X-Total-Count') || '?' }));
    } catch (e) {
      say('orders-msg', problemText(e), 'alert');
    }
  }

  // --- dialogs -------------------------------------------------------------------------------

  function openDialog(...content) {
    const d = document.getElementById('dialog');
    d.replaceChildren(...content);
    const opener = document.activeElement;
    d.addEventListener('close', () => {
      if (opener && document.contains(opener)) {
        opener.focus();
      }
    }, { once: true });
    d.showModal();
    return d;
  }

  async function confirmCancel(order) {
    const id = order.order_id;
    let others = [];
    if (order.combined_purchase_id) {
      others = (await combinedGroup(order)).filter(x => x !== id);
    }
    const d = openDialog(
      h('h2', { id: 'dialog-title' }, t('cancel.title', { id })),
      h('p', {}, t('cancel.body')),
      order.combined_purchase_id ? h('p', { class: 'prompt', id: 'cancel-combined' }, t('cancel.combined'),
        others.length ? ' ' + t('cancel.combinedKnown', { others: others.join(', ') }) : '') : null,
      messageBox('cancel-msg'),
      h('div', { class: 'buttons' },
        h('button', { type: 'button', id: 'cancel-keep', autofocus: true, onclick: () => d.close() }, t('cancel.keep')),
        h('button', { type: 'button', class: 'danger primary', id: 'cancel-confirm', onclick: async () => {
          try {
            const res = await api('/v1/orders/' + encodeURIComponent(id) + '/cancel', { method: 'POST' });
            const ids = res.orders.map(o => o.order_id);
            ids.forEach(x => state.selection.delete(x));
            d.close();
            await loadOrders();
            say('orders-msg', t('cancel.done', { ids: ids.join(', ') }));
          } catch (e) {
            say('cancel-msg', problemText(e), 'alert');
          }
        } }, t('cancel.confirm'))));
  }

  function showDetails(o) {
    const lineCols = ['details.product', 'details.description', 'details.region', 'details.quantity', 'details.unitPrice',
      'details.amount'];
    const d = openDialog(
      h('h2', { id: 'dialog-title' }, t('details.title', { id: o.order_id })),
      h('p', {}, o.service_type_name, ' · ', t('orderType.' + o.order_type), ' · ', t('status.' + o.status), ' · ',
        money(o.amount, o.currency)),
      o.combined_purchase_id ? h('p', {}, t('details.combinedId') + ': ' + o.combined_purchase_id) : null,
      h('table', { class: 'cards', id: 'details-lines' }, h('caption', {}, t('details.lines')),
        h('thead', {}, h('tr', {}, lineCols.map(c => h('th', { scope: 'col', class: ['details.quantity', 'details.unitPrice',
          'details.amount'].includes(c) ? 'num' : null }, t(c))))),
        h('tbody', {}, (o.line_items || []).map(l => h('tr', {},
          h('td', { 'data-label': t('details.product') }, l.product_id),
          h('td', { 'data-label': t('details.description') }, l.description),
          h('td', { 'data-label': t('details.region') }, l.region || '—'),
          h('td', { 'data-label': t('details.quantity'), class: 'num' }, l.quantity),
          h('td', { 'data-label': t('details.unitPrice'), class: 'num' }, money(l.unit_price, o.currency)),
          h('td', { 'data-label': t('details.amount'), class: 'num' }, money(l.amount, o.currency)))))),
      h('div', { class: 'buttons' }, h('button', { type: 'button', id: 'details-close', autofocus: true,
        onclick: () => d.close() }, t('details.close'))));
  }

  // --- the payment step ----------------------------------------------------------------------

  async function payPage(r, seq) {
    const ids = (r.params.get('orders') || '').split(',').map(decodeURIComponent).filter(Boolean);
    if (ids.length === 0) {
      location.replace('#/orders');
      return;
    }
    setPage('pay.title', h('h1', {}, t('pay.title')), h('p', { class: 'loading' }, t('loading')));
    const orders = [];
    try {
      for (const o of await Promise.all(ids.map(id => state.known.get(id) && state.known.get(id).line_items
        ? Promise.resolve(state.known.get(id)) : api('/v1/orders/' + encodeURIComponent(id))))) {
        state.known.set(o.order_id, o);
        orders.push(o);
      }
    } catch (e) {
      setPage('pay.title', h('h1', {}, t('pay.title')), h('div', { class: 'alert', role: 'alert' }, problemText(e)),
        h('p', {}, h('a', { href: '#/orders' }, t('pay.back'))));
      return;
    }
    if (seq !== state.routeSeq) {
      return;
    }
    state.pay = { ids, orders, discountId: null, couponIds: [], confirmed: false, method: 'online', quote: null,
      quoteSeq: 0, discounts: [], coupons: [], busy: false, blocked: null };
    const overlap = orders.filter(o => o.contract_overlap).map(o => o.order_id);
    const combined = orders.find(o => o.combined_purchase_id);
    const content = [h('h1', {}, t('pay.title')),
      h('p', {}, h('a', { href: '#/orders' }, t('pay.back'))),
      combined && ids.length > 1 ? h('p', { class: 'notice' }, t('pay.combinedNote', { id: combined.order_id })) : null,
      h('div', { id: 'approval-box' }),
      overlap.length ? h('div', { class: 'prompt', id: 'contract-prompt' },
        h('p', {}, t('pay.contractPrompt')),
        h('div', {}, t('pay.contractOrders', { ids: overlap.join(', ') })),
        h('label', {}, h('input', { type: 'checkbox', id: 'contract-confirm', onchange: ev => {
          state.pay.confirmed = ev.target.checked;
          renderPayButton();
        } }), ' ', t('pay.contractConfirm'))) : null,
      h('section', { class: 'panel', 'aria-labelledby': 'breakdown-title' },
        h('h2', { id: 'breakdown-title' }, t('pay.breakdown')), h('div', { id: 'breakdown', 'aria-live': 'polite' })),
      h('section', { class: 'panel savings', id: 'savings', 'aria-labelledby': 'savings-title' },
        h('h2', { id: 'savings-title' }, t('pay.savings')), h('div', { id: 'savings-body' })),
      h('section', { class: 'panel method', id: 'method', 'aria-labelledby': 'method-title' },
        h('h2', { id: 'method-title' }, t('pay.method')), methodChoices()),
      messageBox('pay-msg'),
      h('div', { class: 'pay-actions' }, h('button', { type: 'button', class: 'primary', id: 'pay-submit', onclick: submitPayment }),
        h('span', { class: 'hint', id: 'pay-hint' }))];
    setPage('pay.title', ...content);
    renderPayButton();
    await requote();
  }

  function methodChoices() {
    const monthly = state.account && state.account.monthly_settlement_enabled;
    const pick = ev => {
      state.pay.method = ev.target.value;
      renderPayButton();
    };
    return h('fieldset', {}, h('legend', { class: 'sr-only' }, t('pay.method')),
      h('label', {}, h('input', { type: 'radio', name: 'method', value: 'online', id: 'method-online', checked: true,
        onchange: pick }), ' ', t('pay.online')),
      h('p', { class: 'note' }, t('pay.onlineNote')),
      monthly ? h('label', {}, h('input', { type: 'radio', name: 'method', value: 'monthly_settlement', id: 'method-monthly',
        onchange: pick }), ' ', t('pay.monthly')) : null,
      monthly ? h('p', { class: 'note', id: 'monthly-note' }, t('pay.monthlyNote')) : null);
  }

  function requestBody() {
    const p = state.pay;
    return { order_ids: p.ids, discount_id: p.discountId, coupon_ids: p.couponIds,
      // a quote changes nothing: it is asked as if confirmed so the amounts show before the customer ticks
      // the confirmation; the payment itself carries what the customer ticked (contract §6 check 4)
      contract_independence_confirmed: true };
  }

  async function requote() {
    const p = state.pay;
    const seq = ++p.quoteSeq;
    p.quote = null;
    renderPayButton();
    const box = document.getElementById('breakdown');
    box.replaceChildren(h('p', { class: 'loading' }, t('pay.quoting')));
    try {
      const q = await api('/v1/payments/quote', { method: 'POST', body: requestBody() });
      if (seq !== p.quoteSeq || state.pay !== p) {
        return;
      }
      applyQuote(q);
      say('pay-msg', '');
    } catch (e) {
      if (seq !== p.quoteSeq || state.pay !== p) {
        return;
      }
      box.replaceChildren();
      if (e.code === 'ORDERS_PENDING_APPROVAL') {
        p.blocked = 'approval';
        const pending = e.problem.pending_approval_orders || [];
        document.getElementById('approval-box').replaceChildren(h('div', { class: 'prompt', id: 'approval-prompt', role: 'alert' },
          h('p', {}, t('pay.approvalPrompt')),
          h('ul', { class: 'plain', id: 'approval-orders' }, pending.map(id => h('li', { class: 'orderno' }, id)))));
        document.getElementById('savings').hidden = true;
        document.getElementById('method').hidden = true;
      } else {
        say('pay-msg', problemText(e), 'alert');
      }
      renderPayButton();
    }
  }

  function applyQuote(q) {
    const p = state.pay;
    p.quote = q;
    // keep every choice offered once, so a choice does not vanish when another narrows the list
    (q.available_discounts || []).forEach(d => {
      if (!p.discounts.find(x => x.discount_id === d.discount_id)) {
        p.discounts.push(d);
      }
    });
    (q.available_coupons || []).forEach(c => {
      if (!p.coupons.find(x => x.coupon_id === c.coupon_id)) {
        p.coupons.push(c);
      }
    });
    renderSavings();
    renderBreakdown();
    renderPayButton();
  }

  function renderSavings() {
    const p = state.pay;
    const body = document.getElementById('savings-body');
    if (!body || body.dataset.rendered === String(p.discounts.length) + '/' + p.coupons.length) {
      return;
    }
    body.dataset.rendered = String(p.discounts.length) + '/' + p.coupons.length;
    const onDiscount = ev => {
      p.discountId = ev.target.value || null;
      requote();
    };
    const discounts = h('fieldset', { id: 'discounts' }, h('legend', {}, t('pay.discount')),
      h('label', {}, h('input', { type: 'radio', name: 'discount', value: '', checked: !p.discountId, onchange: onDiscount }),
        ' ', t('pay.noDiscount')),
      p.discounts.map(d => h('label', {}, h('input', { type: 'radio', name: 'discount', value: d.discount_id,
        checked: p.discountId === d.discount_id, onchange: onDiscount }), ' ',
      t('pay.discountItem', { id: d.discount_id, percent: d.percent_off, type: t('discountType.' + d.type) }))),
      p.discounts.length ? null : h('p', { class: 'hint' }, t('pay.noDiscounts')));
    const onCoupon = ev => {
      const id = ev.target.value;
      if (ev.target.checked) {
        if (p.couponIds.length >= MAX_COUPONS) {
          ev.target.checked = false;
          say('pay-msg', t('pay.couponMax'), 'alert');
          return;
        }
        p.couponIds = [...p.couponIds, id];
      } else {
        p.couponIds = p.couponIds.filter(x => x !== id);
      }
      requote();
    };
    const coupons = h('fieldset', { id: 'coupons' }, h('legend', {}, t('pay.coupons')),
      p.coupons.map(c => h('label', {}, h('input', { type: 'checkbox', name: 'coupon', value: c.coupon_id,
        checked: p.couponIds.includes(c.coupon_id), onchange: onCoupon }), ' ',
      c.type === 'cash' ? t('pay.couponCash', { id: c.coupon_id, balance: c.balance, currency: c.currency })
        : t('pay.couponPercent', { id: c.coupon_id, percent: c.percent_off }),
      c.min_spend && Number(c.min_spend) > 0 ? ' (' + t('pay.couponMinSpend', { min: c.min_spend }) + ')' : '')),
      p.coupons.length ? null : h('p', { class: 'hint' }, t('pay.noCoupons')));
    body.replaceChildren(discounts, coupons);
  }

  function renderBreakdown() {
    const q = state.pay.quote;
    const box = document.getElementById('breakdown');
    if (!q || !box) {
      return;
    }
    const cur = q.currency;
    const table = h('table', { class: 'cards', id: 'breakdown-table' },
      h('caption', { class: 'sr-only' }, t('pay.breakdown')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('col.orderNo')), h('th', { scope: 'col' }, t('col.serviceType')),
        ['col.amount', 'pay.discountCol', 'pay.couponCol', 'pay.payableCol'].map(k => h('th', { scope: 'col', class: 'num' }, t(k))))),
      h('tbody', {}, q.orders.map(line => {
        const o = state.known.get(line.order_id) || {};
        return h('tr', { 'data-order': line.order_id },
          h('td', { 'data-label': t('col.orderNo'), class: 'orderno' }, line.order_id),
          h('td', { 'data-label': t('col.serviceType') }, o.service_type_name || ''),
          h('td', { 'data-label': t('col.amount'), class: 'num amount' }, money(line.amount, cur)),
          h('td', { 'data-label': t('pay.discountCol'), class: 'num discount' }, money(line.discount_amount, cur)),
          h('td', { 'data-label': t('pay.couponCol'), class: 'num coupon' }, money(line.coupon_amount, cur)),
          h('td', { 'data-label': t('pay.payableCol'), class: 'num payable' }, money(line.payable_amount, cur)));
      })),
      h('tfoot', {}, h('tr', {}, h('td', { 'data-label': '' }, t('pay.total')), h('td', { 'data-label': '' }),
        h('td', { 'data-label': t('col.amount'), class: 'num', id: 'total-amount' }, money(q.total_amount, cur)),
        h('td', { 'data-label': t('pay.discountCol'), class: 'num', id: 'total-discount' }, money(q.total_discount, cur)),
        h('td', { 'data-label': t('pay.couponCol'), class: 'num', id: 'total-coupon' }, money(q.total_coupon, cur)),
        h('td', { 'data-label': t('pay.payableCol'), class: 'num', id: 'total-payable-cell' }, money(q.total_payable, cur)))));
    const skipped = q.skipped_orders && q.skipped_orders.length ? h('div', { class: 'prompt', id: 'quote-skipped' },
      h('p', {}, t('pay.skipped')), skippedList(q.skipped_orders)) : null;
    box.replaceChildren(table, skipped || '',
      h('p', { class: 'total-payable' }, t('pay.totalPayable') + ': ',
        h('span', { id: 'total-payable', 'data-amount': q.total_payable }, money(q.total_payable, cur))));
  }

  function skippedList(skipped) {
    return h('ul', { class: 'plain skipped' }, skipped.map(s => h('li', { 'data-order': s.order_id },
      h('span', { class: 'orderno' }, s.order_id), ' — ', t('status.' + s.status), ', ',
      t('skipReason.' + s.reason))));
  }

  function renderPayButton() {
    const p = state.pay;
    const btn = document.getElementById('pay-submit');
    const hint = document.getElementById('pay-hint');
    if (!btn || !p) {
      return;
    }
    btn.textContent = p.method === 'monthly_settlement' ? t('pay.payMonthly') : t('pay.goOnline');
    const needsConfirm = p.orders.some(o => o.contract_overlap) && !p.confirmed;
    btn.disabled = !p.quote || p.busy || !!p.blocked || needsConfirm;
    btn.hidden = !!p.blocked;
    hint.textContent = needsConfirm && !p.blocked ? t('pay.contractNeeded') : '';
  }

  async function submitPayment() {
    const p = state.pay;
    if (!p.quote || p.busy) {
      return;
    }
    p.busy = true;
    renderPayButton();
    const body = Object.assign(requestBody(), {
      method: p.method,
      contract_independence_confirmed: p.confirmed,
      expected_total_payable: p.quote.total_payable,
    });
    if (p.method === 'online') {
      body.return_url = location.origin + location.pathname + '#/result';
    }
    try {
      const payment = await api('/v1/payments', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey() } });
      sessionStorage.setItem('orderpay.lastPayment', payment.payment_id);
      payment.orders.forEach(l => state.selection.delete(l.order_id));
      if (payment.status === 'requires_action' && payment.checkout_url) {
        say('pay-msg', t('pay.redirecting'));
        location.assign(payment.checkout_url);
        return;
      }
      location.hash = '#/result/' + encodeURIComponent(payment.payment_id);
    } catch (e) {
      p.busy = false;
      if (e.code === 'TOTAL_CHANGED' && e.problem.quote) {
        const old = p.quote.total_payable;
        applyQuote(e.problem.quote);
        say('pay-msg', t('pay.totalChanged', { old, new: e.problem.quote.total_payable, currency: e.problem.quote.currency }),
          'alert');
      } else if (e.code === 'ORDERS_PENDING_APPROVAL') {
        await requote();
      } else {
        say('pay-msg', problemText(e), 'alert');
      }
      renderPayButton();
    }
  }

  // --- the result page -----------------------------------------------------------------------

  async function resultPage(r, seq) {
    const id = r.arg || sessionStorage.getItem('orderpay.lastPayment');
    if (!r.arg && id) {
      location.replace('#/result/' + encodeURIComponent(id));
      return;
    }
    setPage('result.title', h('h1', {}, t('result.title')), h('div', { id: 'result', 'aria-live': 'polite' },
      h('p', { class: 'loading' }, t('loading'))), messageBox('result-msg'),
    h('p', { class: 'pay-actions' }, h('a', { class: 'button primary', href: '#/orders', id: 'result-back' }, t('result.back')),
      h('a', { class: 'button', href: '#/payments' }, t('result.records'))));
    if (!id) {
      document.getElementById('result').replaceChildren(h('p', {}, t('result.none')));
      return;
    }
    const follow = async () => {
      if (seq !== state.routeSeq) {
        return;
      }
      try {
        const payment = await api('/v1/payments/' + encodeURIComponent(id));
        if (seq !== state.routeSeq) {
          return;
        }
        renderResult(payment);
        if (!FINAL.includes(payment.status)) {
          state.poll = setTimeout(follow, 1500);
        }
      } catch (e) {
        say('result-msg', problemText(e), 'alert');
      }
    };
    await follow();
  }

  function renderResult(p) {
    const box = document.getElementById('result');
    const count = p.orders.length;
    const vars = { total: p.total_payable, currency: p.currency, count };
    let head;
    if (p.status === 'succeeded') {
      head = h('div', { class: 'success', id: 'result-status', 'data-status': p.status },
        h('p', { class: 'status-line' }, t('result.succeeded')),
        h('p', {}, p.method === 'monthly_settlement' ? t('result.monthlyText', vars) : t('result.succeededText', vars)));
    } else if (p.status === 'failed') {
      head = h('div', { class: 'alert', id: 'result-status', 'data-status': p.status },
        h('p', { class: 'status-line' }, t('result.failed')),
        h('p', { id: 'failure-reason' }, t('reason.' + (p.failure_reason || 'gateway_error'))),
        h('p', {}, t('result.releasedText')));
    } else if (p.status === 'cancelled') {
      head = h('div', { class: 'prompt', id: 'result-status', 'data-status': p.status },
        h('p', { class: 'status-line' }, t('result.cancelled')),
        h('p', { id: 'failure-reason' }, p.failure_reason ? t('reason.' + p.failure_reason) : t('result.cancelledText')));
    } else if (p.status === 'refunded') {
      head = h('div', { class: 'prompt', id: 'result-status', 'data-status': p.status },
        h('p', { class: 'status-line' }, t('result.refunded')), h('p', {}, t('result.refundedText')));
    } else {
      head = h('div', { class: 'notice', id: 'result-status', 'data-status': p.status },
        h('p', { class: 'status-line' }, p.status === 'processing' ? t('result.processing') : t('result.waiting')),
        p.status === 'requires_action' ? h('p', { class: 'pay-actions' },
          p.checkout_url ? h('a', { class: 'button', href: p.checkout_url }, t('result.continue')) : null,
          h('button', { type: 'button', class: 'danger', id: 'result-cancel', onclick: async () => {
            try {
              renderResult(await api('/v1/payments/' + encodeURIComponent(p.payment_id) + '/cancel', { method: 'POST' }));
            } catch (e) {
              say('result-msg', problemText(e), 'alert');
            }
          } }, t('result.cancelPayment'))) : null);
    }
    const lines = h('table', { class: 'cards', id: 'result-lines' },
      h('caption', {}, t('result.paymentId', { id: p.payment_id }) + ' · ' + t('method.' + p.method)),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('col.orderNo')),
        ['col.amount', 'pay.discountCol', 'pay.couponCol', 'pay.payableCol'].map(k => h('th', { scope: 'col', class: 'num' }, t(k))))),
      h('tbody', {}, p.orders.map(l => h('tr', {},
        h('td', { 'data-label': t('col.orderNo'), class: 'orderno' }, l.order_id),
        h('td', { 'data-label': t('col.amount'), class: 'num' }, money(l.amount, p.currency)),
        h('td', { 'data-label': t('pay.discountCol'), class: 'num' }, money(l.discount_amount, p.currency)),
        h('td', { 'data-label': t('pay.couponCol'), class: 'num' }, money(l.coupon_amount, p.currency)),
        h('td', { 'data-label': t('pay.payableCol'), class: 'num' }, money(l.payable_amount, p.currency))))),
      h('tfoot', {}, h('tr', {}, h('td', { 'data-label': '' }, t('pay.total')),
        h('td', { 'data-label': t('col.amount'), class: 'num' }, money(p.total_amount, p.currency)),
        h('td', { 'data-label': t('pay.discountCol'), class: 'num' }, money(p.total_discount, p.currency)),
        h('td', { 'data-label': t('pay.couponCol'), class: 'num' }, money(p.total_coupon, p.currency)),
        h('td', { 'data-label': t('pay.payableCol'), class: 'num' }, money(p.total_payable, p.currency)))));
    const skipped = p.skipped_orders && p.skipped_orders.length ? h('div', { class: 'prompt', id: 'result-skipped' },
      h('p', {}, t('result.skipped')), skippedList(p.skipped_orders)) : null;
    box.replaceChildren(head, skipped || '', lines);
  }

  // --- payment records and bills -------------------------------------------------------------

  async function paymentsPage(r, seq) {
    const tokens = [null];
    let page = 0;
    setPage('payments.title', h('h1', {}, t('payments.title')), messageBox('payments-msg'), h('div', { id: 'payments' }));
    const load = async () => {
      const box = document.getElementById('payments');
      box.replaceChildren(h('p', { class: 'loading' }, t('loading')));
      try {
        const q = new URLSearchParams({ limit: '20' });
        if (tokens[page]) {
          q.set('page_token', tokens[page]);
        }
        const res = await api('/v1/payments?' + q);
        if (seq !== state.routeSeq) {
          return;
        }
        if (res.payments.length === 0) {
          box.replaceChildren(h('p', { class: 'notice' }, t('payments.empty')));
          return;
        }
        const cols = ['payments.created', 'payments.id', 'payments.method', 'payments.status', 'payments.orders', 'payments.total'];
        box.replaceChildren(h('table', { class: 'cards', id: 'payments-table' },
          h('caption', { class: 'sr-only' }, t('payments.caption')),
          h('thead', {}, h('tr', {}, cols.map(c => h('th', { scope: 'col', class: c === 'payments.total' ? 'num' : null }, t(c))))),
          h('tbody', {}, res.payments.map(p => h('tr', { 'data-payment': p.payment_id },
            h('td', { 'data-label': t('payments.created') }, fmtTime(p.created_at)),
            h('td', { 'data-label': t('payments.id') }, h('a', { href: '#/result/' + encodeURIComponent(p.payment_id),
              class: 'orderno' }, p.payment_id)),
            h('td', { 'data-label': t('payments.method') }, t('method.' + p.method)),
            h('td', { 'data-label': t('payments.status') }, t('paymentStatus.' + p.status),
              p.failure_reason ? h('span', { class: 'countdown' }, t('reason.' + p.failure_reason)) : null),
            h('td', { 'data-label': t('payments.orders'), class: 'orderno' }, p.orders.map(l => l.order_id).join(', ')),
            h('td', { 'data-label': t('payments.total'), class: 'num' }, money(p.total_payable, p.currency)))))),
        h('nav', { class: 'pager', 'aria-label': t('orders.page', { n: page + 1 }) },
          h('button', { type: 'button', disabled: page === 0, onclick: () => {
            page -= 1;
            load();
          } }, t('orders.prev')),
          h('span', {}, t('orders.page', { n: page + 1 })),
          h('button', { type: 'button', disabled: !res.next_page_token, onclick: () => {
            tokens[page + 1] = res.next_page_token;
            page += 1;
            load();
          } }, t('orders.next'))));
      } catch (e) {
        box.replaceChildren(h('div', { class: 'alert', role: 'alert' }, problemText(e)));
      }
    };
    await load();
  }

  async function billsPage(r, seq) {
    const month = r.params.get('month') || '';
    const input = h('input', { type: 'month', id: 'bills-month', name: 'month', value: month });
    const form = h('form', { class: 'panel toolbar', id: 'bills-form', onsubmit: ev => {
      ev.preventDefault();
      location.hash = '#/bills' + (input.value ? '?month=' + input.value : '');
    } },
    h('label', { for: 'bills-month' }, t('bills.month')), input,
    h('button', { type: 'submit', class: 'primary' }, t('bills.show')),
    h('a', { href: '#/bills' }, t('bills.allMonths')));
    setPage('bills.title', h('h1', {}, t('bills.title')), form, h('div', { id: 'bills' },
      h('p', { class: 'loading' }, t('loading'))));
    const box = document.getElementById('bills');
    try {
      const res = await api('/v1/bills' + (month ? '?month=' + encodeURIComponent(month) : ''));
      if (seq !== state.routeSeq) {
        return;
      }
      if (res.bills.length === 0) {
        box.replaceChildren(h('p', { class: 'notice' }, t('bills.empty')));
        return;
      }
      box.replaceChildren(...res.bills.map((b, i) => h('section', { class: 'panel bill', 'aria-labelledby': 'bill-' + i },
        h('h2', { id: 'bill-' + i }, b.bill_id ? t('bills.bill', { id: b.bill_id, month: b.month }) : t('bills.open', { month: b.month })),
        h('p', {}, t('bills.status') + ': ' + t('billStatus.' + b.status), ' · ', t('bills.total') + ': ' + money(b.total, b.currency),
          b.issued_at ? ' · ' + t('bills.issued') + ': ' + fmtTime(b.issued_at) : '',
          ' · ' + t('bills.due') + ': ' + b.due_date),
        h('table', { class: 'cards' }, h('caption', { class: 'sr-only' }, t('bills.caption')),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('col.orderNo')), h('th', { scope: 'col' }, t('bills.payment')),
            h('th', { scope: 'col' }, t('bills.paidAt')), h('th', { scope: 'col', class: 'num' }, t('col.amount')))),
          h('tbody', {}, b.items.map(it => h('tr', {},
            h('td', { 'data-label': t('col.orderNo'), class: 'orderno' }, it.order_id),
            h('td', { 'data-label': t('bills.payment') }, h('a', { href: '#/result/' + encodeURIComponent(it.payment_id),
              class: 'orderno' }, it.payment_id)),
            h('td', { 'data-label': t('bills.paidAt') }, fmtTime(it.paid_at)),
            h('td', { 'data-label': t('col.amount'), class: 'num' }, money(it.amount, b.currency)))))))));
    } catch (e) {
      box.replaceChildren(h('div', { class: 'alert', role: 'alert' }, problemText(e)));
    }
  }

  // --- start ---------------------------------------------------------------------------------

  async function start() {
    await loadLang(initialLang());
    document.getElementById('lang').addEventListener('change', async ev => {
      await loadLang(ev.target.value);
      renderChrome();
      await route();
      document.getElementById('lang').focus();
    });
    await detectSession();
    renderChrome();
    window.addEventListener('hashchange', route);
    setInterval(refreshCountdowns, 30000);
    await route();
  }

  start();
})();
