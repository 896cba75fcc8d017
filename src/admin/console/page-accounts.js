// Accounts: who may do what, and confirming a new officer (four eyes).
import { enc, get, post } from './api.js';
import { alertBox, fill, h, render, table } from './dom.js';
import { errorBox } from './errors.js';
import { formatDate, t } from './i18n.js';
import { session } from './session.js';

export async function accountsView(notice) {
  const accounts = await get('/api/v1/accounts');
  const canConfirm = session.me.roles.includes('officer') && session.me.confirmed === true;
  const waiting = accounts.filter((a) => a.role === 'officer' && a.confirmedAt === null && a.disabledAt === null);
  const waitingRows = waiting.map((a) => {
    const own = a.id === session.me.id;
    const button = h('button', { type: 'button', id: `confirm-${a.id}`, disabled: own || !canConfirm }, t('accounts.confirm', { name: a.name }));
    const result = h('div', { id: `confirm-result-${a.id}` });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await post(`/api/v1/accounts/${enc(a.id)}/confirm`);
        // Drawn again from the gateway's answer, with the confirmation said once, where the officer acted.
        await accountsView(t('accounts.confirmed', { name: a.name }));
      } catch (error) {
        fill(result, errorBox(error));
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
    session.me.roles.includes('officer') && session.me.confirmed !== true ? alertBox(t('accounts.notConfirmedYou')) : null,
    notice ? alertBox(notice, 'ok') : null,
    h('section', { 'aria-labelledby': 'waiting-h' }, h('h2', { id: 'waiting-h' }, t('accounts.waiting')), waiting.length === 0 ? h('p', {}, t('accounts.noneWaiting')) : table([t('col.name'), t('col.createdBy'), t('col.created'), t('col.actions')], waitingRows, { id: 'waiting' })),
    h('section', { 'aria-labelledby': 'all-h' }, h('h2', { id: 'all-h' }, t('accounts.all')), table([t('col.name'), t('col.accountRole'), t('col.createdBy'), t('col.confirmed'), t('col.disabled')], allRows, { id: 'accounts' })),
  );
}
