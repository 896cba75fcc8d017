// The ledger of disclosures, its integrity, and the access report for a member.
import { ApiError, enc, get, post } from './api.js';
import { alertBox, fill, h, labelled, render, select, table } from './dom.js';
import { errorBox } from './errors.js';
import { formatDate, t } from './i18n.js';
import { fieldLabel, legalBasisLabel, purposeLabel, transformLabel } from './labels.js';

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

/** "365 dagen", "1 dag"; nothing said when the policy names no term. */
function retentionText(days) {
  return typeof days === 'number' ? t('report.keepDays', { n: days }) : t('report.keepUnknown');
}

/** What left of a recipient's fields in the given entries, in the catalog's order the report gave, in words. */
function visibleDisclosed(recipient, entries) {
  const used = new Map();
  for (const field of entries.flatMap((e) => e.fields)) used.set(field.path, (used.get(field.path) ?? new Set()).add(field.transform ?? 'copy'));
  const order = Array.isArray(recipient.disclosed) ? recipient.disclosed.map((d) => d.path) : recipient.fields;
  const paths = [...used.keys()].sort((a, b) => (order.indexOf(a) === -1 ? 1e9 : order.indexOf(a)) - (order.indexOf(b) === -1 ? 1e9 : order.indexOf(b)));
  return disclosedText({ disclosed: paths.map((path) => ({ path, transforms: [...used.get(path)].sort() })) });
}

/** Why a recipient received it, in words: the purpose's description (or its name), the legal basis, and how long they keep it. */
function whyItems(context, partner) {
  if (partner === 'legal') return [h('li', {}, t('report.whyLegal'))];
  return (context?.purposes ?? []).map((p) =>
    h(
      'li',
      {},
      h('strong', {}, `${purposeLabel(p.purpose)}: `),
      p.description ? `${p.description} ` : '',
      p.legalBasis ? t('report.basis', { basis: legalBasisLabel(p.legalBasis) }) : '',
      ' ',
      t('report.keep', { term: retentionText(p.retentionDays) }),
    ),
  );
}

