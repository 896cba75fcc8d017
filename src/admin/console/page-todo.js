// "Te beoordelen": what waits for this officer under four eyes — drafts of every partner and legal orders
// that someone else wrote — and, for information, what this officer wrote that waits for another.
import { enc, get } from './api.js';
import { drafts } from './data.js';
import { alertBox, h, render, table } from './dom.js';
import { formatDate, t } from './i18n.js';
import { session } from './session.js';

/** Everything open under four eyes, split into what waits for this officer and what waits for another. */
export async function openReviews() {
  const me = session.me;
  const [policies, connectors, orders] = await Promise.all([get('/api/v1/policies'), get('/api/v1/partners').catch(() => []), get('/api/v1/legal-disclosures')]);
  const names = new Map([...connectors.map((c) => [c.partner, c.displayName]), ...policies.map((p) => [p.partner, p.document.displayName])]);
  const ids = [...names.keys()].sort();
  const versions = await Promise.all(ids.map(async (id) => drafts(await get(`/api/v1/policies/${enc(id)}/versions`).catch(() => [])).map((v) => ({ ...v, name: names.get(id) ?? id }))));
  const open = versions.flat().sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const requested = orders.filter((o) => o.status === 'requested').sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
  const mine = (name) => me !== null && name === me.name;
  return {
    drafts: open.filter((v) => !mine(v.author)),
    orders: requested.filter((o) => !mine(o.requestedBy)),
    ownDrafts: open.filter((v) => mine(v.author)),
    ownOrders: requested.filter((o) => mine(o.requestedBy)),
  };
}

/** How many things wait for this officer (the menu shows it). */
export async function waitingCount() {
  const open = await openReviews();
  return open.drafts.length + open.orders.length;
}

export async function todoView() {
  const open = await openReviews();
  const draftRows = (list) =>
    list.map((v) =>
      h(
        'tr',
        { 'data-draft': `${v.partner}/${v.version}` },
        h('th', { scope: 'row' }, v.name),
        h('td', {}, t('todo.version', { n: v.version })),
        h('td', {}, v.author),
        h('td', {}, formatDate(v.createdAt)),
        h('td', {}, v.note ?? ''),
        h('td', {}, h('a', { href: `#review/${v.partner}` }, t('todo.reviewDraft', { partner: v.name, n: v.version }))),
      ),
    );
  const orderRows = (list) =>
    list.map((o) =>
      h(
        'tr',
        { 'data-order': o.orderReference },
        h('th', { scope: 'row' }, o.orderReference),
        h('td', {}, o.authority),
        h('td', {}, o.memberId),
        h('td', {}, o.requestedBy),
        h('td', {}, formatDate(o.requestedAt)),
        h('td', {}, h('a', { href: '#legal' }, t('todo.reviewOrder', { reference: o.orderReference }))),
      ),
    );
  const draftHeaders = [t('col.partner'), t('col.version'), t('col.author'), t('col.created'), t('col.note'), t('col.actions')];
  const orderHeaders = [t('legal.reference'), t('legal.col.authority'), t('disclosures.member'), t('todo.recordedBy'), t('col.created'), t('col.actions')];
  const nothing = open.drafts.length === 0 && open.orders.length === 0;
  render(
    h('h1', {}, t('todo.title')),
    h('p', {}, t('todo.intro')),
    session.me?.confirmed === true ? null : alertBox(t('accounts.notConfirmedYou'), 'warn'),
    nothing ? h('p', { id: 'todo-none' }, t('todo.none')) : null,
    open.drafts.length === 0
      ? null
      : h('section', { 'aria-labelledby': 'todo-drafts-h' }, h('h2', { id: 'todo-drafts-h' }, t('todo.drafts')), table(draftHeaders, draftRows(open.drafts), { id: 'todo-drafts' })),
    open.orders.length === 0
      ? null
      : h('section', { 'aria-labelledby': 'todo-orders-h' }, h('h2', { id: 'todo-orders-h' }, t('todo.orders')), table(orderHeaders, orderRows(open.orders), { id: 'todo-orders' })),
    open.ownDrafts.length + open.ownOrders.length === 0
      ? null
      : h(
          'section',
          { 'aria-labelledby': 'todo-own-h', id: 'todo-own' },
          h('h2', { id: 'todo-own-h' }, t('todo.own')),
          h('p', { class: 'muted' }, t('todo.ownIntro')),
          open.ownDrafts.length === 0 ? null : table(draftHeaders, draftRows(open.ownDrafts), { id: 'todo-own-drafts' }),
          open.ownOrders.length === 0 ? null : table(orderHeaders, orderRows(open.ownOrders), { id: 'todo-own-orders' }),
        ),
  );
}
