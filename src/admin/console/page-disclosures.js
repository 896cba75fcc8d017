// The ledger of disclosures, its integrity, and the access report for a member.
import { ApiError, enc, get, post } from './api.js';
import { alertBox, append, fill, h, labelled, render, select, table } from './dom.js';
import { codeText, errorBox } from './errors.js';
import { formatDate, t } from './i18n.js';
import { CONSENT_NAMES, consentLabel, fieldLabel, purposeLabel, transformLabel } from './labels.js';

/** A partner's name from the active policies; 'legal' (no policy of its own: each order is a one-off, see #legal) in words. */
const partnerNamer = (policies) => (partner) => policies.find((p) => p.partner === partner)?.document.displayName ?? (partner === 'legal' ? t('legal.partnerName') : partner);

function fieldsText(fields, plain = false) {
  const name = (path) => (plain ? fieldLabel(path) : path);
  return fields.map((f) => (f.transform && f.transform !== 'copy' ? `${name(f.path)} (${transformLabel(f.transform)})` : name(f.path))).join(', ');
}

export async function disclosuresView() {
  const policies = await get('/api/v1/policies');
  const nameOf = partnerNamer(policies);
  const memberId = h('input', { type: 'text', id: 'dis-member', maxlength: 64 });
  const partner = select([['', t('disclosures.any')], ...policies.map((p) => [p.partner, p.document.displayName]), ['legal', t('legal.partnerName')]], '', { id: 'dis-partner' });
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
          h('td', {}, nameOf(e.partner)),
          h('td', {}, purposeLabel(e.purpose)),
          h('td', {}, `v${e.policyVersion}`),
          h('td', {}, e.agreementReference),
          h('td', {}, fieldsText(e.fields, true)),
        ),
      );
      fill(results, 
        h('p', {}, t('disclosures.total', { total: page.total, shown: shown.length })),
        shown.length === 0 ? h('p', {}, t('disclosures.none')) : table([t('col.seq'), t('col.at'), t('col.member'), t('col.partner'), t('col.purpose'), t('col.policy'), t('col.agreement'), t('col.fields')], rows, { id: 'dis-table' }),
        shown.length < page.total ? h('button', { type: 'button', class: 'secondary', onclick: () => void search(true) }, t('disclosures.more')) : null,
      );
    } catch (error) {
      fill(results, errorBox(error));
    }
  };

  const verifyOut = h('div', { id: 'verify-result', 'aria-live': 'polite' });
  const verify = async () => {
    try {
      const verdict = await get('/api/v1/disclosures/verify');
      fill(verifyOut, 
        verdict.ok
          ? alertBox(t('verify.ok', { n: verdict.checked }), 'ok')
          : alertBox(t('verify.broken', { seq: verdict.firstBroken.seq, n: verdict.checked })),
      );
    } catch (error) {
      fill(verifyOut, errorBox(error));
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

/** A number the lending system does not know is not a member to whom nothing happened: said plainly, with a way to try again. */
function unknownMemberView(memberId) {
  const again = h('input', { type: 'text', id: 'report-member', maxlength: 64, required: true, value: memberId });
  render(
    h('p', { class: 'noprint actions' }, h('a', { href: '#disclosures' }, `← ${t('back')}`)),
    h('h1', {}, t('report.title')),
    h('div', { class: 'alert', role: 'alert', id: 'report-unknown', 'data-code': 'MEMBER_NOT_FOUND' }, t('report.unknown', { member: memberId })),
    h(
      'form',
      { id: 'report-form', class: 'noprint', onsubmit: (e) => { e.preventDefault(); location.hash = `#report/${enc(again.value.trim())}`; } },
      h('div', { class: 'row' }, labelled(t('disclosures.member'), again), h('div', { class: 'field' }, h('button', { type: 'submit' }, t('report.open')))),
    ),
  );
}

/** What left of each field, in words: "voornamen (initialen)"; several ways when it varied. */
function disclosedText(recipient) {
  if (!Array.isArray(recipient.disclosed)) return recipient.fields.map(fieldLabel).join(', ');
  return recipient.disclosed
    .map((d) => {
      const how = d.transforms.filter((x) => x !== 'copy');
      return how.length === 0 ? fieldLabel(d.path) : `${fieldLabel(d.path)} (${(d.transforms.includes('copy') ? d.transforms : how).map(transformLabel).join(t('or'))})`;
    })
    .join(', ');
}

export async function reportView(memberId) {
  let report;
  try {
    report = await get(`/api/v1/members/${enc(memberId)}/disclosure-report`);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'MEMBER_NOT_FOUND') return unknownMemberView(memberId);
    throw error;
  }
  const policies = await get('/api/v1/policies').catch(() => []);
  // 'legal' has no policy of its own: each order is a one-off (see #legal).
  const nameOf = partnerNamer(policies);
  const summary = report.recipients.map((r) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, nameOf(r.partner)),
      h('td', {}, String(r.disclosures)),
      h('td', {}, `${formatDate(r.firstAt)} – ${formatDate(r.lastAt)}`),
      h('td', {}, r.purposes.map(purposeLabel).join(', ')),
      h('td', {}, disclosedText(r)),
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
    fill(out, h('p', {}, t('loading')));
    try {
      const report = await post(`/api/v1/members/${enc(memberId)}/withdrawals`, { consent: consent.value });
      const told = report.notices.map((n) =>
        h('li', {}, `${nameOf(n.partner)} — ${purposeLabel(n.purpose)}: `, n.deliveryId !== undefined ? t('withdrawal.queued') : n.refused !== undefined ? t('withdrawal.refused', { reason: codeText(n.refused) }) : t('withdrawal.noConnector')),
      );
      const uninformed = report.uninformed.map((u) => h('li', {}, `${nameOf(u.partner)} — ${purposeLabel(u.purpose)}`));
      out.replaceChildren();
      append(out, [
        told.length === 0 ? h('p', {}, t('withdrawal.nobody')) : [h('p', {}, t('withdrawal.told')), h('ul', { id: 'withdrawal-told' }, told)],
        uninformed.length === 0 ? [] : alertBox([t('withdrawal.uninformed'), h('ul', { id: 'withdrawal-uninformed' }, uninformed)], 'warn'),
      ]);
    } catch (error) {
      fill(out, errorBox(error));
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