export async function reportView(memberId) {
  let report;
  try {
    report = await get(`/api/v1/members/${enc(memberId)}/disclosure-report`);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'MEMBER_NOT_FOUND') return unknownMemberView(memberId);
    throw error;
  }
  // 'legal' has no policy of its own: each order is a one-off (see #legal).
  const contextOf = (partner) => (report.context ?? []).find((c) => c.partner === partner);
  const policies = await get('/api/v1/policies').catch(() => []);
  const byPolicy = partnerNamer(policies);
  const nameOf = (partner) => (partner === 'legal' ? t('legal.partnerName') : contextOf(partner)?.recipient ?? byPolicy(partner));
  const heldBack = new Map((report.heldBack ?? []).map((entry) => [entry.seq, entry]));
  // The member's copy: what the member may read now (art. 23 AVG: a legal order may hold an entry back for a while).
  const shown = report.disclosures.filter((d) => !heldBack.has(d.seq));
  const recipients = report.recipients
    .map((r) => ({ r, entries: shown.filter((d) => d.partner === r.partner) }))
    .filter(({ entries }) => entries.length > 0);
  const perRecipient = recipients.map(({ r, entries }) =>
    h(
      'tr',
      { 'data-partner': r.partner },
      h('th', { scope: 'row' }, nameOf(r.partner)),
      h('td', {}, visibleDisclosed(r, entries)),
      h('td', {}, h('ul', { class: 'plain' }, whyItems(contextOf(r.partner), r.partner))),
      h('td', {}, entries.length === 1 ? formatDate(entries[0].at) : `${formatDate(entries[0].at)} – ${formatDate(entries[entries.length - 1].at)}`, h('br'), t('report.times', { n: entries.length })),
    ),
  );
  const details = shown.map((d) => h('tr', {}, h('td', {}, formatDate(d.at)), h('td', {}, nameOf(d.partner)), h('td', {}, purposeLabel(d.purpose)), h('td', {}, fieldsText(d.fields, true))));
  const controller = report.controller ?? { name: '', privacyContact: '' };
  const rights = (report.rights ?? []).map((right) => h('li', { 'data-right': right }, t(`right.${right}`)));
  const dossierRows = report.disclosures.map((d) => {
    const held = heldBack.get(d.seq);
    return h(
      'tr',
      { 'data-seq': String(d.seq), class: held ? 'held-back' : null },
      h('td', {}, String(d.seq)),
      h('td', {}, formatDate(d.at)),
      h('td', {}, nameOf(d.partner)),
      h('td', {}, purposeLabel(d.purpose)),
      h('td', {}, fieldsText(d.fields, true)),
      h('td', {}, d.agreementReference),
      h('td', {}, d.partner === 'legal' ? '' : t('report.policyVersion', { n: d.policyVersion })),
      h('td', {}, held ? h('span', { class: 'badge warn' }, t('report.heldBack', { date: formatDate(held.until) })) : t('report.inCopy')),
    );
  });
  render(
    h(
      'p',
      { class: 'noprint actions' },
      h('a', { href: '#disclosures' }, `← ${t('back')}`),
      h('button', { type: 'button', id: 'print', onclick: () => { document.body.classList.remove('print-dossier'); window.print(); } }, t('report.print')),
      h('button', { type: 'button', id: 'print-dossier', class: 'secondary', onclick: () => { document.body.classList.add('print-dossier'); window.print(); document.body.classList.remove('print-dossier'); } }, t('report.printDossier')),
    ),
    h(
      'article',
      { id: 'report', 'aria-labelledby': 'report-h' },
      h('h1', { id: 'report-h' }, t('report.title')),
      h('p', { id: 'report-controller' }, controller.name ? t('report.from', { library: controller.name }) : null, controller.name ? h('br') : null, t('report.member', { member: report.memberId }), h('br'), t('report.generated', { date: formatDate(report.generatedAt) })),
      h('p', {}, t('report.intro')),
      shown.length === 0
        ? h('p', {}, t('report.none'))
        : [
            h('h2', {}, t('report.summary')),
            table([t('col.recipient'), t('col.shared'), t('col.why'), t('col.when')], perRecipient, { id: 'report-summary' }),
            h('h2', {}, t('report.details')),
            table([t('col.at'), t('col.recipient'), t('col.purpose'), t('col.fields')], details, { id: 'report-details' }),
          ],
      h('section', { id: 'report-rights', 'aria-labelledby': 'rights-h' }, h('h2', { id: 'rights-h' }, t('report.rights')), h('ul', {}, rights)),
      h('section', { id: 'report-contact', 'aria-labelledby': 'contact-h' }, h('h2', { id: 'contact-h' }, t('report.contact')), h('p', {}, controller.privacyContact ? t('report.contactText', { contact: controller.privacyContact }) : t('report.contactLibrary'))),
    ),
    h(
      'section',
      { id: 'report-dossier', class: 'dossier', 'aria-labelledby': 'dossier-h' },
      h('h2', { id: 'dossier-h' }, t('report.dossier')),
      h('p', {}, t('report.dossierIntro')),
      heldBack.size > 0 ? alertBox(t('report.heldBackIntro', { n: heldBack.size }), 'warn') : null,
      report.disclosures.length === 0 ? null : table([t('col.seq'), t('col.at'), t('col.recipient'), t('col.purpose'), t('col.fields'), t('col.agreement'), t('col.policy'), t('col.memberCopy')], dossierRows, { id: 'report-dossier-table' }),
      report.checkpoint
        ? h(
            'div',
            { id: 'report-checkpoint' },
            h('h3', {}, t('report.checkpoint')),
            h('p', {}, t('report.checkpointIntro', { n: report.checkpoint.treeSize })),
            h('pre', { class: 'note' }, report.checkpoint.note),
            h('p', { class: 'muted' }, t('report.verifierKey', { key: report.checkpoint.verifierKey })),
          )
        : null,
    ),
    h('p', { class: 'noprint' }, h('a', { href: `#withdrawals/${enc(memberId)}`, id: 'to-withdrawals' }, t('report.toWithdrawals'))),
  );
}
