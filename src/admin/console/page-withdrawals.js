// Withdrawn consents: a member withdrew a consent (recorded first in the lending system, the record of
// consent); the officer has every partner told that must hear of it, once, after a confirmation. Per
// consent the page shows who must be told and what the ledger says was passed on already, and when.
import { enc, get, post } from './api.js';
import { alertBox, confirmAction, fill, h, labelled, render, table } from './dom.js';
import { codeText, errorBox } from './errors.js';
import { formatDate, t } from './i18n.js';
import { CONSENT_NAMES, consentLabel, purposeLabel } from './labels.js';
import { changed, isOfficer } from './session.js';

/**
 * Where a withdrawn consent is told, read from the active policies as the gateway reads them: a purpose
 * sent on 'consent-withdrawn' at a partner with a purpose that needs the consent, or a purpose whose every
 * field is shared only when the consent is withdrawn. A partner that needs the consent without such a
 * purpose must be told by other means.
 */
function noticesFor(policies, consent) {
  const condition = `consents.${consent}.granted`;
  const notices = [];
  const uninformed = [];
  for (const { partner, document } of policies) {
    const purposes = document?.purposes ?? [];
    const needsIt = purposes.filter((p) => p.requiresConsent === consent);
    const own = purposes.filter(
      (p) => (needsIt.length > 0 && (p.sendOn ?? []).includes('consent-withdrawn')) || ((p.fields ?? []).length > 0 && p.fields.every((f) => f.when?.[condition] === false)),
    );
    notices.push(...own.map((p) => ({ partner, purpose: p.id })));
    if (own.length === 0) uninformed.push(...needsIt.map((p) => ({ partner, purpose: p.id })));
  }
  return { notices, uninformed };
}

/** The ledger's entries for a member (newest first, as many as the gateway gives in a few pages). */
async function ledgerOf(memberId) {
  const items = [];
  for (let offset = 0; offset < 1000; offset += 200) {
    const page = await get(`/api/v1/disclosures?memberId=${enc(memberId)}&limit=200&offset=${offset}`);
    items.push(...page.items);
    if (items.length >= page.total || page.items.length === 0) break;
  }
  return items;
}

/** When a notice reached the ledger first (it is recorded at its first send), or undefined. */
function firstPassedOn(ledger, notice) {
  const at = ledger.filter((e) => e.partner === notice.partner && e.purpose === notice.purpose).map((e) => e.recordedAt).sort();
  return at[0];
}

function askView() {
  const member = h('input', { type: 'text', id: 'withdrawals-member', maxlength: 64, required: true });
  render(
    h('h1', {}, t('withdrawals.title')),
    h('p', {}, t('withdrawals.intro')),
    h(
      'form',
      { id: 'withdrawals-ask', onsubmit: (e) => { e.preventDefault(); location.hash = `#withdrawals/${enc(member.value.trim())}`; } },
      h('div', { class: 'row' }, labelled(t('disclosures.member'), member), h('div', { class: 'field' }, h('button', { type: 'submit' }, t('withdrawals.open')))),
    ),
  );
}

