// The preview: what a partner would receive for a sample member, the active version beside another.
import { enc, get, post } from './api.js';
import { activeOf, drafts, policyDocument, sampleMembers } from './data.js';
import { alertBox, fill, h, labelled, render, select } from './dom.js';
import { errorBox, wireReasonText } from './errors.js';
import { t } from './i18n.js';
import { fieldLabel, purposeLabel, transformLabel } from './labels.js';

function prettyWire(message) {
  if (message.contentType.includes('json')) {
    try {
      return JSON.stringify(JSON.parse(message.body), null, 2);
    } catch {
      return message.body;
    }
  }
  if (message.contentType.includes('xml')) return message.body.replace(/>\s*</g, '>\n<');
  return message.body;
}

function wireSection(id, wire) {
  if (!wire) return null;
  const title = t('preview.wire', { protocol: wire.protocol ?? '—' });
  if (!wire.message) return h('details', {}, h('summary', {}, title), h('p', { class: 'muted' }, t('preview.noWire', { reason: wireReasonText(wire.reason) })));
  return h(
    'details',
    {},
    h('summary', {}, title),
    // Whether the partner asks and the gateway answers (the KB's LookupUser), or the gateway sends on its own.
    h('p', { class: 'wire-direction', 'data-testid': `${id}-direction` }, h('strong', {}, t(wire.direction === 'answer' ? 'preview.directionAnswer' : 'preview.directionSent'))),
    h('p', { class: 'muted' }, t(wire.message.contentType.includes('json') ? 'preview.wireJson' : wire.message.contentType.includes('xml') ? 'preview.wireXml' : 'preview.wireText')),
    h('pre', { 'data-testid': `${id}-wire` }, prettyWire(wire.message)),
  );
}

export async function previewView(partner, wanted) {
  const [active, versions] = await Promise.all([activeOf(partner), get(`/api/v1/policies/${enc(partner)}/versions`)]);
  const sandboxMembers = await sampleMembers();
  const open = drafts(versions);
  const compareChoices = versions
    .filter((v) => v.version !== active?.version)
    .sort((a, b) => b.version - a.version)
    .map((v) => [String(v.version), `${t('preview.version.n', { n: v.version })} — ${t(`status.${v.status}`)}`]);
  const compare = select(compareChoices.length > 0 ? compareChoices : [['', t('preview.noDraft')]], String(wanted ?? open[0]?.version ?? compareChoices[0]?.[0] ?? ''), { id: 'preview-version' });
  const docs = await Promise.all([active ? policyDocument(partner, active.version) : null, ...versions.map((v) => policyDocument(partner, v.version))]);
  const purposeIds = [...new Set(docs.filter(Boolean).flatMap((d) => d.purposes.map((p) => p.id)))];
  const purpose = select(purposeIds.map((id) => [id, purposeLabel(id)]), purposeIds[0], { id: 'preview-purpose' });
  const member = select(
    sandboxMembers.map((m, i) => [String(i), `${m.memberId} — ${m.name?.initials ?? ''} ${m.name?.lastName ?? ''} (•••• ${String(m.cardNumber ?? '').slice(-4)})`]),
    '0',
    { id: 'preview-member' },
  );
  const pasted = h('textarea', { id: 'preview-paste', spellcheck: 'false' });
  const out = h('div', { id: 'preview-out', 'aria-live': 'polite' });

  const show = async () => {
    let chosen;
    try {
      chosen = pasted.value.trim() !== '' ? JSON.parse(pasted.value) : sandboxMembers[Number(member.value)];
    } catch {
      fill(out, alertBox(t('code.MALFORMED_JSON')));
      return;
    }
    if (!chosen) {
      fill(out, alertBox(t('preview.noSandbox')));
      return;
    }
    const run = (version) => {
      const body = { partner, purpose: purpose.value, member: chosen, ...(version !== undefined ? { version } : {}) };
      return Promise.all([post('/api/v1/preview', body), post('/api/v1/console/wire-preview', body).catch(() => null)]).then(
        ([r, wire]) => ({ ok: r, wire }),
        (e) => ({ error: e }),
      );
    };
    const draftVersion = compare.value === '' ? undefined : Number(compare.value);
    const [left, right] = await Promise.all([active ? run(undefined) : Promise.resolve(null), draftVersion !== undefined ? run(draftVersion) : Promise.resolve(null)]);
    const other = (side) => (side === left ? right : left);
    const column = (id, title, side) => {
      if (side === null) return h('section', { class: 'column', id }, h('h2', {}, title), h('p', { class: 'muted' }, t('preview.noDraft')));
      if (side.error) return h('section', { class: 'column', id }, h('h2', {}, title), errorBox(side.error));
      const r = side.ok;
      const otherFields = other(side)?.ok?.fields ?? null;
      const differs = (f) => otherFields !== null && !otherFields.some((o) => o.path === f.path && o.transform === f.transform);
      return h(
        'section',
        { class: 'column', id, 'aria-labelledby': `${id}-h` },
        h('h2', { id: `${id}-h` }, title),
        h('h3', {}, t('preview.payload')),
        h('pre', { 'data-testid': `${id}-payload` }, JSON.stringify(r.payload, null, 2)),
        h('h3', {}, t('preview.fields')),
        h(
          'ul',
          { class: 'plain' },
          r.fields.map((f) =>
            h('li', { class: differs(f) ? 'diff' : '' }, `${fieldLabel(f.path)} — ${transformLabel(f.transform)}`, differs(f) ? h('span', { class: 'sr-only' }, ` (${t('preview.differs')})`) : null),
          ),
        ),
        h('details', {}, h('summary', {}, t('preview.withheld', { n: r.withheld.length })), h('ul', { class: 'plain' }, r.withheld.map((p) => h('li', {}, fieldLabel(p))))),
        wireSection(id, side.wire),
      );
    };
    fill(out, 
      h(
        'div',
        { class: 'columns' },
        column('preview-active', active ? t('preview.active', { n: active.version }) : t('preview.noDraft'), left),
        column('preview-draft', draftVersion !== undefined ? t('preview.draft', { n: draftVersion }) : t('preview.noDraft'), right),
      ),
    );
  };

  const form = h(
    'form',
    { class: 'noprint', id: 'preview-form', onsubmit: (e) => { e.preventDefault(); void show(); } },
    h('div', { class: 'row' }, labelled(t('preview.purpose'), purpose), sandboxMembers.length > 0 ? labelled(t('preview.member'), member) : h('p', {}, t('preview.noSandbox')), labelled(t('preview.version'), compare), h('div', { class: 'field' }, h('button', { type: 'submit', id: 'preview-show' }, t('preview.show')))),
    h('details', {}, h('summary', {}, t('preview.paste')), labelled(t('preview.paste'), pasted)),
  );
  render(h('h1', {}, t('preview.title', { partner: docs.find(Boolean)?.displayName ?? partner })), h('p', {}, t('preview.intro')), form, out);
  await show();
}
