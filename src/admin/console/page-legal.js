// Disclosures under a legal order (police, justice): recorded by one officer, approved by a second.
import { ApiError, enc, get, post } from './api.js';
import { alertBox, confirmAction, fill, h, labelled, render, select, table } from './dom.js';
import { errorBox } from './errors.js';
import { formatDate, t } from './i18n.js';
import { categoryLabel, fieldLabel, legalBasisLabel } from './labels.js';
import { changed, isOfficer, session, setLeaveGuard } from './session.js';

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

/** The export shown once, kept on this page until it has been printed (or the officer chose to leave it). */
let pending = null;

const unprinted = () => confirmAction(t('legal.leaveConfirm'), t('legal.leave'), t('legal.leaveTitle'));

/**
 * The export, once: a printout for the authority (the order, its legal basis and reason, who approved it,
 * the values), and apart from it, never printed, what the officer must do with it now.
 */
function legalExportView(exported) {
  const printButton = h('button', { type: 'button', id: 'legal-print' }, t('legal.print'));
  const keep = h('div', { class: 'alert warn noprint', role: 'status', id: 'legal-export-keep' }, t('legal.exportKeep'));
  printButton.addEventListener('click', () => {
    window.print();
    // Printed (or saved as PDF): leaving is fine from now on.
    if (pending !== null) pending.printed = true;
    setLeaveGuard(null);
    fill(keep, t('legal.exportPrinted'));
    keep.className = 'alert ok noprint';
  });
  const basis = legalBasisLabel(exported.legalBasis);
  const letter = { consent: 'a', contract: 'b', 'legal-obligation': 'c', 'vital-interest': 'd', 'public-task': 'e', 'legitimate-interest': 'f' }[exported.legalBasis];
  return h(
    'article',
    { id: 'legal-export', 'aria-labelledby': 'legal-export-h' },
    keep,
    h('p', { class: 'noprint actions' }, printButton),
    h('h2', { id: 'legal-export-h' }, t('legal.exportTitle')),
    h(
      'dl',
      { class: 'export-meta', id: 'legal-export-meta' },
      h('dt', {}, t('legal.col.authority')), h('dd', {}, exported.authority),
      h('dt', {}, t('legal.reference')), h('dd', {}, exported.orderReference),
      h('dt', {}, t('col.legalBasis')), h('dd', {}, letter ? t('legal.exportBasis', { basis, letter }) : basis),
      exported.reason ? [h('dt', {}, t('legal.exportReason')), h('dd', {}, exported.reason)] : null,
      h('dt', {}, t('disclosures.member')), h('dd', {}, exported.memberId),
      h('dt', {}, t('legal.exportAt')), h('dd', {}, formatDate(exported.generatedAt)),
      h('dt', {}, t('legal.exportBy')), h('dd', {}, exported.approvedBy),
    ),
    table([t('legal.col.field'), t('legal.col.value')], exportRows(exported.member).map(([label, value]) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, value))), { id: 'legal-export-table' }),
  );
}

/**
 * The legal orders, and a form to record one. Every action draws the page again from the gateway; what
 * it says (recorded, refused, the export) goes where the officer acted: under the form, or in the order's
 * own row — the export, shown once, above the list.
 */
