// The bank: SEPA direct debit collections (what left, how many were left out and why, in counts only), and
// the debits the bank returned, with the reason in Dutch. A refund the member asked their bank for (MD06)
// is a question for the officer: did the member withdraw the consent for direct debit?
import { ApiError, enc, get, post } from './api.js';
import { alertBox, fill, h, labelled, render, table } from './dom.js';
import { codeText, errorBox } from './errors.js';
import { formatDate, language, t } from './i18n.js';
import { isOfficer, isOperator } from './session.js';

/** "€ 12,50" (nl-NL), from cents. */
export function euros(cents) {
  return new Intl.NumberFormat(language() === 'en' ? 'en-GB' : 'nl-NL', { style: 'currency', currency: 'EUR' }).format((Number(cents) || 0) / 100);
}

/** Why members were left out of a collection, in words: counts only, never who. */
function skippedText(skipped) {
  const parts = [];
  if (skipped?.noConsent) parts.push(t('bank.skipped.noConsent', { n: skipped.noConsent }));
  if (skipped?.noMandate) parts.push(t('bank.skipped.noMandate', { n: skipped.noMandate }));
  if (skipped?.nothingDue) parts.push(t('bank.skipped.nothingDue', { n: skipped.nothingDue }));
  return parts.length === 0 ? t('bank.skipped.none') : parts.join('; ');
}

function statusText(collection) {
  if (collection.status === 'uploaded') return h('span', { class: 'badge ok' }, t('bank.status.uploaded'));
  if (collection.status === 'upload-failed') return [h('span', { class: 'badge bad' }, t('bank.status.failed')), collection.error ? h('div', { class: 'muted' }, codeText(collection.error)) : null];
  return h('span', { class: 'badge warn' }, t('bank.status.prepared'));
}

/**
 * A refused collection date in words. The gateway says why (not a TARGET2 day, too early, too little
 * pre-notification) and names the day that would do; the console says it in Dutch, never the server's sentence.
 */
function dateRefusal(error) {
  const violation = error instanceof ApiError && error.code === 'VALIDATION_FAILED' ? (error.details?.violations ?? []).find((v) => v.path === 'collectionDate') : undefined;
  if (violation === undefined) return errorBox(error);
  const message = String(violation.message ?? '');
  const day = /(\d{4}-\d{2}-\d{2})\s*$/.exec(message)?.[1];
  const key = /TARGET2 day/.test(message) ? 'bank.date.notTarget' : /too early/.test(message) ? 'bank.date.tooEarly' : /pre-notification/.test(message) ? 'bank.date.preNotification' : 'bank.date.invalid';
  const text = `${t('bank.date.refused')} ${t(key)}${day ? ` ${t('bank.date.earliest', { date: formatDate(day) })}` : ''}`;
  return h('div', { class: 'alert', role: 'alert', 'data-code': 'VALIDATION_FAILED' }, text);
}

export async function bankView() {
  const [collections, returns] = await Promise.all([get('/api/v1/partners/bank/collections'), get('/api/v1/partners/bank/returns')]);
  const dateOf = new Map(collections.map((c) => [c.collectionId, c.collectionDate]));
  const out = h('div', { id: 'bank-result', 'aria-live': 'polite' });

  const rows = collections.map((c) =>
    h(
      'tr',
      { 'data-collection': c.collectionDate },
      h('th', { scope: 'row' }, formatDate(c.collectionDate)),
      h('td', {}, statusText(c)),
      h('td', {}, t('bank.debits', { n: c.transactions })),
      h('td', {}, euros(c.totalCents)),
      h('td', {}, skippedText(c.skipped)),
      h('td', {}, t('bank.requested', { name: c.requestedBy, date: formatDate(c.createdAt) })),
    ),
  );

  const md06 = returns.filter((r) => r.askOfficer);
  const returnRows = returns.map((r) =>
    h(
      'tr',
      { class: r.askOfficer ? 'ask-officer' : null, 'data-reason': r.reasonCode },
      h('td', {}, formatDate(dateOf.get(r.collectionId) ?? '')),
      h('td', {}, r.memberId),
      h('td', {}, euros(r.amountCents)),
      h(
        'td',
        {},
        r.reason,
        r.askOfficer ? h('div', {}, h('strong', {}, t('bank.askOfficer'))) : null,
      ),
      h(
        'td',
        {},
        isOfficer()
          ? [h('a', { href: `#report/${enc(r.memberId)}` }, t('bank.reportOf', { member: r.memberId })), h('br'), h('a', { href: `#withdrawals/${enc(r.memberId)}` }, t('bank.withdrawalsOf', { member: r.memberId }))]
          : null,
      ),
    ),
  );

  let collectForm = null;
  if (isOperator()) {
    const date = h('input', { type: 'date', id: 'bank-date', required: true });
    collectForm = h(
      'section',
      { 'aria-labelledby': 'bank-new-h' },
      h('h2', { id: 'bank-new-h' }, t('bank.new')),
      h('p', {}, t('bank.newIntro')),
      h(
        'form',
        {
          id: 'bank-form',
          onsubmit: async (event) => {
            event.preventDefault();
            try {
              const made = await post('/api/v1/partners/bank/collections', { collectionDate: date.value });
              await bankView();
              fill(document.getElementById('bank-result'), alertBox(made.repeated ? t('bank.repeated', { date: formatDate(made.collectionDate) }) : t('bank.made', { date: formatDate(made.collectionDate), n: made.transactions, total: euros(made.totalCents) }), 'ok'));
            } catch (error) {
              fill(out, dateRefusal(error));
            }
          },
        },
        h('div', { class: 'row' }, labelled(t('bank.date'), date), h('div', { class: 'field' }, h('button', { type: 'submit' }, t('bank.collect')))),
      ),
      h(
        'p',
        {},
        h(
          'button',
          {
            type: 'button',
            id: 'bank-pull',
            class: 'secondary',
            onclick: async () => {
              try {
                const pulled = await post('/api/v1/partners/bank/notifications/pull');
                const booked = pulled.reduce((sum, n) => sum + (n.booked ?? 0), 0);
                const returned = pulled.reduce((sum, n) => sum + (n.returned ?? 0), 0);
                await bankView();
                fill(document.getElementById('bank-result'), alertBox(t('bank.pulled', { booked, returned }), 'ok'));
              } catch (error) {
                fill(out, errorBox(error));
              }
            },
          },
          t('bank.pull'),
        ),
      ),
    );
  }

  render(
    h('h1', {}, t('bank.title')),
    h('p', {}, t('bank.intro')),
    out,
    collectForm,
    h('h2', {}, t('bank.collections')),
    collections.length === 0 ? h('p', {}, t('bank.noCollections')) : table([t('bank.col.date'), t('col.status'), t('bank.col.debits'), t('bank.col.total'), t('bank.col.skipped'), t('bank.col.requested')], rows, { id: 'bank-collections' }),
    h('h2', {}, t('bank.returns')),
    md06.length > 0 && isOfficer() ? alertBox(t('bank.md06', { n: md06.length }), 'warn') : null,
    returns.length === 0 ? h('p', {}, t('bank.noReturns')) : table([t('bank.col.date'), t('col.member'), t('bank.col.amount'), t('bank.col.reason'), isOfficer() ? t('col.actions') : ''], returnRows, { id: 'bank-returns' }),
  );
}
