// The partners page: who the library shares with, under which agreement, which version applies.
import { ApiError, enc, get } from './api.js';
import { drafts } from './data.js';
import { h, render, table } from './dom.js';
import { formatDate, t } from './i18n.js';
import { relationshipLabel } from './labels.js';
import { isOfficer } from './session.js';

function agreementCell(agreement) {
  if (!agreement) return '';
  const today = new Date().toISOString().slice(0, 10);
  const parts = [h('strong', {}, agreement.reference), h('br'), `${formatDate(agreement.validFrom)} – `, agreement.validUntil ? formatDate(agreement.validUntil) : t('agreement.open')];
  if (agreement.validFrom > today) parts.push(' ', h('span', { class: 'badge warn' }, t('agreement.notYet')));
  if (agreement.validUntil) {
    const days = Math.round((Date.parse(`${agreement.validUntil}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
    if (days < 0) parts.push(' ', h('span', { class: 'badge bad' }, t('agreement.expired')));
    else if (days <= 90) parts.push(' ', h('span', { class: 'badge warn' }, t('agreement.expires', { n: days })));
  }
  return parts;
}

function connectorCell(connector) {
  if (!connector) return h('span', { class: 'muted' }, t('connector.none'));
  if (!connector.enabled) return h('span', { class: 'muted' }, t('connector.disabled'));
  const up = connector.health && connector.health.status === 'up';
  return h('span', { class: `badge ${up ? 'ok' : 'bad'}`, title: connector.health?.detail ?? '' }, t(up ? 'connector.up' : 'connector.down'));
}

/**
 * The partners. An officer or auditor sees each partner's agreement, policy version, drafts and the
 * actions on them; an operator, who reads no policies, sees the partners and their connections only.
 */
export async function partnersView() {
  const [connectors, policies] = await Promise.all([
    get('/api/v1/partners').catch(() => []),
    get('/api/v1/policies').catch((error) => {
      if (error instanceof ApiError && error.status === 403) return null;
      throw error;
    }),
  ]);
  if (policies === null) return connectionsView(connectors);
  const ids = [...new Set([...policies.map((p) => p.partner), ...connectors.map((c) => c.partner)])].sort();
  const versionsByPartner = new Map(
    await Promise.all(ids.map(async (id) => [id, await get(`/api/v1/policies/${enc(id)}/versions`).catch(() => [])])),
  );
  const newDefaults = new Set(
    (await Promise.all(ids.map(async (id) => ((await get(`/api/v1/policies/${enc(id)}/default`).catch(() => null))?.attention === true ? id : null)))).filter(Boolean),
  );
  const rows = ids.map((id) => {
    const policy = policies.find((p) => p.partner === id);
    const connector = connectors.find((c) => c.partner === id);
    const name = policy?.document.displayName ?? connector?.displayName ?? id;
    const open = drafts(versionsByPartner.get(id) ?? []);
    return h(
      'tr',
      { 'data-partner': id },
      h('th', { scope: 'row' }, name),
      h('td', {}, policy ? relationshipLabel(policy.document.relationship) : ''),
      h('td', {}, agreementCell(policy?.document.agreement)),
      h('td', {}, connector?.protocol ?? ''),
      h('td', {}, connectorCell(connector)),
      h('td', {}, policy ? `${policy.version}` : ''),
      h(
        'td',
        {},
        open.length === 0 ? h('span', { class: 'muted' }, t('drafts.none')) : h('a', { href: `#review/${id}` }, t('drafts.some', { n: open.length })),
        newDefaults.has(id) ? [h('br'), h('a', { href: `#review/${id}`, class: 'badge warn', 'data-testid': `new-default-${id}` }, t('default.badge'))] : null,
      ),
      h(
        'td',
        {},
        h(
          'div',
          { class: 'actions' },
          h('a', { href: `#matrix/${id}`, 'aria-label': t('action.matrixOf', { partner: name }) }, t('action.matrix')),
          isOfficer() ? h('a', { href: `#preview/${id}`, 'aria-label': t('action.previewOf', { partner: name }) }, t('action.preview')) : null,
          h('a', { href: `#review/${id}`, 'aria-label': t('action.reviewOf', { partner: name }) }, t('action.review')),
        ),
      ),
    );
  });
  render(
    h('h1', {}, t('partners.title')),
    h('p', {}, t('partners.intro')),
    table([t('col.partner'), t('col.role'), t('col.agreement'), t('col.protocol'), t('col.connector'), t('col.active'), t('col.drafts'), t('col.actions')], rows, { id: 'partners' }),
  );
}

/** An operator's view of the partners: who, over which protocol, and whether the connection is up. */
function connectionsView(connectors) {
  const rows = [...connectors]
    .sort((a, b) => a.displayName.localeCompare(b.displayName))
    .map((c) =>
      h(
        'tr',
        { 'data-partner': c.partner },
        h('th', { scope: 'row' }, c.displayName),
        h('td', {}, c.protocol),
        h('td', {}, connectorCell(c)),
        h('td', {}, c.capabilities.map((capability) => t(`capability.${capability}`)).join(', ')),
      ),
    );
  render(
    h('h1', {}, t('partners.title')),
    h('p', {}, t('partners.operatorIntro')),
    table([t('col.partner'), t('col.protocol'), t('col.connector'), t('col.capabilities')], rows, { id: 'partners' }),
  );
}