export async function legalView(after = {}) {
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
  const formOut = h('div', { id: 'legal-form-result', 'aria-live': 'polite' });
  const submitButton = h('button', { type: 'submit', id: 'legal-submit' }, t('legal.submit'));
  const submit = async (event) => {
    event.preventDefault();
    if (submitButton.disabled) return;
    submitButton.disabled = true;
    member.removeAttribute('aria-invalid');
    const fields = boxes.filter((box) => box.checked).map((box) => ({ path: box.value }));
    try {
      const recorded = await post('/api/v1/legal-disclosures', { memberId: member.value.trim(), authority: authority.value.trim(), orderReference: reference.value.trim(), legalBasis: basis.value, reason: reason.value.trim(), fields });
      changed();
      await legalView({ recorded: recorded.id });
    } catch (error) {
      // Nothing was recorded: the form keeps what the officer typed, and says why next to the button.
      if (error instanceof ApiError && error.code === 'MEMBER_NOT_FOUND') {
        member.setAttribute('aria-invalid', 'true');
        fill(formOut, errorBox(error));
        member.focus();
      } else fill(formOut, errorBox(error));
      submitButton.disabled = false;
    }
  };
  const rows = orders.map((o) => {
    const comment = h('input', { type: 'text', id: `legal-reject-comment-${o.id}`, maxlength: 500, 'aria-label': t('review.comment') });
    const rowOut = h('div', { id: `legal-row-result-${o.id}`, class: 'row-result' });
    const decide = async (action, button) => {
      if (action === 'approve') {
        const go = await confirmAction(t('legal.confirmApprove', { reference: o.orderReference, authority: o.authority, member: o.memberId }), t('legal.approve'), t('legal.confirmTitle'));
        if (!go) return button.focus();
      }
      button.disabled = true;
      try {
        const decided = await post(`/api/v1/legal-disclosures/${enc(o.id)}/${action}`, action === 'reject' ? { comment: comment.value } : {});
        changed();
        if (decided.export !== undefined) {
          pending = { export: { ...decided.export, reason: o.reason }, printed: false };
          setLeaveGuard(unprinted);
        }
        await legalView({ decided: o.id });
      } catch (error) {
        // Drawn again (someone may have decided meanwhile), with the refusal in this order's row.
        await legalView({ refused: o.id, error });
      }
    };
    const own = session.me !== null && o.requestedBy === session.me.name;
    const approve = h('button', { type: 'button', id: `legal-approve-${o.id}` }, t('legal.approve'));
    approve.addEventListener('click', () => void decide('approve', approve));
    const reject = h('button', { type: 'button', class: 'secondary', id: `legal-reject-${o.id}` }, t('legal.reject'));
    reject.addEventListener('click', () => void decide('reject', reject));
    if (after.refused === o.id) fill(rowOut, errorBox(after.error));
    if (after.recorded === o.id) fill(rowOut, alertBox(t('legal.recorded'), 'ok'));
    if (after.decided === o.id && o.status === 'rejected') fill(rowOut, alertBox(t('legal.rejected'), 'ok'));
    let actions = null;
    if (o.status !== 'requested') actions = o.decisionComment ? t('legal.decisionComment', { comment: o.decisionComment }) : '';
    else if (!isOfficer()) actions = h('span', { class: 'muted' }, t('legal.status.requested'));
    // Four eyes: the officer who recorded the order is not offered its approval.
    else if (own) actions = [h('p', { class: 'muted own-order' }, t('legal.ownOrder')), h('div', { class: 'actions' }, comment, reject)];
    else actions = h('div', { class: 'actions' }, approve, comment, reject);
    return h(
      'tr',
      { 'data-order': o.orderReference, 'data-status': o.status },
      h('td', {}, formatDate(o.requestedAt)),
      h('td', {}, o.memberId),
      h(
        'td',
        {},
        h('strong', {}, o.authority),
        h('br'),
        t('legal.orderLine', { reference: o.orderReference, basis: legalBasisLabel(o.legalBasis) }),
        h('br'),
        h('span', { class: 'order-reason' }, o.reason),
        h('br'),
        h('span', { class: 'muted' }, t('legal.recordedBy', { name: o.requestedBy })),
      ),
      h('td', {}, o.fields.map((f) => fieldLabel(f.path)).join(', ')),
      h('td', {}, h('span', { class: `badge ${o.status === 'approved' ? 'ok' : o.status === 'requested' ? 'warn' : ''}` }, t(`legal.status.${o.status}`)), o.decidedBy ? [h('br'), h('span', { class: 'muted' }, o.decidedBy)] : null),
      h('td', {}, actions, rowOut),
    );
  });
  // The export stays on the page, through its redraws, until it has been printed and the officer goes elsewhere.
  // A printed export is not shown again when the officer comes back to the page.
  if (pending !== null && pending.printed && Object.keys(after).length === 0) pending = null;
  if (pending !== null) {
    fill(out, legalExportView(pending.export));
    if (!pending.printed)
      setLeaveGuard(async () => {
      const ok = await unprinted();
      if (ok) pending = null;
      return ok;
    });
  }
  render(
    h('h1', { class: 'noprint' }, t('legal.title')),
    h('p', { class: 'noprint' }, t('legal.intro')),
    out,
    h('h2', { class: 'noprint' }, t('legal.orders')),
    orders.length === 0 ? h('p', {}, t('legal.none')) : table([t('col.created'), t('disclosures.member'), t('legal.col.order'), t('col.fields'), t('col.status'), t('col.actions')], rows, { id: 'legal-table', class: 'noprint' }),
    isOfficer()
      ? [
          h('h2', { class: 'noprint' }, t('legal.new')),
          h(
            'form',
            { id: 'legal-form', class: 'noprint', onsubmit: (event) => void submit(event) },
            h('div', { class: 'row' }, labelled(t('disclosures.member'), member), labelled(t('legal.col.authority'), authority), labelled(t('legal.reference'), reference), labelled(t('col.legalBasis'), basis)),
            labelled(t('legal.reason'), reason),
            groups,
            submitButton,
            formOut,
          ),
        ]
      : null,
  );
}
