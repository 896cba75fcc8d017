// The privacy officer's console: hash-routed views over the gateway's API. Built with DOM calls only
// (never innerHTML with data), so nothing the API returns can become markup or script.
import { ApiError, del, enc, get, post } from './api.js';
import { formatDate, hasText, language, setLanguage, t } from './i18n.js';
import { CONSENT_NAMES, categoryLabel, conditionText, consentLabel, diffSentences, fieldLabel, legalBasisLabel, purposeLabel, relationshipLabel, transformLabel, transformsFor } from './labels.js';

const main = document.getElementById('main');
const statusRegion = document.getElementById('status');
let me = null;

/** Only officers write and approve; the server enforces it, the page just does not offer it to others. */
const isOfficer = () => me !== null && me.roles.includes('officer');
/** Operators run the connections (an initial synchronisation); they read none of the officer's pages. */
const isOperator = () => me !== null && me.roles.includes('operator');
const home = () => (me !== null && !me.roles.some((role) => role === 'officer' || role === 'auditor') ? '#sync' : '#partners');

// ---------- DOM helpers ----------

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'value') el.value = value;
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function render(...children) {
  main.replaceChildren();
  append(main, children);
}

function say(message) {
  statusRegion.textContent = message;
}

function alertBox(message, kind = '') {
  return h('div', { class: `alert ${kind}`, role: kind === 'ok' ? 'status' : 'alert' }, message);
}

function errorView(error) {
  return alertBox(t('error', { message: error instanceof Error ? error.message : String(error) }));
}

let idCounter = 0;
const uid = (prefix) => `${prefix}-${++idCounter}`;

function labelled(labelText, control, extra) {
  const id = control.id || uid('f');
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, labelText), control, extra);
}

function select(options, value, attrs = {}) {
  const el = h('select', attrs, options.map(([v, text]) => h('option', { value: v }, text)));
  if (value !== undefined) el.value = value;
  return el;
}

function table(headers, rows, attrs = {}) {
  return h('table', attrs, h('thead', {}, h('tr', {}, headers.map((text) => h('th', { scope: 'col' }, text)))), h('tbody', {}, rows));
}

function statusBadge(status) {
  const kind = status === 'active' ? 'ok' : status === 'draft' ? 'warn' : '';
  return h('span', { class: `badge ${kind}` }, t(`status.${status}`));
}

// ---------- shell: language, session, routing ----------

function applyStaticTexts() {
  document.documentElement.lang = language();
  document.title = `${t('brand')} — bieb-gateway`;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.getAttribute('data-i18n'));
  document.getElementById('nav').setAttribute('aria-label', t('mainNav'));
  const langButton = document.getElementById('lang');
  langButton.textContent = t('switchTo');
  langButton.setAttribute('lang', t('switchLang'));
  document.getElementById('who').textContent = me ? t('signedInAs', { name: me.name, roles: me.roles.join(', ') }) : '';
}

document.getElementById('lang').addEventListener('click', () => {
  setLanguage(language() === 'nl' ? 'en' : 'nl');
  applyStaticTexts();
  void route();
});

document.getElementById('signout').addEventListener('click', async () => {
  try {
    await del('/api/v1/console/session');
  } catch {
    // the cookie is cleared either way
  }
  me = null;
  showSignedIn(false);
  say(t('signedOut'));
  signInView();
});

function showSignedIn(yes) {
  document.getElementById('nav').hidden = !yes;
  // A menu entry names the roles that can read its page (data-roles); without it, officers and auditors.
  for (const link of document.querySelectorAll('#nav a')) {
    const roles = (link.getAttribute('data-roles') ?? 'officer auditor').split(' ');
    link.hidden = me === null || !me.roles.some((role) => roles.includes(role));
  }
  document.getElementById('signout').hidden = !yes;
  applyStaticTexts();
}

function signInView(message) {
  const token = h('input', { type: 'password', id: 'token', name: 'token', autocomplete: 'off', required: true, spellcheck: 'false', size: 50 });
  const form = h(
    'form',
    {
      onsubmit: async (event) => {
        event.preventDefault();
        const value = token.value;
        token.value = '';
        try {
          me = await post('/api/v1/console/session', { token: value });
          showSignedIn(true);
          say(t('signedInAs', { name: me.name, roles: me.roles.join(', ') }));
          if (location.hash === '' || location.hash === '#') location.hash = home();
          else await route();
        } catch (error) {
          signInView(t('signin.failed', { message: error.message }));
        }
      },
    },
    labelled(t('signin.token'), token),
    h('button', { type: 'submit' }, t('signin.submit')),
  );
  render(h('h1', {}, t('signin.title')), h('p', {}, t('signin.intro')), message ? alertBox(message) : null, form);
  token.focus();
}

