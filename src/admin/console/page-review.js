// Review of a partner's drafts: the change in words, approval and rejection, the version history.
import { enc, get, post } from './api.js';
import { activeOf, drafts, sampleMembers } from './data.js';
import { alertBox, confirmAction, fill, h, labelled, render, select, statusBadge, table } from './dom.js';
import { errorBox, wireReasonText } from './errors.js';
import { formatDate, t } from './i18n.js';
import { diffSentences, purposeLabel } from './labels.js';
import { changed, isOfficer, session } from './session.js';

/**
 * For each purpose the draft changes: can the partner's connector still map what the draft releases for
 * a sample member, where it could map the active version's? Reported before anyone approves.
 */
async function mappingRegressions(partner, version, diff) {
  const sandboxMembers = await sampleMembers();
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

/** Who wrote or approved a version; the gateway itself ('system', 'system (policies/…)') loaded the shipped default. */
export function personName(name) {
  return name === 'system' || name.startsWith('system (') ? t('version.system') : name;
}

/** A version's note; the one the gateway wrote when it loaded the shipped default at its first start, in words. */
export function noteText(note) {
  if (note === null || note === undefined) return '';
  return /^default policy loaded from \S+ at first start$/.test(note) ? t('version.firstStart') : note;
}

/** How a version was decided, in words: approved or rejected, by whom, when, and the reason of a rejection. */
function decisionCell(v) {
  if (v.rejectedBy) {
    return [
      t('review.rejectedBy', { name: personName(v.rejectedBy), date: formatDate(v.rejectedAt) }),
      v.reviewComment ? [h('br'), h('span', { class: 'review-comment' }, t('review.reason', { reason: v.reviewComment }))] : null,
    ];
  }
  if (v.approver) return t('review.approvedBy', { name: personName(v.approver), date: formatDate(v.approvedAt) });
  return '';
}

/**
 * A partner's drafts to review and its version history, drawn from the gateway. After an approval or a
 * rejection the page draws itself again (the version table shows the new status; a decided version is
 * no longer offered) and says what happened once, at the top, where the draft's section was.
 */
export async function reviewView(partner, after) {
  const [active, versions] = await Promise.all([activeOf(partner), get(`/api/v1/policies/${enc(partner)}/versions`)]);
  const me = session.me;
  const rows = [...versions]
    .sort((a, b) => b.version - a.version)
    .map((v) =>
      h(
        'tr',
        { 'data-version': v.version, 'data-status': v.status },
        h('th', { scope: 'row' }, String(v.version)),
        h('td', {}, statusBadge(v.status)),
        h('td', {}, personName(v.author)),
        h('td', {}, formatDate(v.createdAt)),
        h('td', { class: 'decision' }, decisionCell(v)),
        h('td', {}, v.effectiveFrom ? formatDate(v.effectiveFrom) : ''),
        h('td', {}, noteText(v.note)),
      ),
    );
  const redraw = (next) => reviewView(partner, next);
  const sections = [];
  for (const draft of drafts(versions)) {
    const from = active?.version;
    const diff = from === undefined ? null : await get(`/api/v1/policies/${enc(partner)}/diff?from=${from}&to=${draft.version}`);
    const groups = diff === null ? [] : diffSentences(diff);
    const mappingWarnings = diff === null ? [] : await mappingRegressions(partner, draft.version, diff);
    const result = h('div', { id: `draft-result-${draft.version}` });
    // Four eyes, in the console's words: the author is not offered the approval; nor is an officer nobody confirmed yet.
    const own = me !== null && draft.author === me.name;
    const unconfirmed = isOfficer() && me.confirmed !== true;
    let approveForm = null;
    if (isOfficer() && !own && !unconfirmed) {
      const effective = h('input', { type: 'date', id: `effective-${draft.version}` });
      const button = h('button', { type: 'submit', id: `approve-${draft.version}` }, t('review.approve', { n: draft.version }));
      approveForm = h(
        'form',
        {
          class: 'row noprint',
          onsubmit: async (event) => {
            event.preventDefault();
            if (button.disabled) return;
            button.disabled = true;
            try {
              const approved = await post(`/api/v1/policies/${enc(partner)}/versions/${draft.version}/approve`, effective.value ? { effectiveFrom: effective.value } : {});
              changed();
              await redraw({ version: draft.version, ok: t('review.approved', { n: approved.version, status: t(`status.${approved.status}`) }) });
            } catch (error) {
              // Someone may have decided meanwhile (NOT_A_DRAFT): the page shows where things stand, and why.
              await redraw({ version: draft.version, error, prefix: t('review.refused') });
            }
          },
        },
        labelled(t('review.effective'), effective),
        h('div', { class: 'field' }, button),
      );
    }
    let rejectForm = null;
    if (isOfficer() && !unconfirmed) {
      const comment = h('textarea', { id: `reject-comment-${draft.version}`, rows: 2, maxlength: 500, required: true });
      const rejectButton = h('button', { type: 'submit', id: `reject-${draft.version}`, class: 'secondary' }, t(own ? 'review.withdraw' : 'review.reject', { n: draft.version }));
      rejectForm = h(
        'form',
        {
          class: 'row noprint',
          onsubmit: async (event) => {
            event.preventDefault();
            if (rejectButton.disabled) return;
            rejectButton.disabled = true;
            try {
              const rejected = await post(`/api/v1/policies/${enc(partner)}/versions/${draft.version}/reject`, { comment: comment.value });
              changed();
              await redraw({ version: draft.version, ok: t('review.rejected', { n: rejected.version }) });
            } catch (error) {
              await redraw({ version: draft.version, error, prefix: t('review.rejectRefused') });
            }
          },
        },
        labelled(t(own ? 'review.withdrawComment' : 'review.comment'), comment),
        h('div', { class: 'field' }, rejectButton),
      );
    }
    if (after?.version === draft.version && after.error) fill(result, errorBox(after.error, after.prefix));
    sections.push(
      h(
        'section',
        { 'aria-labelledby': `draft-${draft.version}`, class: 'draft', 'data-version': draft.version },
        h('h2', { id: `draft-${draft.version}` }, from === undefined ? t('review.first', { n: draft.version }) : t('review.diff', { n: draft.version, from })),
        h('p', { class: 'muted' }, `${t('col.author')}: ${personName(draft.author)} · ${formatDate(draft.createdAt)}`, draft.note ? ` · ${t('review.note', { note: noteText(draft.note) })}` : ''),
        diff?.unchanged ? h('p', {}, t('review.unchanged')) : null,
        mappingWarnings.length > 0
          ? h('div', { class: 'alert warn', role: 'note', 'data-testid': `mapping-warning-${draft.version}` }, t('review.mappingWarning'), h('ul', {}, mappingWarnings.map((w) => h('li', {}, `${purposeLabel(w.purpose)}: ${wireReasonText(w.reason)}`))))
          : null,
        h('div', { class: 'diff-text', 'data-testid': `diff-${draft.version}` }, groups.map((g) => [h('h3', {}, g.heading), h('ul', {}, g.lines.map((line) => h('li', {}, line)))])),
        own ? h('p', { class: 'own-draft', id: `own-${draft.version}` }, t('review.ownDraft')) : null,
        unconfirmed ? alertBox(t('code.OFFICER_NOT_CONFIRMED'), 'warn') : null,
        approveForm,
        rejectForm,
        result,
      ),
    );
  }
  // A decided draft has no section any more: what happened to it is said at the top, once.
  const decided = after !== undefined && !sections.some((section) => Number(section.dataset.version) === after.version);
  const notice = decided ? h('div', { id: `approve-result-${after.version}` }, after.error ? errorBox(after.error, after.prefix) : alertBox(after.ok, 'ok')) : null;
  const shipped = await get(`/api/v1/policies/${enc(partner)}/default`).catch(() => null);
  render(
    h('h1', {}, t('review.title', { partner: active?.document.displayName ?? partner })),
    notice,
    sections.length === 0 ? h('p', {}, t('review.noDrafts')) : sections,
    // Only what a release changed in its shipped default since the officers' base is news; an officer's own
    // approved change is not undone by a badge.
    shipped === null || shipped.attention !== true ? null : shippedDefaultSection(partner, shipped, versions),
    h('h2', {}, t('review.versions')),
    table([t('col.version'), t('col.status'), t('col.author'), t('col.created'), t('col.decision'), t('col.effective'), t('col.note')], rows, { id: 'versions' }),
    compareSection(partner, versions, active?.version),
  );
}

/** Any two versions side by side, told in words: what changes from the one to the other. */
function compareSection(partner, versions, activeVersion) {
  if (versions.length < 2) return null;
  const numbers = [...versions].map((v) => v.version).sort((a, b) => a - b);
  const option = (v) => [String(v.version), `${t('preview.version.n', { n: v.version })} (${t(`status.${v.status}`)})`];
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const latest = numbers[numbers.length - 1];
  const fromDefault = activeVersion !== undefined && activeVersion !== latest ? activeVersion : numbers[numbers.length - 2];
  const from = select(sorted.map(option), String(fromDefault), { id: 'compare-from' });
  const to = select(sorted.map(option), String(latest), { id: 'compare-to' });
  const out = h('div', { id: 'compare-result', 'aria-live': 'polite' });
  const compare = async (event) => {
    event.preventDefault();
    if (from.value === to.value) {
      fill(out, alertBox(t('compare.same'), 'warn'));
      return;
    }
    try {
      const diff = await get(`/api/v1/policies/${enc(partner)}/diff?from=${enc(from.value)}&to=${enc(to.value)}`);
      const groups = diffSentences(diff);
      fill(
        out,
        h('h3', {}, t('compare.heading', { from: from.value, to: to.value })),
        diff.unchanged || groups.length === 0 ? h('p', {}, t('review.unchanged')) : h('div', { class: 'diff-text', 'data-testid': 'compare-diff' }, groups.map((g) => [h('h4', {}, g.heading), h('ul', {}, g.lines.map((line) => h('li', {}, line)))])),
      );
    } catch (error) {
      fill(out, errorBox(error));
    }
  };
  return h(
    'section',
    { 'aria-labelledby': 'compare-h', id: 'compare' },
    h('h2', { id: 'compare-h' }, t('compare.title')),
    h('form', { id: 'compare-form', onsubmit: (event) => void compare(event) }, h('div', { class: 'row' }, labelled(t('compare.from'), from), labelled(t('compare.to'), to), h('div', { class: 'field' }, h('button', { type: 'submit' }, t('compare.run'))))),
    out,
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
      const draft = await post(`/api/v1/policies/${enc(partner)}/versions`, { document: shipped.document, note: t('default.note') });
      changed();
      await reviewView(partner);
      // The page was drawn again with the new draft: the confirmation goes into the new page, once.
      (document.getElementById('default-result') ?? result).replaceChildren(alertBox(t('default.taken', { n: draft.version }), 'ok'));
    } catch (error) {
      fill(result, errorBox(error));
      button.disabled = false;
    }
  });
  const dismiss = h('button', { type: 'button', id: 'dismiss-default', class: 'secondary', disabled: !isOfficer() }, t('default.dismiss'));
  dismiss.addEventListener('click', async () => {
    if (!(await confirmAction(t('default.dismissConfirm'), t('default.dismiss'), t('default.dismissTitle')))) return;
    dismiss.disabled = true;
    try {
      await post(`/api/v1/policies/${enc(partner)}/default/dismiss`);
      changed();
      await reviewView(partner);
      document.getElementById('main').prepend(alertBox(t('default.dismissed'), 'ok'));
    } catch (error) {
      fill(result, errorBox(error));
      dismiss.disabled = false;
    }
  });
  // What the release changed since the officers' base (the default they last set aside, or the one of the first start).
  const groups = shipped.sinceBase ? diffSentences(shipped.sinceBase) : [];
  const base = shipped.base;
  const since = base === null || base === undefined ? '' : base.from === 'dismissed' ? t('default.sinceDismissed', { name: base.by, date: formatDate(base.at) }) : t('default.sinceFirst', { date: formatDate(base.at) });
  return h(
    'section',
    { 'aria-labelledby': 'default-h', class: 'draft noprint', id: 'shipped-default' },
    h('h2', { id: 'default-h' }, t('default.title')),
    h('p', {}, t('default.intro')),
    since ? h('p', {}, since) : null,
    h('div', { class: 'diff-text', 'data-testid': 'default-diff' }, groups.map((g) => [h('h3', {}, g.heading), h('ul', {}, g.lines.map((line) => h('li', {}, line)))])),
    alreadyDrafted ? h('p', { class: 'muted' }, t('default.drafted')) : null,
    h('div', { class: 'actions' }, button, dismiss),
    result,
  );
}