export async function withdrawalsView(memberId, after) {
  if (memberId === undefined || memberId === '') return askView();
  const [policies, ledger, recorded] = await Promise.all([get('/api/v1/policies'), ledgerOf(memberId), get(`/api/v1/members/${enc(memberId)}/consents`)]);
  const nameOf = (partner) => policies.find((p) => p.partner === partner)?.document.displayName ?? partner;
  const rows = CONSENT_NAMES.map((consent) => {
    const { notices, uninformed } = noticesFor(policies, consent);
    const passed = notices.map((n) => ({ ...n, at: firstPassedOn(ledger, n) }));
    // What the lending system (the record of consent) holds now: only a withdrawal recorded there can be passed on.
    const state = recorded.consents?.[consent] ?? null;
    const withdrawn = state !== null && state.granted === false;
    const stateText = state === null ? t('withdrawals.state.none') : state.granted === false ? t('withdrawals.state.withdrawn', { date: state.on ? formatDate(state.on) : '—' }) : t('withdrawals.state.given');
    const button = h('button', { type: 'button', id: `withdraw-${consent}`, class: 'secondary', disabled: !isOfficer() || !withdrawn, 'aria-label': t('withdrawals.sendOf', { consent: consentLabel(consent) }) }, t('withdrawals.send'));
    button.addEventListener('click', () => void send(consent, button));
    return h(
      'tr',
      { 'data-consent': consent },
      h('th', { scope: 'row' }, consentLabel(consent)),
      h('td', { class: 'recorded' }, stateText),
      h(
        'td',
        {},
        notices.length === 0 && uninformed.length === 0 ? t('withdrawals.nobody') : null,
        notices.length > 0 ? h('ul', { class: 'plain' }, passed.map((n) => h('li', {}, `${nameOf(n.partner)} — ${purposeLabel(n.purpose)}`))) : null,
        uninformed.length > 0 ? h('p', { class: 'muted' }, t('withdrawals.byHand', { partners: [...new Set(uninformed.map((u) => nameOf(u.partner)))].join(', ') })) : null,
      ),
      h(
        'td',
        { class: 'passed-on' },
        passed.some((n) => n.at) ? h('ul', { class: 'plain' }, passed.filter((n) => n.at).map((n) => h('li', {}, t('withdrawals.passedOnTo', { partner: nameOf(n.partner), date: formatDate(n.at) })))) : t('withdrawals.notYet'),
      ),
      h('td', {}, button),
    );
  });

  const out = h('div', { id: 'withdrawal-result', 'aria-live': 'polite' });

  async function send(consent, button) {
    const question = t('withdrawals.confirm', { consent: consentLabel(consent), member: memberId });
    if (!(await confirmAction(question, t('withdrawals.send'), t('withdrawals.confirmTitle')))) return;
    button.disabled = true;
    try {
      const report = await post(`/api/v1/members/${enc(memberId)}/withdrawals`, { consent });
      changed();
      await withdrawalsView(memberId, { consent, report });
    } catch (error) {
      fill(out, errorBox(error));
      button.disabled = false;
    }
  }

  let result = null;
  if (after !== undefined) {
    const { consent, report } = after;
    const told = report.notices.map((n) => {
      let state;
      if (n.deliveryId !== undefined && n.repeated) {
        const at = firstPassedOn(ledger, n);
        state = at ? t('withdrawals.already', { date: formatDate(at) }) : t('withdrawals.alreadyUndated');
      } else if (n.deliveryId !== undefined) state = t('withdrawal.queued');
      else if (n.refused !== undefined) state = t('withdrawal.refused', { reason: codeText(n.refused) });
      else state = n.withNextFile ? t('withdrawal.nextFile') : t('withdrawal.noConnector');
      return h('li', {}, `${nameOf(n.partner)} — ${purposeLabel(n.purpose)}: ${state}`);
    });
    const uninformed = report.uninformed.map((u) => h('li', {}, `${nameOf(u.partner)} — ${purposeLabel(u.purpose)}`));
    result = [
      h('h2', {}, t('withdrawals.resultTitle', { consent: consentLabel(consent) })),
      report.withdrawnOn ? h('p', {}, t('withdrawals.withdrawnOn', { date: formatDate(report.withdrawnOn) })) : null,
      told.length === 0 ? h('p', {}, t('withdrawal.nobody')) : [h('p', {}, t('withdrawal.told')), h('ul', { id: 'withdrawal-told' }, told)],
      uninformed.length === 0 ? null : alertBox([t('withdrawal.uninformed'), h('ul', { id: 'withdrawal-uninformed' }, uninformed)], 'warn'),
    ];
  }

  render(
    h('p', { class: 'actions' }, h('a', { href: '#withdrawals' }, `← ${t('withdrawals.other')}`), h('a', { href: `#report/${enc(memberId)}` }, t('withdrawals.toReport'))),
    h('h1', {}, t('withdrawals.memberTitle', { member: memberId })),
    h('p', {}, t('withdrawals.memberIntro')),
    h('div', { id: 'withdrawal-after' }, result),
    out,
    table([t('withdrawal.consent'), t('withdrawals.col.recorded'), t('withdrawals.col.who'), t('withdrawals.col.passed'), t('col.actions')], rows, { id: 'withdrawals-table' }),
  );
}

