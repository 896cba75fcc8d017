// Lifecycle sync: its jobs, what the deletion guard holds, initial synchronisations.
import { ApiError, enc, get, post } from './api.js';
import { alertBox, append, confirmAction, fill, h, render, table } from './dom.js';
import { codeText, errorBox } from './errors.js';
import { formatDate, hasText, t } from './i18n.js';
import { expired, isOfficer, isOperator, session } from './session.js';

/** While a job runs, the page draws its jobs again this often. */
const SYNC_REFRESH_MS = 3000;
let syncTimer;

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
    fill(out, alertBox(message, report.failed > 0 ? 'warn' : 'ok'));
  } catch (error) {
    fill(out, errorBox(error));
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
  const redraw = () => drawJobs(slot, nameOf, out).catch((error) => fill(slot, errorBox(error)));
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
      h('td', { class: 'job-status' }, jobStatusBadge(job.status), job.status === 'failed' && job.error ? [h('br'), t('sync.stopped', { reason: hasText(`sync.reason.${job.error}`) ? t(`sync.reason.${job.error}`) : codeText(job.error) })] : null),
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
          isOfficer() ? (session.me.confirmed === true ? null : alertBox(t('code.OFFICER_NOT_CONFIRMED'), 'warn')) : h('p', { class: 'muted' }, t('sync.held.readOnly')),
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
      if (error instanceof ApiError && error.status === 401) expired();
      else if (slot.isConnected) fill(slot, errorBox(error));
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
        fill(out, alertBox(message, 'ok'));
        await redraw();
      } catch (error) {
        fill(out, errorBox(error, t('sync.startRefused', { partner: nameOf(id) })));
      } finally {
        button.disabled = false;
      }
    });
    return h('tr', { 'data-start': id }, h('th', { scope: 'row' }, nameOf(id)), h('td', {}, button));
  });
  return h(
    'section',
    { id: 'sync-start', 'aria-labelledby': 'sync-start-h' },
    h('h2', { id: 'sync-start-h' }, t('sync.start.title')),
    h('p', {}, t('sync.start.intro')),
    rows.length === 0 ? h('p', {}, t('sync.noPartners')) : table([t('col.partner'), t('col.actions')], rows, { id: 'sync-start-table' }),
  );
}

export async function syncView() {
  clearTimeout(syncTimer);
  const partners = await get('/api/v1/partners');
  const nameOf = (id) => (id === null ? t('sync.allPartners') : partners.find((p) => p.partner === id)?.displayName ?? id);
  const out = h('div', { id: 'sync-result', 'aria-live': 'polite', tabindex: '-1' });
  const slot = h('div', { id: 'sync-jobs' });
  const redraw = () => drawJobs(slot, nameOf, out).catch((error) => fill(slot, errorBox(error)));
  render(h('h1', {}, t('sync.title')), h('p', {}, t('sync.intro')), isOperator() ? await startSection(partners, nameOf, out, redraw) : null, out, slot);
  await drawJobs(slot, nameOf, out);
}