const ROUTES = [
  [/^#?$/, () => (home() === '#sync' ? syncView() : partnersView())],
  [/^#partners$/, () => partnersView()],
  [/^#matrix\/([a-z0-9-]+)$/, (m) => matrixView(m[1])],
  [/^#preview\/([a-z0-9-]+)(?:\/(\d+))?$/, (m) => previewView(m[1], m[2] ? Number(m[2]) : undefined)],
  [/^#review\/([a-z0-9-]+)$/, (m) => reviewView(m[1])],
  [/^#disclosures$/, () => disclosuresView()],
  [/^#register$/, () => registerView()],
  [/^#legal$/, () => legalView()],
  [/^#accounts$/, () => accountsView()],
  [/^#sync$/, () => syncView()],
  [/^#report\/(.+)$/, (m) => reportView(decodeURIComponent(m[1]))],
];

async function route() {
  if (me === null) return signInView();
  const hash = location.hash;
  for (const link of document.querySelectorAll('#nav a')) {
    const active = hash.startsWith(link.getAttribute('href')) || (link.getAttribute('href') === '#partners' && /^#(matrix|preview|review)/.test(hash));
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const found = ROUTES.find(([pattern]) => pattern.test(hash));
  render(h('p', {}, t('loading')));
  try {
    if (found === undefined) render(h('h1', {}, t('notFound')));
    else await found[1](found[0].exec(hash));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      me = null;
      showSignedIn(false);
      return signInView();
    }
    render(errorView(error));
  }
  main.focus();
}

window.addEventListener('hashchange', () => {
  say('');
  void route();
});

async function start() {
  applyStaticTexts();
  try {
    me = await get('/api/v1/console/session');
    showSignedIn(true);
    await route();
  } catch {
    me = null;
    showSignedIn(false);
    signInView();
  }
}

// ---------- data ----------

const documents = new Map();

async function policyDocument(partner, version) {
  const key = `${partner}/${version}`;
  if (!documents.has(key)) documents.set(key, (await get(`/api/v1/policies/${enc(partner)}/versions/${version}`)).document);
  return documents.get(key);
}

async function activeOf(partner) {
  try {
    return await get(`/api/v1/policies/${enc(partner)}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

const drafts = (versions) => versions.filter((v) => v.status === 'draft').sort((a, b) => b.version - a.version);

// ---------- partners ----------

function agreementCell(agreement) {
  if (!agreement) return '';
  const today = new Date().toISOString().slice(0, 10);
  const parts = [h('strong', {}, agreement.reference), h('br'), `${formatDate(agreement.validFrom)} – `, agreement.validUntil ? formatDate(agreement.validUntil) : t('agreement.open')];
  if (agreement.validFrom > today) parts.push(' ', h('span', { class: 'badge warn' }, t('agreement.notYet')));
  if (agreement.validUntil) {
    const days = Math.round((Date.parse(`${agreement.validUntil}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
    if (days < 0) parts.push(' ', h('span', { class: 'badge bad' }, t('agreement.expired')));
    else if (days <= 90) parts.push(' ', h('span', { class: 'badge warn' }, t('agreement.expires', { days })));
  }
  return parts;
}

function connectorCell(connector) {
  if (!connector) return h('span', { class: 'muted' }, t('connector.none'));
  if (!connector.enabled) return h('span', { class: 'muted' }, t('connector.disabled'));
  const up = connector.health && connector.health.status === 'up';
  return h('span', { class: `badge ${up ? 'ok' : 'bad'}`, title: connector.health?.detail ?? '' }, t(up ? 'connector.up' : 'connector.down'));
}

async function partnersView() {
  const [connectors, policies] = await Promise.all([get('/api/v1/partners').catch(() => []), get('/api/v1/policies')]);
  const ids = [...new Set([...policies.map((p) => p.partner), ...connectors.map((c) => c.partner)])].sort();
  const versionsByPartner = new Map(
    await Promise.all(ids.map(async (id) => [id, await get(`/api/v1/policies/${enc(id)}/versions`).catch(() => [])])),
  );
  const newDefaults = new Set(
    (await Promise.all(ids.map(async (id) => ((await get(`/api/v1/policies/${enc(id)}/default`).catch(() => null))?.sameAsActive === false ? id : null)))).filter(Boolean),
  );
  const rows = ids.map((id) => {
    const policy = policies.find((p) => p.partner === id);
    const connector = connectors.find((c) => c.partner === id);
    const open = drafts(versionsByPartner.get(id) ?? []);
    return h(
      'tr',
      { 'data-partner': id },
      h('th', { scope: 'row' }, policy?.document.displayName ?? connector?.displayName ?? id, h('br'), h('span', { class: 'muted' }, id)),
      h('td', {}, policy ? relationshipLabel(policy.document.relationship) : ''),
      h('td', {}, agreementCell(policy?.document.agreement)),
      h('td', {}, connector?.protocol ?? ''),
      h('td', {}, connectorCell(connector)),
      h('td', {}, policy ? `${policy.version}` : ''),
      h(
        'td',
        {},
        open.length === 0 ? h('span', { class: 'muted' }, t('drafts.none')) : h('a', { href: `#review/${id}` }, t('drafts.some', { n: open.length })),
        newDefaults.has(id) ? [h('br'), h('a', { href: `#review/${id}`, class: 'badge warn', 'data-testid': `new-default-${id}` }, t('default.badge'))] : null,
      ),
      h(
        'td',
        {},
        h(
          'div',
          { class: 'actions' },
          h('a', { href: `#matrix/${id}`, 'aria-label': `${t('action.matrix')}: ${id}` }, t('action.matrix')),
          h('a', { href: `#preview/${id}`, 'aria-label': `${t('action.preview')}: ${id}` }, t('action.preview')),
          h('a', { href: `#review/${id}`, 'aria-label': `${t('action.review')}: ${id}` }, t('action.review')),
        ),
      ),
    );
  });
  render(
    h('h1', {}, t('partners.title')),
    h('p', {}, t('partners.intro')),
    table([t('col.partner'), t('col.role'), t('col.agreement'), t('col.protocol'), t('col.connector'), t('col.active'), t('col.drafts'), t('col.actions')], rows, { id: 'partners' }),
  );
}

// ---------- field matrix ----------

function isChanged(cell) {
  return cell.select.value !== cell.initial || (cell.select.value !== 'off' && JSON.stringify(cell.when ?? null) !== JSON.stringify(cell.initialWhen ?? null));
}

let conditionFields = [];

/** A modal (native <dialog>: focus trapped, Esc closes) to set or remove a cell's condition ('when'). */
function editCondition(cell, field, purpose) {
  const [currentPath, currentValue] = Object.entries(cell.when ?? {})[0] ?? ['', ''];
  const pathSelect = select([['', t('matrix.noCondition')], ...conditionFields.map((f) => [f.path, `${fieldLabel(f.path)} (${f.path})`])], currentPath, { id: 'cond-path' });
  const valueSlot = h('div', { class: 'field' });
  let valueControl = null;
  const renderValue = (initial) => {
    const chosen = conditionFields.find((f) => f.path === pathSelect.value);
    valueSlot.replaceChildren();
    valueControl = null;
    if (!chosen) return;
    if (chosen.enumValues) valueControl = select(chosen.enumValues.map((v) => [v, v]), initial === '' ? undefined : String(initial), { id: 'cond-value' });
    else if (chosen.kind === 'boolean') valueControl = select([['true', t('yes')], ['false', t('no')]], initial === '' ? 'true' : String(initial), { id: 'cond-value' });
    else valueControl = h('input', { id: 'cond-value', type: chosen.kind === 'integer' ? 'number' : 'text', value: String(initial) });
    valueSlot.append(h('label', { for: 'cond-value' }, t('matrix.conditionValue')), valueControl);
  };
  pathSelect.addEventListener('change', () => renderValue(''));
  const dialog = h(
    'dialog',
    { 'aria-labelledby': 'cond-title', id: 'cond-dialog' },
    h(
      'form',
      {
        method: 'dialog',
        onsubmit: (event) => {
          event.preventDefault();
          const chosen = conditionFields.find((f) => f.path === pathSelect.value);
          if (!chosen || valueControl === null) cell.when = undefined;
          else {
            const raw = valueControl.value;
            cell.when = { [chosen.path]: chosen.kind === 'boolean' ? raw === 'true' : chosen.kind === 'integer' ? Number(raw) : raw };
          }
          cell.refresh();
          cell.td.dispatchEvent(new Event('conditionchange', { bubbles: true }));
          dialog.close();
        },
      },
      h('h2', { id: 'cond-title' }, t('matrix.conditionTitle', { field: fieldLabel(field.path), purpose: purposeLabel(purpose.id) })),
      labelled(t('matrix.conditionField'), pathSelect),
      valueSlot,
      h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'cond-apply' }, t('matrix.conditionApply')), h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, t('cancel'))),
    ),
  );
  dialog.addEventListener('close', () => {
    dialog.remove();
    cell.condition.focus();
  });
  document.body.append(dialog);
  renderValue(currentValue);
  dialog.showModal();
  pathSelect.focus();
}

async function matrixView(partner, baseVersion) {
  const [catalog, active, versions] = await Promise.all([get('/api/v1/catalog'), activeOf(partner), get(`/api/v1/policies/${enc(partner)}/versions`)]);
  conditionFields = catalog.fields.filter((f) => f.leaf && !f.inArray);
  const open = drafts(versions);
  const base = baseVersion ?? open[0]?.version ?? active?.version;
  if (base === undefined) throw new Error(`no version of ${partner}`);
  const original = await policyDocument(partner, base);
  // The working state: per purpose, a map path → rule (copied, so the cached document stays intact).
  const state = original.purposes.map((purpose) => new Map(purpose.fields.map((rule) => [rule.path, { ...rule }])));
  const cells = new Map();

  const baseChoices = [
    ...(active ? [[String(active.version), t('matrix.baseActive', { n: active.version })]] : []),
    ...open.map((v) => [String(v.version), t('matrix.baseDraft', { n: v.version, author: v.author })]),
  ];
  const baseSelect = select(baseChoices, String(base), { id: 'matrix-base', onchange: (e) => void matrixView(partner, Number(e.target.value)).catch((err) => render(errorView(err))) });

  const consentNames = catalog.fields.map((f) => /^consents\.([A-Za-z]+)\.granted$/.exec(f.path)?.[1]).filter(Boolean);
  const consents = original.purposes.map((purpose) =>
    select([['', t('matrix.consentNone')], ...consentNames.map((c) => [c, consentLabel(c)])], purpose.requiresConsent ?? '', {
      'aria-label': t('matrix.consentFor', { purpose: purposeLabel(purpose.id) }),
      'data-consent-purpose': purpose.id,
      class: 'consent',
      onchange: () => countChanges(),
    }),
  );
  const changeCount = h('span', { id: 'matrix-changes', class: 'muted' }, t('matrix.noChanges'));
  const countChanges = () => {
    let n = 0;
    for (const cell of cells.values()) if (isChanged(cell)) n += 1;
    original.purposes.forEach((purpose, index) => {
      if (consents[index].value !== (purpose.requiresConsent ?? '')) n += 1;
    });
    changeCount.textContent = n === 0 ? t('matrix.noChanges') : t('matrix.changes', { n });
  };

  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, t('matrix.field')),
    original.purposes.map((purpose) =>
      h(
        'th',
        { scope: 'col', title: purpose.description },
        purposeLabel(purpose.id),
        h('br'),
        h('span', { class: 'muted' }, purpose.id),
        h('br'),
        consents[original.purposes.indexOf(purpose)],
      ),
    ),
  );
  const body = [];
  for (const category of catalog.categories) {
    body.push(h('tr', { class: 'category' }, h('th', { scope: 'colgroup', colspan: original.purposes.length + 1 }, categoryLabel(category))));
    for (const field of catalog.fields.filter((f) => f.category === category)) {
      const allowed = transformsFor(field);
      const options = [['off', t('matrix.off')], ['copy', t('matrix.on')], ...allowed.filter((x) => x !== 'copy').map((x) => [x, t('matrix.onWith', { transform: transformLabel(x) })])];
      const rowCells = original.purposes.map((purpose, index) => {
        const rule = state[index].get(field.path);
        const initial = rule === undefined ? 'off' : rule.transform ?? 'copy';
        const control = select(options, initial, {
          'aria-label': `${fieldLabel(field.path)} — ${purposeLabel(purpose.id)}`,
          'data-path': field.path,
          'data-purpose': purpose.id,
        });
        const condition = h('button', {
          type: 'button',
          class: 'cond',
          'data-condition-path': field.path,
          'data-condition-purpose': purpose.id,
          'aria-label': t('matrix.conditionFor', { field: fieldLabel(field.path), purpose: purposeLabel(purpose.id) }),
        });
        const td = h('td', {}, control, condition);
        const cell = { select: control, initial, td, condition, when: rule?.when, initialWhen: rule?.when };
        const refresh = () => {
          td.classList.toggle('on', control.value !== 'off');
          td.classList.toggle('off', control.value === 'off');
          td.classList.toggle('changed', isChanged(cell));
          condition.hidden = control.value === 'off';
          condition.textContent = cell.when ? t('matrix.condition', { condition: conditionText(cell.when) }) : t('matrix.addCondition');
          condition.classList.toggle('set', cell.when !== undefined);
        };
        cell.refresh = refresh;
        refresh();
        control.addEventListener('change', () => {
          td.classList.remove('invalid');
          control.removeAttribute('aria-invalid');
          refresh();
          countChanges();
        });
        condition.addEventListener('click', () => editCondition(cell, field, purpose));
        cells.set(`${index}|${field.path}`, cell);
        return td;
      });
      body.push(h('tr', {}, h('th', { scope: 'row' }, fieldLabel(field.path), h('span', { class: 'path' }, field.path)), rowCells));
    }
  }

  const note = h('input', { type: 'text', id: 'matrix-note', size: 60, maxlength: 500 });
  const result = h('div', { id: 'matrix-result' });
  const save = h('button', { type: 'submit', id: 'matrix-save', disabled: !isOfficer() }, t('matrix.save'));

  const build = () => {
    const where = [];
    const purposes = original.purposes.map((purpose, index) => {
      const fields = [];
      const push = (rule) => {
        where.push({ purpose: index, field: fields.length, path: rule.path });
        fields.push(rule);
      };
      // Keep the existing order, then add newly switched-on fields in catalog order.
      for (const rule of purpose.fields) {
        const cell = cells.get(`${index}|${rule.path}`);
        const value = cell ? cell.select.value : rule.transform ?? 'copy';
        if (value === 'off') continue;
        const next = { path: rule.path };
        if (value !== 'copy') next.transform = value;
        const when = cell ? cell.when : rule.when;
        if (when) next.when = when;
        push(next);
      }
      for (const field of catalog.fields) {
        const cell = cells.get(`${index}|${field.path}`);
        if (!cell || cell.initial !== 'off' || cell.select.value === 'off') continue;
        const next = { path: field.path };
        if (cell.select.value !== 'copy') next.transform = cell.select.value;
        if (cell.when) next.when = cell.when;
        push(next);
      }
      const next = { ...purpose, fields };
      if (consents[index].value === '') delete next.requiresConsent;
      else next.requiresConsent = consents[index].value;
      return next;
    });
    return { document: { ...original, purposes }, where };
  };

  const form = h(
    'form',
    {
      class: 'noprint',
      onsubmit: async (event) => {
        event.preventDefault();
        for (const cell of cells.values()) {
          cell.td.classList.remove('invalid');
          cell.select.removeAttribute('aria-invalid');
        }
        const { document: doc, where } = build();
        save.disabled = true;
        try {
          const created = await post(`/api/v1/policies/${enc(partner)}/versions`, { document: doc, ...(note.value.trim() ? { note: note.value.trim() } : {}) });
          result.replaceChildren(
            alertBox(t('matrix.saved', { n: created.version }), 'ok'),
            h('p', { class: 'actions' }, h('a', { class: 'button', href: `#preview/${partner}/${created.version}` }, t('action.preview')), h('a', { class: 'button secondary', href: `#review/${partner}` }, t('action.review'))),
          );
          say(t('matrix.saved', { n: created.version }));
        } catch (error) {
          const violations = error instanceof ApiError ? error.details?.violations ?? [] : [];
          const items = violations.map((v) => {
            const m = /^(?:document\.)?purposes\[(\d+)\]\.fields\[(\d+)\]/.exec(v.path);
            const spot = m ? where.find((w) => w.purpose === Number(m[1]) && w.field === Number(m[2])) : undefined;
            let label = v.path;
            if (spot) {
              const cell = cells.get(`${spot.purpose}|${spot.path}`);
              if (cell) {
                cell.td.classList.add('invalid');
                cell.select.setAttribute('aria-invalid', 'true');
              }
              label = `${fieldLabel(spot.path)} — ${purposeLabel(original.purposes[spot.purpose].id)} (${v.path})`;
            }
            return h('li', {}, h('strong', {}, label), `: ${v.message}`);
          });
          result.replaceChildren(h('div', { class: 'alert', role: 'alert' }, items.length > 0 ? [t('matrix.invalid'), h('ul', {}, items)] : error.message));
        } finally {
          save.disabled = false;
        }
      },
    },
    h('div', { class: 'row' }, labelled(t('matrix.note'), note), h('div', { class: 'field' }, save), h('div', { class: 'field' }, changeCount)),
    result,
  );

  render(
    h('h1', {}, t('matrix.title', { partner: original.displayName })),
    h('p', {}, t('matrix.intro')),
    h('div', { class: 'row noprint' }, labelled(t('matrix.base'), baseSelect)),
    form,
    h('div', { class: 'matrix-wrap' }, h('table', { class: 'matrix', id: 'matrix', onconditionchange: () => countChanges() }, h('thead', {}, head), h('tbody', {}, body))),
  );
}

// ---------- preview ----------

let sandboxMembers = null;

function prettyWire(message) {
  if (message.contentType.includes('json')) {
    try {
      return JSON.stringify(JSON.parse(message.body), null, 2);
    } catch {
      return message.body;
    }
  }
  if (message.contentType.includes('xml')) return message.body.replace(/>\s*</g, '>\n<');
  return message.body;
}

function wireSection(id, wire) {
  if (!wire) return null;
  const title = t('preview.wire', { protocol: wire.protocol ?? '—' });
  if (!wire.message) return h('details', {}, h('summary', {}, title), h('p', { class: 'muted' }, t('preview.noWire', { reason: wire.reason ?? '' })));
  const route = Object.entries(wire.message.route).map(([k, v]) => `${k}: ${v}`).join(' · ');
  return h(
    'details',
    {},
    h('summary', {}, title),
    h('p', { class: 'muted' }, `${wire.message.contentType}${route ? ` · ${route}` : ''}`),
    h('pre', { 'data-testid': `${id}-wire` }, prettyWire(wire.message)),
  );
}

async function previewView(partner, wanted) {
  const [active, versions] = await Promise.all([activeOf(partner), get(`/api/v1/policies/${enc(partner)}/versions`)]);
  if (sandboxMembers === null) sandboxMembers = await get('/api/v1/sandbox/members?limit=50').catch(() => []);
  const open = drafts(versions);
  const compareChoices = versions
    .filter((v) => v.version !== active?.version)
    .sort((a, b) => b.version - a.version)
    .map((v) => [String(v.version), `${t('preview.version.n', { n: v.version })} — ${t(`status.${v.status}`)}`]);
  const compare = select(compareChoices.length > 0 ? compareChoices : [['', t('preview.noDraft')]], String(wanted ?? open[0]?.version ?? compareChoices[0]?.[0] ?? ''), { id: 'preview-version' });
  const docs = await Promise.all([active ? policyDocument(partner, active.version) : null, ...versions.map((v) => policyDocument(partner, v.version))]);
  const purposeIds = [...new Set(docs.filter(Boolean).flatMap((d) => d.purposes.map((p) => p.id)))];
  const purpose = select(purposeIds.map((id) => [id, `${purposeLabel(id)} (${id})`]), purposeIds[0], { id: 'preview-purpose' });
  const member = select(
    sandboxMembers.map((m, i) => [String(i), `${m.memberId} — ${m.name?.initials ?? ''} ${m.name?.lastName ?? ''} (•••• ${String(m.cardNumber ?? '').slice(-4)})`]),
    '0',
    { id: 'preview-member' },
  );
  const pasted = h('textarea', { id: 'preview-paste', spellcheck: 'false' });
  const out = h('div', { id: 'preview-out', 'aria-live': 'polite' });

  const show = async () => {
    let chosen;
    try {
      chosen = pasted.value.trim() !== '' ? JSON.parse(pasted.value) : sandboxMembers[Number(member.value)];
    } catch (error) {
      out.replaceChildren(alertBox(error.message));
      return;
    }
    if (!chosen) {
      out.replaceChildren(alertBox(t('preview.noSandbox')));
      return;
    }
    const run = (version) => {
      const body = { partner, purpose: purpose.value, member: chosen, ...(version !== undefined ? { version } : {}) };
      return Promise.all([post('/api/v1/preview', body), post('/api/v1/console/wire-preview', body).catch(() => null)]).then(
        ([r, wire]) => ({ ok: r, wire }),
        (e) => ({ error: e }),
      );
    };
    const draftVersion = compare.value === '' ? undefined : Number(compare.value);
    const [left, right] = await Promise.all([active ? run(undefined) : Promise.resolve(null), draftVersion !== undefined ? run(draftVersion) : Promise.resolve(null)]);
    const other = (side) => (side === left ? right : left);
    const column = (id, title, side) => {
      if (side === null) return h('section', { class: 'column', id }, h('h2', {}, title), h('p', { class: 'muted' }, t('preview.noDraft')));
      if (side.error) return h('section', { class: 'column', id }, h('h2', {}, title), alertBox(side.error.message));
      const r = side.ok;
      const otherFields = other(side)?.ok?.fields ?? null;
      const differs = (f) => otherFields !== null && !otherFields.some((o) => o.path === f.path && o.transform === f.transform);
      return h(
        'section',
        { class: 'column', id, 'aria-labelledby': `${id}-h` },
        h('h2', { id: `${id}-h` }, title),
        h('h3', {}, t('preview.payload')),
        h('pre', { 'data-testid': `${id}-payload` }, JSON.stringify(r.payload, null, 2)),
        h('h3', {}, t('preview.fields')),
        h(
          'ul',
          { class: 'plain' },
          r.fields.map((f) =>
            h('li', { class: differs(f) ? 'diff' : '' }, `${fieldLabel(f.path)} `, h('span', { class: 'muted' }, `(${f.path})`), ` — ${transformLabel(f.transform)}`, differs(f) ? h('span', { class: 'sr-only' }, ` (${t('preview.differs')})`) : null),
          ),
        ),
        h('details', {}, h('summary', {}, t('preview.withheld', { n: r.withheld.length })), h('ul', { class: 'plain' }, r.withheld.map((p) => h('li', {}, `${fieldLabel(p)} (${p})`)))),
        wireSection(id, side.wire),
      );
    };
    out.replaceChildren(
      h(
        'div',
        { class: 'columns' },
        column('preview-active', active ? t('preview.active', { n: active.version }) : t('preview.noDraft'), left),
        column('preview-draft', draftVersion !== undefined ? t('preview.draft', { n: draftVersion }) : t('preview.noDraft'), right),
      ),
    );
  };

  const form = h(
    'form',
    { class: 'noprint', id: 'preview-form', onsubmit: (e) => { e.preventDefault(); void show(); } },
    h('div', { class: 'row' }, labelled(t('preview.purpose'), purpose), sandboxMembers.length > 0 ? labelled(t('preview.member'), member) : h('p', {}, t('preview.noSandbox')), labelled(t('preview.version'), compare), h('div', { class: 'field' }, h('button', { type: 'submit', id: 'preview-show' }, t('preview.show')))),
    h('details', {}, h('summary', {}, t('preview.paste')), labelled(t('preview.paste'), pasted)),
  );
  render(h('h1', {}, t('preview.title', { partner: docs.find(Boolean)?.displayName ?? partner })), h('p', {}, t('preview.intro')), form, out);
  await show();
}

// ---------- review and approve ----------

/**
 * For each purpose the draft changes: can the partner's connector still map what the draft releases for
 * a sample member, where it could map the active version's? Reported before anyone approves.
 */
async function mappingRegressions(partner, version, diff) {
  if (sandboxMembers === null) sandboxMembers = await get('/api/v1/sandbox/members?limit=50').catch(() => []);
  const member = sandboxMembers[0];
  if (!member) return [];
  const purposes = diff.purposes.filter((p) => p.change !== 'removed').map((p) => p.purpose);
  const wire = (purpose, v) => post('/api/v1/console/wire-preview', { partner, purpose, member, ...(v === undefined ? {} : { version: v }) }).catch(() => null);
  const results = await Promise.all(
    purposes.map(async (purpose) => {
      const [before, after] = await Promise.all([wire(purpose, undefined), wire(purpose, version)]);
      return after && after.message === null && after.reason && (before === null || before.message !== null) && after.protocol !== null ? { purpose, reason: after.reason } : null;
    }),
  );
  return results.filter(Boolean);
}

async function reviewView(partner) {
  const [active, versions] = await Promise.all([activeOf(partner), get(`/api/v1/policies/${enc(partner)}/versions`)]);
  const rows = [...versions]
    .sort((a, b) => b.version - a.version)
    .map((v) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, String(v.version)),
        h('td', {}, statusBadge(v.status)),
        h('td', {}, v.author),
        h('td', {}, formatDate(v.createdAt)),
        h('td', {}, v.approver ?? ''),
        h('td', {}, v.effectiveFrom ? formatDate(v.effectiveFrom) : ''),
        h('td', {}, v.note ?? ''),
      ),
    );
  const sections = [];
  for (const draft of drafts(versions)) {
    const from = active?.version;
    const diff = from === undefined ? null : await get(`/api/v1/policies/${enc(partner)}/diff?from=${from}&to=${draft.version}`);
    const groups = diff === null ? [] : diffSentences(diff);
    const mappingWarnings = diff === null ? [] : await mappingRegressions(partner, draft.version, diff);
    const effective = h('input', { type: 'date', id: `effective-${draft.version}` });
    const result = h('div', { id: `approve-result-${draft.version}` });
    const button = h('button', { type: 'submit', id: `approve-${draft.version}`, disabled: !isOfficer() }, t('review.approve', { n: draft.version }));
    const comment = h('textarea', { id: `reject-comment-${draft.version}`, rows: 2, maxlength: 500, required: true });
    const rejectButton = h('button', { type: 'submit', id: `reject-${draft.version}`, class: 'secondary', disabled: !isOfficer() }, t('review.reject', { n: draft.version }));
    sections.push(
      h(
        'section',
        { 'aria-labelledby': `draft-${draft.version}`, class: 'draft', 'data-version': draft.version },
        h('h2', { id: `draft-${draft.version}` }, t('review.diff', { n: draft.version, from: from ?? '—' })),
        h('p', { class: 'muted' }, `${t('col.author')}: ${draft.author} · ${formatDate(draft.createdAt)}`, draft.note ? ` · ${t('review.note', { note: draft.note })}` : ''),
        diff?.unchanged ? h('p', {}, t('review.unchanged')) : null,
        mappingWarnings.length > 0
          ? h('div', { class: 'alert warn', role: 'note', 'data-testid': `mapping-warning-${draft.version}` }, t('review.mappingWarning'), h('ul', {}, mappingWarnings.map((w) => h('li', {}, `${purposeLabel(w.purpose)}: ${w.reason}`))))
          : null,
        h('div', { class: 'diff-text', 'data-testid': `diff-${draft.version}` }, groups.map((g) => [h('h3', {}, g.heading), h('ul', {}, g.lines.map((line) => h('li', {}, line)))])),
        h(
          'form',
          {
            class: 'row noprint',
            onsubmit: async (event) => {
              event.preventDefault();
              button.disabled = true;
              try {
                const approved = await post(`/api/v1/policies/${enc(partner)}/versions/${draft.version}/approve`, effective.value ? { effectiveFrom: effective.value } : {});
                result.replaceChildren(alertBox(t('review.approved', { n: approved.version, status: t(`status.${approved.status}`) }), 'ok'));
                say(t('review.approved', { n: approved.version, status: t(`status.${approved.status}`) }));
                button.hidden = true;
              } catch (error) {
                result.replaceChildren(alertBox(t('review.refused', { message: error.message }) + (error.code ? ` (${error.code})` : '')));
                button.disabled = false;
              }
            },
          },
          labelled(t('review.effective'), effective),
          h('div', { class: 'field' }, button),
        ),
        h(
          'form',
          {
            class: 'row noprint',
            onsubmit: async (event) => {
              event.preventDefault();
              rejectButton.disabled = true;
              try {
                const rejected = await post(`/api/v1/policies/${enc(partner)}/versions/${draft.version}/reject`, { comment: comment.value });
                result.replaceChildren(alertBox(t('review.rejected', { n: rejected.version }), 'ok'));
                say(t('review.rejected', { n: rejected.version }));
                button.hidden = true;
                rejectButton.hidden = true;
              } catch (error) {
                result.replaceChildren(alertBox(t('review.rejectRefused', { message: error.message }) + (error.code ? ` (${error.code})` : '')));
                rejectButton.disabled = false;
              }
            },
          },
          labelled(t('review.comment'), comment),
          h('div', { class: 'field' }, rejectButton),
        ),
        result,
      ),
    );
  }
  const shipped = await get(`/api/v1/policies/${enc(partner)}/default`).catch(() => null);
  render(
    h('h1', {}, t('review.title', { partner: active?.document.displayName ?? partner })),
    sections.length === 0 ? h('p', {}, t('review.noDrafts')) : sections,
    shipped === null || shipped.sameAsActive ? null : shippedDefaultSection(partner, shipped, versions),
    h('h2', {}, t('review.versions')),
    table([t('col.version'), t('col.status'), t('col.author'), t('col.created'), t('col.approver'), t('col.effective'), t('col.note')], rows, { id: 'versions' }),
  );
}

/**
 * A later release may ship a changed default policy (a new purpose, say). It is never applied by itself:
 * the officer sees how it differs from the active version and may take it over as a draft, which a
 * second officer approves like any other.
 */
function shippedDefaultSection(partner, shipped, versions) {
  const result = h('div', { id: 'default-result' });
  const alreadyDrafted = drafts(versions).some((v) => v.contentHash === shipped.contentHash);
  const button = h('button', { type: 'button', id: 'take-default', disabled: !isOfficer() || alreadyDrafted }, t('default.take'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const draft = await post(`/api/v1/policies/${enc(partner)}/versions`, { document: shipped.document, note: t('default.note', { source: shipped.source }) });
      say(t('default.taken', { n: draft.version }));
      await reviewView(partner);
      // The page was drawn again with the new draft: the confirmation goes into the new page, once.
      (document.getElementById('default-result') ?? result).replaceChildren(alertBox(t('default.taken', { n: draft.version }), 'ok'));
    } catch (error) {
      result.replaceChildren(errorView(error));
      button.disabled = false;
    }
  });
  const groups = shipped.diff === null ? [] : diffSentences(shipped.diff);
  return h(
    'section',
    { 'aria-labelledby': 'default-h', class: 'draft noprint', id: 'shipped-default' },
    h('h2', { id: 'default-h' }, t('default.title')),
    h('p', {}, t('default.intro', { source: shipped.source })),
    h('div', { class: 'diff-text', 'data-testid': 'default-diff' }, groups.map((g) => [h('h3', {}, g.heading), h('ul', {}, g.lines.map((line) => h('li', {}, line)))])),
    alreadyDrafted ? h('p', { class: 'muted' }, t('default.drafted')) : null,
    button,
    result,
  );
}

// ---------- disclosures, integrity, access report ----------

function fieldsText(fields, plain = false) {
  const name = (path) => (plain ? fieldLabel(path) : path);
  return fields.map((f) => (f.transform && f.transform !== 'copy' ? `${name(f.path)} (${transformLabel(f.transform)})` : name(f.path))).join(', ');
}

async function disclosuresView() {
  const policies = await get('/api/v1/policies');
  const memberId = h('input', { type: 'text', id: 'dis-member', maxlength: 64 });
  const partner = select([['', t('disclosures.any')], ...policies.map((p) => [p.partner, p.document.displayName])], '', { id: 'dis-partner' });
  const from = h('input', { type: 'date', id: 'dis-from' });
  const to = h('input', { type: 'date', id: 'dis-to' });
  const results = h('div', { id: 'dis-results', 'aria-live': 'polite' });
  let offset = 0;
  let shown = [];

  const search = async (more) => {
    offset = more ? offset + 50 : 0;
    if (!more) shown = [];
    const query = new URLSearchParams({ limit: '50', offset: String(offset) });
    if (memberId.value.trim()) query.set('memberId', memberId.value.trim());
    if (partner.value) query.set('partner', partner.value);
    if (from.value) query.set('from', from.value);
    if (to.value) query.set('to', to.value);
    try {
      const page = await get(`/api/v1/disclosures?${query}`);
      shown = [...shown, ...page.items];
      const rows = shown.map((e) =>
        h(
          'tr',
          {},
          h('td', {}, String(e.seq)),
          h('td', {}, formatDate(e.recordedAt)),
          h('td', {}, h('a', { href: `#report/${enc(e.memberId)}` }, e.memberId)),
          h('td', {}, e.partner),
          h('td', {}, purposeLabel(e.purpose)),
          h('td', {}, `v${e.policyVersion}`),
          h('td', {}, e.agreementReference),
          h('td', {}, fieldsText(e.fields)),
        ),
      );
      results.replaceChildren(
        h('p', {}, t('disclosures.total', { total: page.total, shown: shown.length })),
        shown.length === 0 ? h('p', {}, t('disclosures.none')) : table([t('col.seq'), t('col.at'), t('col.member'), t('col.partner'), t('col.purpose'), t('col.policy'), t('col.agreement'), t('col.fields')], rows, { id: 'dis-table' }),
        shown.length < page.total ? h('button', { type: 'button', class: 'secondary', onclick: () => void search(true) }, t('disclosures.more')) : null,
      );
    } catch (error) {
      results.replaceChildren(errorView(error));
    }
  };

  const verifyOut = h('div', { id: 'verify-result', 'aria-live': 'polite' });
  const verify = async () => {
    try {
      const verdict = await get('/api/v1/disclosures/verify');
      verifyOut.replaceChildren(
        verdict.ok
          ? alertBox(t('verify.ok', { n: verdict.checked }), 'ok')
          : alertBox(t('verify.broken', { seq: verdict.firstBroken.seq, reason: verdict.firstBroken.reason, n: verdict.checked })),
      );
    } catch (error) {
      verifyOut.replaceChildren(errorView(error));
    }
  };

  const reportMember = h('input', { type: 'text', id: 'report-member', maxlength: 64, required: true });
  render(
    h('h1', {}, t('disclosures.title')),
    h('p', {}, t('disclosures.intro')),
    h(
      'form',
      { id: 'dis-form', onsubmit: (e) => { e.preventDefault(); void search(false); } },
      h('div', { class: 'row' }, labelled(t('disclosures.member'), memberId), labelled(t('disclosures.partner'), partner), labelled(t('disclosures.from'), from), labelled(t('disclosures.to'), to), h('div', { class: 'field' }, h('button', { type: 'submit' }, t('disclosures.search')))),
    ),
    results,
    h('h2', {}, t('report.ask')),
    h('p', {}, t('report.askIntro')),
    h(
      'form',
      { id: 'report-form', onsubmit: (e) => { e.preventDefault(); location.hash = `#report/${enc(reportMember.value.trim())}`; } },
      h('div', { class: 'row' }, labelled(t('disclosures.member'), reportMember), h('div', { class: 'field' }, h('button', { type: 'submit' }, t('report.open')))),
    ),
    h('h2', {}, t('verify.title')),
    h('button', { type: 'button', id: 'verify', class: 'secondary', onclick: () => void verify() }, t('verify.run')),
    verifyOut,
  );
  await search(false);
}

async function reportView(memberId) {
  const [report, policies] = await Promise.all([get(`/api/v1/members/${enc(memberId)}/disclosure-report`), get('/api/v1/policies').catch(() => [])]);
  // 'legal' has no policy of its own: each order is a one-off (see #legal).
  const nameOf = (partner) => policies.find((p) => p.partner === partner)?.document.displayName ?? (partner === 'legal' ? t('legal.partnerName') : partner);
  const summary = report.recipients.map((r) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, nameOf(r.partner)),
      h('td', {}, String(r.disclosures)),
      h('td', {}, `${formatDate(r.firstAt)} – ${formatDate(r.lastAt)}`),
      h('td', {}, r.purposes.map(purposeLabel).join(', ')),
      h('td', {}, r.fields.map(fieldLabel).join(', ')),
      h('td', {}, r.agreementReferences.join(', ')),
    ),
  );
  const details = report.disclosures.map((d) =>
    h('tr', {}, h('td', {}, formatDate(d.at)), h('td', {}, nameOf(d.partner)), h('td', {}, purposeLabel(d.purpose)), h('td', {}, fieldsText(d.fields, true)), h('td', {}, d.agreementReference), h('td', {}, `v${d.policyVersion}`)),
  );
  render(
    h('p', { class: 'noprint actions' }, h('a', { href: '#disclosures' }, `← ${t('back')}`), h('button', { type: 'button', id: 'print', onclick: () => window.print() }, t('report.print'))),
    h(
      'article',
      { id: 'report', 'aria-labelledby': 'report-h' },
      h('h1', { id: 'report-h' }, t('report.title')),
      h('p', {}, t('report.member', { member: report.memberId }), h('br'), t('report.generated', { date: formatDate(report.generatedAt) }), h('br'), t('report.total', { n: report.total })),
      report.total === 0
        ? h('p', {}, t('report.none'))
        : [
            h('h2', {}, t('report.summary')),
            table([t('col.partner'), t('col.count'), t('col.period'), t('col.purposes'), t('col.fields'), t('col.agreements')], summary, { id: 'report-summary' }),
            h('h2', {}, t('report.details')),
            table([t('col.at'), t('col.partner'), t('col.purpose'), t('col.fields'), t('col.agreement'), t('col.policy')], details, { id: 'report-details' }),
          ],
      report.checkpoint
        ? h(
            'section',
            { id: 'report-checkpoint', 'aria-labelledby': 'checkpoint-h' },
            h('h2', { id: 'checkpoint-h' }, t('report.checkpoint')),
            h('p', {}, t('report.checkpointIntro', { n: report.checkpoint.treeSize })),
            h('pre', { class: 'note' }, report.checkpoint.note),
            h('p', { class: 'muted' }, t('report.verifierKey', { key: report.checkpoint.verifierKey })),
          )
        : null,
    ),
    withdrawalForm(memberId, nameOf),
  );
}

/**
 * A member withdrew a consent (recorded in the lending system): the officer has every partner told that
 * must hear of it (POST …/withdrawals) and sees who was told, and who must be told by other means.
 */
function withdrawalForm(memberId, nameOf) {
  const consent = select(CONSENT_NAMES.map((c) => [c, consentLabel(c)]), 'newsletter', { id: 'withdrawal-consent' });
  const out = h('div', { id: 'withdrawal-result', 'aria-live': 'polite' });
  const submit = async (event) => {
    event.preventDefault();
    out.replaceChildren(h('p', {}, t('loading')));
    try {
      const report = await post(`/api/v1/members/${enc(memberId)}/withdrawals`, { consent: consent.value });
      const told = report.notices.map((n) =>
        h('li', {}, `${nameOf(n.partner)} — ${purposeLabel(n.purpose)}: `, n.deliveryId !== undefined ? t('withdrawal.queued') : n.refused !== undefined ? t('withdrawal.refused', { code: n.refused }) : t('withdrawal.noConnector')),
      );
      const uninformed = report.uninformed.map((u) => h('li', {}, `${nameOf(u.partner)} — ${purposeLabel(u.purpose)}`));
      out.replaceChildren();
      append(out, [
        told.length === 0 ? h('p', {}, t('withdrawal.nobody')) : [h('p', {}, t('withdrawal.told')), h('ul', { id: 'withdrawal-told' }, told)],
        uninformed.length === 0 ? [] : alertBox([t('withdrawal.uninformed'), h('ul', { id: 'withdrawal-uninformed' }, uninformed)], 'warn'),
      ]);
    } catch (error) {
      out.replaceChildren(error instanceof ApiError && error.code === 'CONSENT_NOT_WITHDRAWN' ? alertBox(t('withdrawal.notWithdrawn')) : errorView(error));
    }
  };
  return h(
    'section',
    { class: 'noprint', 'aria-labelledby': 'withdrawal-h' },
    h('h2', { id: 'withdrawal-h' }, t('withdrawal.title')),
    h('p', {}, t('withdrawal.intro')),
    h('form', { id: 'withdrawal-form', onsubmit: (event) => void submit(event) }, h('div', { class: 'row' }, labelled(t('withdrawal.consent'), consent), h('div', { class: 'field' }, h('button', { type: 'submit' }, t('withdrawal.send'))))),
    out,
  );
}

// ---------- disclosures under a legal order (police, justice) ----------

/** A value of the export as text: lists of values joined, objects never (the rows are leaves). */
function exportRows(fields) {
  const rows = [];
  const walk = (value, path, label) => {
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${path}[]`, `${label} (${i + 1})`));
    else if (value !== null && typeof value === 'object') for (const [key, child] of Object.entries(value)) walk(child, path === '' ? key : `${path}.${key}`, '');
    else rows.push([`${fieldLabel(path)}${label}`, String(value)]);
  };
  for (const [key, value] of Object.entries(fields)) walk(value, key, '');
  return rows;
}

function legalExportView(exported) {
  return h(
    'article',
    { id: 'legal-export', 'aria-labelledby': 'legal-export-h' },
    h('p', { class: 'noprint actions' }, h('button', { type: 'button', onclick: () => window.print() }, t('report.print'))),
    h('h2', { id: 'legal-export-h' }, t('legal.exportTitle')),
    h('p', {}, t('legal.exportMeta', { reference: exported.orderReference, authority: exported.authority, member: exported.memberId }), h('br'), t('legal.exportApproved', { by: exported.approvedBy, date: formatDate(exported.generatedAt) })),
    table([t('legal.col.field'), t('legal.col.value')], exportRows(exported.member).map(([label, value]) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, value))), { id: 'legal-export-table' }),
  );
}

async function legalView() {
  const [orders, catalog] = await Promise.all([get('/api/v1/legal-disclosures'), get('/api/v1/catalog')]);
  const out = h('div', { id: 'legal-result', 'aria-live': 'polite' });
  const member = h('input', { type: 'text', id: 'legal-member', maxlength: 64, required: true });
  const authority = h('input', { type: 'text', id: 'legal-authority', maxlength: 200, required: true, size: 40 });
  const reference = h('input', { type: 'text', id: 'legal-reference', maxlength: 100, required: true });
  const basis = select([['legal-obligation', legalBasisLabel('legal-obligation')], ['public-task', legalBasisLabel('public-task')]], 'legal-obligation', { id: 'legal-basis' });
  const reason = h('textarea', { id: 'legal-reason', rows: 2, cols: 60, maxlength: 500, required: true });
  // Consents are not what an order asks for; the rest of the member, field by field.
  const leaves = catalog.fields.filter((f) => f.leaf && f.category !== 'consent');
  const boxes = leaves.map((f) => h('input', { type: 'checkbox', value: f.path, id: `legal-field-${f.path.replace(/[^A-Za-z0-9]/g, '-')}` }));
  const groups = catalog.categories.map((category) =>
    h(
      'fieldset',
      {},
      h('legend', {}, categoryLabel(category)),
      leaves.map((f, i) => (f.category === category ? h('label', { class: 'check' }, boxes[i], ` ${fieldLabel(f.path)}`) : null)),
    ),
  );
  const submit = async (event) => {
    event.preventDefault();
    const fields = boxes.filter((box) => box.checked).map((box) => ({ path: box.value }));
    try {
      await post('/api/v1/legal-disclosures', { memberId: member.value.trim(), authority: authority.value.trim(), orderReference: reference.value.trim(), legalBasis: basis.value, reason: reason.value.trim(), fields });
      say(t('legal.recorded'));
      await legalView();
      document.getElementById('legal-result')?.replaceChildren(alertBox(t('legal.recorded'), 'ok'));
    } catch (error) {
      out.replaceChildren(errorView(error));
    }
  };
  const rows = orders.map((o) => {
    const comment = h('input', { type: 'text', id: `legal-reject-comment-${o.id}`, maxlength: 500, 'aria-label': t('review.comment') });
    const decide = async (action) => {
      try {
        const decided = await post(`/api/v1/legal-disclosures/${enc(o.id)}/${action}`, action === 'reject' ? { comment: comment.value } : {});
        await legalView();
        if (decided.export !== undefined) document.getElementById('legal-result')?.replaceChildren(legalExportView(decided.export));
      } catch (error) {
        out.replaceChildren(errorView(error));
      }
    };
    const own = me !== null && o.requestedBy === me.name;
    return h(
      'tr',
      { 'data-order': o.orderReference },
      h('td', {}, formatDate(o.requestedAt)),
      h('td', {}, o.memberId),
      h('td', {}, o.authority, h('br'), h('span', { class: 'muted' }, o.orderReference)),
      h('td', {}, o.fields.map((f) => fieldLabel(f.path)).join(', ')),
      h('td', {}, h('span', { class: `badge ${o.status === 'approved' ? 'ok' : o.status === 'requested' ? 'warn' : ''}` }, t(`legal.status.${o.status}`)), o.decidedBy ? [h('br'), h('span', { class: 'muted' }, o.decidedBy)] : null),
      h(
        'td',
        {},
        o.status !== 'requested'
          ? o.decisionComment ?? ''
          : h(
              'div',
              { class: 'actions' },
              h('button', { type: 'button', id: `legal-approve-${o.id}`, disabled: !isOfficer() || own, title: own ? t('legal.ownOrder') : '', onclick: () => void decide('approve') }, t('legal.approve')),
              comment,
              h('button', { type: 'button', class: 'secondary', id: `legal-reject-${o.id}`, disabled: !isOfficer(), onclick: () => void decide('reject') }, t('legal.reject')),
            ),
      ),
    );
  });
  render(
    h('h1', { class: 'noprint' }, t('legal.title')),
    h('p', { class: 'noprint' }, t('legal.intro')),
    out,
    h('h2', { class: 'noprint' }, t('legal.orders')),
    orders.length === 0 ? h('p', {}, t('legal.none')) : table([t('col.created'), t('disclosures.member'), t('legal.col.authority'), t('col.fields'), t('col.status'), t('col.actions')], rows, { id: 'legal-table', class: 'noprint' }),
    isOfficer()
      ? [
          h('h2', { class: 'noprint' }, t('legal.new')),
          h(
            'form',
            { id: 'legal-form', class: 'noprint', onsubmit: (event) => void submit(event) },
            h('div', { class: 'row' }, labelled(t('disclosures.member'), member), labelled(t('legal.col.authority'), authority), labelled(t('legal.reference'), reference), labelled(t('col.legalBasis'), basis)),
            labelled(t('legal.reason'), reason),
            groups,
            h('button', { type: 'submit' }, t('legal.submit')),
          ),
        ]
      : null,
  );
}

// ---------- register of processing activities (GDPR art. 30) ----------

// ---------- accounts ----------

async function accountsView(notice) {
  const accounts = await get('/api/v1/accounts');
  const canConfirm = me.roles.includes('officer') && me.confirmed === true;
  const waiting = accounts.filter((a) => a.role === 'officer' && a.confirmedAt === null && a.disabledAt === null);
  const waitingRows = waiting.map((a) => {
    const own = a.id === me.id;
    const button = h('button', { type: 'button', id: `confirm-${a.id}`, disabled: own || !canConfirm }, t('accounts.confirm', { name: a.name }));
    const result = h('div', { id: `confirm-result-${a.id}` });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await post(`/api/v1/accounts/${enc(a.id)}/confirm`);
        // Drawn again from the gateway's answer, with the confirmation said once, where the officer acted.
        await accountsView(t('accounts.confirmed', { name: a.name }));
      } catch (error) {
        result.replaceChildren(errorView(error));
        button.disabled = false;
      }
    });
    return h('tr', {}, h('th', { scope: 'row' }, a.name), h('td', {}, a.createdBy), h('td', {}, formatDate(a.createdAt)), h('td', {}, own ? h('p', { class: 'muted' }, t('accounts.own')) : button, result));
  });
  const allRows = accounts.map((a) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, a.name),
      h('td', {}, t(`role.${a.role}`)),
      h('td', {}, a.createdBy),
      h('td', {}, a.role !== 'officer' ? '—' : a.confirmedAt === null ? t('no') : `${formatDate(a.confirmedAt)} (${a.confirmedBy})`),
      h('td', {}, a.disabledAt === null ? '—' : formatDate(a.disabledAt)),
    ),
  );
  render(
    h('h1', {}, t('accounts.title')),
    h('p', {}, t('accounts.intro')),
    me.roles.includes('officer') && me.confirmed !== true ? alertBox(t('accounts.notConfirmedYou')) : null,
    notice ? alertBox(notice, 'ok') : null,
    h('section', { 'aria-labelledby': 'waiting-h' }, h('h2', { id: 'waiting-h' }, t('accounts.waiting')), waiting.length === 0 ? h('p', {}, t('accounts.noneWaiting')) : table([t('col.name'), t('col.createdBy'), t('col.created'), t('col.actions')], waitingRows, { id: 'waiting' })),
    h('section', { 'aria-labelledby': 'all-h' }, h('h2', { id: 'all-h' }, t('accounts.all')), table([t('col.name'), t('col.accountRole'), t('col.createdBy'), t('col.confirmed'), t('col.disabled')], allRows, { id: 'accounts' })),
  );
}

async function registerView() {
  // Generated by the gateway from the active policies (GET /api/v1/register): the page only lays it out.
  const register = await get('/api/v1/register');
  const byPartner = new Map();
  for (const activity of register.activities) byPartner.set(activity.partner, [...(byPartner.get(activity.partner) ?? []), activity]);
  const sections = [...byPartner.values()].map((activities) => {
    const first = activities[0];
    const agreement = first.agreement;
    const rows = activities.map((a) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, purposeLabel(a.purpose), h('br'), h('span', { class: 'muted' }, a.purpose)),
        h('td', {}, a.description),
        h('td', {}, legalBasisLabel(a.legalBasis)),
        h('td', {}, a.requiresConsent === undefined ? '—' : consentLabel(a.requiresConsent)),
        h('td', {}, a.retentionDays === null ? '—' : t('register.days', { n: a.retentionDays })),
        h('td', {}, a.dataCategories.map(categoryLabel).join(', ')),
        h('td', {}, a.fields.map(fieldLabel).join(', ')),
      ),
    );
    return h(
      'section',
      { 'aria-labelledby': `reg-${first.partner}`, class: 'register-entry' },
      h('h2', { id: `reg-${first.partner}` }, first.recipient),
      h(
        'p',
        {},
        `${t('col.role')}: ${relationshipLabel(first.relationship)}`,
        agreement ? ` · ${t('col.agreement')}: ${agreement.reference} (${formatDate(agreement.validFrom)} – ${agreement.validUntil ? formatDate(agreement.validUntil) : t('agreement.open')})` : '',
        first.policyVersion === null ? '' : ` · ${t('col.policy')}: v${first.policyVersion}`,
      ),
      table([t('col.purpose'), t('col.description'), t('col.legalBasis'), t('col.consent'), t('col.retention'), t('col.categories'), t('col.fields')], rows),
    );
  });
  render(
    h('p', { class: 'noprint actions' }, h('button', { type: 'button', onclick: () => window.print() }, t('report.print'))),
    h(
      'article',
      { id: 'register' },
      h('h1', {}, t('register.title')),
      h('p', {}, t('register.controller', { controller: register.controller }), h('br'), t('register.intro', { date: formatDate(register.generatedAt) })),
      sections,
      register.outsideTheGateway.length > 0
        ? [h('h2', {}, t('register.outside')), h('ul', {}, register.outsideTheGateway.map((o) => h('li', {}, h('strong', {}, o.name), ` — ${o.description}`)))]
        : null,
    ),
  );
}

// ---------- lifecycle sync: its jobs, what the deletion guard holds, initial synchronisations ----------

/** While a job runs, the page draws its jobs again this often. */
const SYNC_REFRESH_MS = 3000;
let syncTimer;

/** A refusal of the server in the console's words where it has them for the code, else its message. */
function refusalText(error) {
  if (error instanceof ApiError && hasText(`code.${error.code}`)) return t(`code.${error.code}`);
  return error instanceof Error ? error.message : String(error);
}

function refusalBox(error) {
  if (error instanceof ApiError && hasText(`code.${error.code}`)) return alertBox(`${t(`code.${error.code}`)} (${error.code})`);
  return errorView(error);
}

/** A modal question (native <dialog>: focus kept inside, Esc cancels); resolves true only on the confirming button. */
function confirmAction(message, confirmLabel) {
  return new Promise((resolve) => {
    let confirmed = false;
    const no = h('button', { type: 'button', class: 'secondary', id: 'confirm-no', onclick: () => dialog.close() }, t('cancel'));
    const dialog = h(
      'dialog',
      { id: 'confirm-dialog', 'aria-labelledby': 'confirm-h', 'aria-describedby': 'confirm-text' },
      h('h2', { id: 'confirm-h' }, t('sync.confirmTitle')),
      h('p', { id: 'confirm-text' }, message),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', id: 'confirm-yes', onclick: () => { confirmed = true; dialog.close(); } }, confirmLabel),
        no,
      ),
    );
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(confirmed);
    });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}

function jobStatusBadge(status) {
  const kind = status === 'done' ? 'ok' : status === 'failed' ? 'bad' : status === 'held' ? 'warn' : '';
  return h('span', { class: `badge ${kind}` }, t(`sync.status.${status}`));
}

/**
 * How far a running job is. The API counts the members evaluated so far (`total` grows page by page; the
 * source's size is not known ahead), so the bar has a value only when the job says how many of its total
 * it has processed; otherwise it shows that work goes on, with the count so far.
 */
function jobProgress(job, label) {
  if (job.status !== 'running') return t('sync.evaluated', { n: job.total });
  if (typeof job.processed === 'number' && job.total > 0) {
    return [h('progress', { max: job.total, value: Math.min(job.processed, job.total), 'aria-label': label }), ' ', t('sync.processed', { done: job.processed, total: job.total })];
  }
  return [h('progress', { 'aria-label': label }), ' ', t('sync.evaluated', { n: job.total })];
}

function jobCounts(job, groups) {
  const lines = [t('sync.sent', { n: job.sent }), t('sync.unchanged', { n: job.unchanged })];
  if (job.refused > 0) lines.push(t('sync.refused', { n: job.refused }));
  if (job.failed > 0) lines.push(t('sync.failed', { n: job.failed }));
  if (job.held > 0) lines.push(t('sync.heldCount', { n: job.held }));
  const released = groups.reduce((sum, g) => sum + g.released, 0);
  const discarded = groups.reduce((sum, g) => sum + g.discarded, 0);
  if (released + discarded > 0) lines.push(t('sync.decided', { released, discarded }));
  return h('ul', { class: 'plain' }, lines.map((line) => h('li', {}, line)));
}

/** The officer's decision on one partner's held messages of a job, after a confirmation naming how many. */
async function decideHeld(action, job, group, nameOf, out, redraw, button) {
  const partner = nameOf(group.partner);
  const confirmed = await confirmAction(
    t(action === 'release' ? 'sync.confirmRelease' : 'sync.confirmDiscard', { n: group.held, partner }),
    t(action === 'release' ? 'sync.release' : 'sync.discard'),
  );
  if (!confirmed) {
    if (button.isConnected) button.focus();
    return;
  }
  button.disabled = true;
  try {
    const report = await post(`/api/v1/sync/jobs/${enc(job.jobId)}/${action}`, { partner: group.partner });
    const message =
      action === 'release'
        ? [t('sync.released', { n: report.released, partner }), report.failed > 0 ? t('sync.releaseFailed', { n: report.failed }) : ''].join(' ').trim()
        : t('sync.discarded', { n: report.discarded, partner });
    out.replaceChildren(alertBox(message, report.failed > 0 ? 'warn' : 'ok'));
    say(message);
  } catch (error) {
    out.replaceChildren(refusalBox(error));
  }
  await redraw();
  out.focus();
}

function heldSection(job, groups, nameOf, out, redraw) {
  const decides = isOfficer();
  const rows = groups.map((group) => {
    const release = h('button', { type: 'button', id: `release-${job.jobId}-${group.partner}`, 'aria-label': t('sync.releaseFor', { partner: nameOf(group.partner) }) }, t('sync.release'));
    const discard = h('button', { type: 'button', class: 'secondary', id: `discard-${job.jobId}-${group.partner}`, 'aria-label': t('sync.discardFor', { partner: nameOf(group.partner) }) }, t('sync.discard'));
    release.addEventListener('click', () => void decideHeld('release', job, group, nameOf, out, redraw, release));
    discard.addEventListener('click', () => void decideHeld('discard', job, group, nameOf, out, redraw, discard));
    return h(
      'tr',
      { 'data-held-job': job.jobId, 'data-partner': group.partner },
      h('th', { scope: 'row' }, nameOf(group.partner)),
      h('td', { class: 'held-count' }, String(group.held)),
      h('td', {}, String(group.released)),
      h('td', {}, String(group.discarded)),
      decides ? h('td', {}, group.held === 0 ? h('span', { class: 'muted' }, t('sync.held.nothing')) : h('div', { class: 'actions' }, release, discard)) : null,
    );
  });
  const heading = `held-${job.jobId}`;
  return h(
    'section',
    { class: 'held-job', 'data-job': job.jobId, 'aria-labelledby': heading },
    h('h3', { id: heading }, t('sync.held.job', { kind: t(`sync.kind.${job.kind}`), date: formatDate(job.createdAt) })),
    table([t('col.partner'), t('col.held'), t('col.released'), t('col.discarded'), ...(decides ? [t('col.actions')] : [])], rows, { class: 'held' }),
  );
}

/** Draws the latest jobs into the slot; while one runs, draws them again in a few seconds. */
async function drawJobs(slot, nameOf, out) {
  clearTimeout(syncTimer);
  const redraw = () => drawJobs(slot, nameOf, out).catch((error) => slot.replaceChildren(errorView(error)));
  const jobs = await get('/api/v1/sync/jobs?limit=20');
  // The list has counts only; what the deletion guard held, per partner, comes with each job itself.
  // Initial synchronisations hold nothing: only the changes of the lending system are guarded.
  const details = new Map(
    await Promise.all(jobs.filter((job) => job.kind === 'cycle').map(async (job) => [job.jobId, await get(`/api/v1/sync/jobs/${enc(job.jobId)}`).catch(() => null)])),
  );
  if (!slot.isConnected) return;
  const groupsOf = (job) => details.get(job.jobId)?.heldMessages ?? [];
  const running = jobs.some((job) => job.status === 'running');
  const held = jobs.filter((job) => job.status === 'held');
  const rows = jobs.map((job) => {
    const kind = t(`sync.kind.${job.kind}`);
    return h(
      'tr',
      { 'data-job': job.jobId, 'data-kind': job.kind, 'data-partner': job.partner ?? '', 'data-status': job.status },
      // Who asked, when the job says (a change cycle asked for through POST …/cycle records no one).
      h('th', { scope: 'row' }, kind, job.requestedBy === null ? null : [h('br'), h('span', { class: 'muted' }, t('sync.by', { name: job.requestedBy }))]),
      h('td', {}, nameOf(job.partner)),
      h('td', { class: 'job-status' }, jobStatusBadge(job.status), job.status === 'failed' && job.error ? [h('br'), t('sync.stopped', { reason: hasText(`sync.reason.${job.error}`) ? t(`sync.reason.${job.error}`) : job.error })] : null),
      h('td', {}, formatDate(job.createdAt)),
      h('td', {}, job.finishedAt === null ? '—' : formatDate(job.finishedAt)),
      h('td', { class: 'job-progress' }, jobProgress(job, t('sync.progress', { kind, partner: nameOf(job.partner) }))),
      h('td', { class: 'job-counts' }, jobCounts(job, groupsOf(job))),
    );
  });
  slot.replaceChildren();
  append(slot, [
    held.length === 0
      ? null
      : h(
          'section',
          { id: 'sync-held', 'aria-labelledby': 'sync-held-h' },
          h('h2', { id: 'sync-held-h' }, t('sync.held.title')),
          h('p', {}, t('sync.held.intro')),
          isOfficer() ? (me.confirmed === true ? null : alertBox(t('code.OFFICER_NOT_CONFIRMED'), 'warn')) : h('p', { class: 'muted' }, t('sync.held.readOnly')),
          held.map((job) => heldSection(job, groupsOf(job), nameOf, out, redraw)),
        ),
    h('h2', {}, t('sync.jobs')),
    running ? h('p', { class: 'muted', id: 'sync-refreshing' }, t('sync.refreshing')) : null,
    jobs.length === 0
      ? h('p', {}, t('sync.none'))
      : table([t('col.kind'), t('col.partner'), t('col.status'), t('col.started'), t('col.finished'), t('col.progress'), t('col.counts')], rows, { id: 'sync-jobs-table' }),
  ]);
  if (!running) return;
  const tick = () => {
    if (!slot.isConnected) return;
    // Not while the officer answers a question: the page would change under the dialog.
    if (document.querySelector('dialog[open]') !== null) {
      syncTimer = setTimeout(tick, SYNC_REFRESH_MS);
      return;
    }
    drawJobs(slot, nameOf, out).catch((error) => {
      if (error instanceof ApiError && error.status === 401) {
        me = null;
        showSignedIn(false);
        signInView();
      } else if (slot.isConnected) slot.replaceChildren(errorView(error));
    });
  };
  syncTimer = setTimeout(tick, SYNC_REFRESH_MS);
}

/**
 * An operator starts an initial synchronisation per partner. Which partners' policies send on joining is
 * for officers and auditors to read; an operator is offered every partner whose connector sends, and the
 * server refuses one whose policy sends nothing by itself (said in Dutch).
 */
async function startSection(partners, nameOf, out, redraw) {
  let ids;
  try {
    const policies = await get('/api/v1/policies');
    const sends = (policy) => policy.document.purposes.some((purpose) => (purpose.sendOn ?? []).some((event) => event === 'joined' || event === 'consent-granted'));
    ids = policies.filter(sends).map((policy) => policy.partner).filter((id) => partners.some((p) => p.partner === id && p.enabled));
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 403)) throw error;
    ids = partners.filter((p) => p.enabled && p.capabilities.includes('send')).map((p) => p.partner);
  }
  const rows = ids.sort().map((id) => {
    const button = h('button', { type: 'button', id: `start-${id}`, 'aria-label': t('sync.startFor', { partner: nameOf(id) }) }, t('sync.start'));
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const started = await post(`/api/v1/sync/${enc(id)}/initial`);
        const message = t(started.repeated ? 'sync.repeated' : 'sync.started', { partner: nameOf(id) });
        out.replaceChildren(alertBox(message, 'ok'));
        say(message);
        await redraw();
      } catch (error) {
        out.replaceChildren(alertBox(t('sync.startRefused', { partner: nameOf(id), reason: refusalText(error) }) + (error instanceof ApiError ? ` (${error.code})` : '')));
      } finally {
        button.disabled = false;
      }
    });
    return h('tr', { 'data-start': id }, h('th', { scope: 'row' }, nameOf(id), h('br'), h('span', { class: 'muted' }, id)), h('td', {}, button));
  });
  return h(
    'section',
    { id: 'sync-start', 'aria-labelledby': 'sync-start-h' },
    h('h2', { id: 'sync-start-h' }, t('sync.start.title')),
    h('p', {}, t('sync.start.intro')),
    rows.length === 0 ? h('p', {}, t('sync.noPartners')) : table([t('col.partner'), t('col.actions')], rows, { id: 'sync-start-table' }),
  );
}

async function syncView() {
  clearTimeout(syncTimer);
  const partners = await get('/api/v1/partners');
  const nameOf = (id) => (id === null ? t('sync.allPartners') : partners.find((p) => p.partner === id)?.displayName ?? id);
  const out = h('div', { id: 'sync-result', 'aria-live': 'polite', tabindex: '-1' });
  const slot = h('div', { id: 'sync-jobs' });
  const redraw = () => drawJobs(slot, nameOf, out).catch((error) => slot.replaceChildren(errorView(error)));
  render(h('h1', {}, t('sync.title')), h('p', {}, t('sync.intro')), isOperator() ? await startSection(partners, nameOf, out, redraw) : null, out, slot);
  await drawJobs(slot, nameOf, out);
}

void start();
