// Interlibrary loan (ISO 18626): what the library borrows from other libraries for its members ("Wij lenen")
// and what it lends to other libraries for theirs ("Wij lenen uit"). Of our member only the member number
// (a link to their access report, for the officer); of the other library's patron at most their patron
// number there, never a name: the pickup-slip name stays with the operator's work, not on this page.
import { enc, get } from './api.js';
import { h, render, table } from './dom.js';
import { formatDate, hasText, t } from './i18n.js';
import { isOfficer } from './session.js';

/** States after which nothing more happens to the loan. */
const CLOSED = new Set(['LoanCompleted', 'CopyCompleted', 'CompletedWithoutReturn', 'Unfilled', 'Cancelled', 'Refused', 'NotDelivered']);
const TROUBLE = new Set(['Unfilled', 'Cancelled', 'Refused', 'NotDelivered', 'Overdue', 'Recalled']);

/** The state in words, as a badge: never ISO 18626's own name. */
function stateBadge(state) {
  const key = `ill.state.${state}`;
  const kind = TROUBLE.has(state) ? 'bad' : CLOSED.has(state) ? '' : state === 'Loaned' || state === 'Received' ? 'ok' : 'warn';
  return h('span', { class: `badge ${kind}`, 'data-state': state }, hasText(key) ? t(key) : t('ill.state.other'));
}

function itemText(item) {
  const title = item?.title ?? '';
  return item?.author ? [h('cite', {}, title), h('div', { class: 'muted' }, item.author)] : h('cite', {}, title);
}

/** Our member: the number only, a link to their access report for the officer (who alone may read it). */
function memberCell(memberId) {
  if (!memberId) return '';
  return isOfficer() ? h('a', { href: `#report/${enc(memberId)}` }, t('ill.reportOf', { member: memberId })) : memberId;
}

export async function illView() {
  const [requests, supplies] = await Promise.all([get('/api/v1/partners/ibl/requests'), get('/api/v1/partners/ibl/supplies')]);

  const requestRows = requests.map((r) =>
    h(
      'tr',
      { 'data-ill': 'request', class: CLOSED.has(r.state) ? 'closed' : null },
      h('th', { scope: 'row' }, itemText(r.item)),
      h('td', {}, r.supplyingAgencyId ?? ''),
      h('td', {}, stateBadge(r.state)),
      h('td', {}, formatDate(r.createdAt)),
      h('td', {}, formatDate(r.updatedAt)),
      h('td', {}, memberCell(r.memberId)),
    ),
  );

  const supplyRows = supplies.map((s) =>
    h(
      'tr',
      { 'data-ill': 'supply', class: CLOSED.has(s.state) ? 'closed' : null },
      h('th', { scope: 'row' }, itemText(s.item)),
      h('td', {}, s.requestingAgencyId ?? ''),
      h('td', {}, stateBadge(s.state)),
      h('td', {}, formatDate(s.createdAt)),
      h('td', {}, formatDate(s.updatedAt)),
      h('td', {}, s.patronId ? s.patronId : h('span', { class: 'muted' }, t('ill.patronForgotten'))),
    ),
  );

  render(
    h('h1', {}, t('ill.title')),
    h('p', {}, t('ill.intro')),
    h('h2', { id: 'ill-borrow-h' }, t('ill.borrow')),
    h('p', {}, t('ill.borrowIntro')),
    requests.length === 0
      ? h('p', { id: 'ill-requests-none' }, t('ill.noRequests'))
      : table([t('ill.col.item'), t('ill.col.supplier'), t('col.status'), t('ill.col.requested'), t('ill.col.changed'), t('col.member')], requestRows, { id: 'ill-requests' }),
    h('h2', { id: 'ill-lend-h' }, t('ill.lend')),
    h('p', {}, t('ill.lendIntro')),
    supplies.length === 0
      ? h('p', { id: 'ill-supplies-none' }, t('ill.noSupplies'))
      : table([t('ill.col.item'), t('ill.col.requester'), t('col.status'), t('ill.col.received'), t('ill.col.changed'), t('ill.col.patron')], supplyRows, { id: 'ill-supplies' }),
  );
}
