// The field grid of one partner: per field and purpose off, on, or on with a transform; saved as a draft.
import { ApiError, enc, get, post } from './api.js';
import { activeOf, drafts, policyDocument } from './data.js';
import { alertBox, fill, h, labelled, render, select } from './dom.js';
import { errorBox, violationProblem, violationText } from './errors.js';
import { t } from './i18n.js';
import { categoryLabel, conditionText, consentLabel, fieldLabel, purposeLabel, transformLabel, transformsFor } from './labels.js';
import { isOfficer } from './session.js';

function isChanged(cell) {
  return cell.select.value !== cell.initial || (cell.select.value !== 'off' && JSON.stringify(cell.when ?? null) !== JSON.stringify(cell.initialWhen ?? null));
}

let conditionFields = [];

/** A modal (native <dialog>: focus trapped, Esc closes) to set or remove a cell's condition ('when'). */
function editCondition(cell, field, purpose) {
  const [currentPath, currentValue] = Object.entries(cell.when ?? {})[0] ?? ['', ''];
  const pathSelect = select([['', t('matrix.noCondition')], ...conditionFields.map((f) => [f.path, fieldLabel(f.path)])], currentPath, { id: 'cond-path' });
  const valueSlot = h('div', { class: 'field' });
  let valueControl = null;
  const renderValue = (initial) => {
    const chosen = conditionFields.find((f) => f.path === pathSelect.value);
    valueSlot.replaceChildren();
    valueControl = null;
    if (!chosen) return;
    if (chosen.enumValues) valueControl = select(chosen.enumValues.map((v) => [v, v]), initial === '' ? undefined : String(initial), { id: 'cond-value' });
    else if (chosen.kind === 'boolean') valueControl = select([['true', t('yes')], ['false', t('no')]], initial === '' ? 'true' : String(initial), { id: 'cond-value' });
    else valueControl = h('input', { id: 'cond-value', type: chosen.kind === 'integer' ? 'number' : 'text', value: String(initial) });
    valueSlot.append(h('label', { for: 'cond-value' }, t('matrix.conditionValue')), valueControl);
  };
  pathSelect.addEventListener('change', () => renderValue(''));
  const dialog = h(
    'dialog',
    { 'aria-labelledby': 'cond-title', id: 'cond-dialog' },
    h(
      'form',
      {
        method: 'dialog',
        onsubmit: (event) => {
          event.preventDefault();
          const chosen = conditionFields.find((f) => f.path === pathSelect.value);
          if (!chosen || valueControl === null) cell.when = undefined;
          else {
            const raw = valueControl.value;
            cell.when = { [chosen.path]: chosen.kind === 'boolean' ? raw === 'true' : chosen.kind === 'integer' ? Number(raw) : raw };
          }
          cell.refresh();
          cell.td.dispatchEvent(new Event('conditionchange', { bubbles: true }));
          dialog.close();
        },
      },
      h('h2', { id: 'cond-title' }, t('matrix.conditionTitle', { field: fieldLabel(field.path), purpose: purposeLabel(purpose.id) })),
      labelled(t('matrix.conditionField'), pathSelect),
      valueSlot,
      h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'cond-apply' }, t('matrix.conditionApply')), h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, t('cancel'))),
    ),
  );
  dialog.addEventListener('close', () => {
    dialog.remove();
    cell.condition.focus();
  });
  document.body.append(dialog);
  renderValue(currentValue);
  dialog.showModal();
  pathSelect.focus();
}

export async function matrixView(partner, baseVersion) {
  const [catalog, active, versions] = await Promise.all([get('/api/v1/catalog'), activeOf(partner), get(`/api/v1/policies/${enc(partner)}/versions`)]);
  conditionFields = catalog.fields.filter((f) => f.leaf && !f.inArray);
  const open = drafts(versions);
  const base = baseVersion ?? open[0]?.version ?? active?.version;
  if (base === undefined) throw new Error(`no version of ${partner}`);
  const original = await policyDocument(partner, base);
  // The working state: per purpose, a map path → rule (copied, so the cached document stays intact).
  const state = original.purposes.map((purpose) => new Map(purpose.fields.map((rule) => [rule.path, { ...rule }])));
  const cells = new Map();

  const baseChoices = [
    ...(active ? [[String(active.version), t('matrix.baseActive', { n: active.version })]] : []),
    ...open.map((v) => [String(v.version), t('matrix.baseDraft', { n: v.version, author: v.author })]),
  ];
  const baseSelect = select(baseChoices, String(base), { id: 'matrix-base', onchange: (e) => void matrixView(partner, Number(e.target.value)).catch((err) => render(errorBox(err))) });

  const consentNames = catalog.fields.map((f) => /^consents\.([A-Za-z]+)\.granted$/.exec(f.path)?.[1]).filter(Boolean);
  const consents = original.purposes.map((purpose) =>
    select([['', t('matrix.consentNone')], ...consentNames.map((c) => [c, consentLabel(c)])], purpose.requiresConsent ?? '', {
      'aria-label': t('matrix.consentFor', { purpose: purposeLabel(purpose.id) }),
      'data-consent-purpose': purpose.id,
      class: 'consent',
      onchange: () => countChanges(),
    }),
  );
  const changeCount = h('span', { id: 'matrix-changes', class: 'muted' }, t('matrix.noChanges'));
  const countChanges = () => {
    let n = 0;
    for (const cell of cells.values()) if (isChanged(cell)) n += 1;
    original.purposes.forEach((purpose, index) => {
      if (consents[index].value !== (purpose.requiresConsent ?? '')) n += 1;
    });
    changeCount.textContent = n === 0 ? t('matrix.noChanges') : t('matrix.changes', { n });
  };

  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, t('matrix.field')),
    original.purposes.map((purpose) =>
      h(
        'th',
        { scope: 'col', title: purpose.description },
        purposeLabel(purpose.id),
        h('br'),
        consents[original.purposes.indexOf(purpose)],
      ),
    ),
  );
  const body = [];
  for (const category of catalog.categories) {
    body.push(h('tr', { class: 'category' }, h('th', { scope: 'colgroup', colspan: original.purposes.length + 1 }, categoryLabel(category))));
    for (const field of catalog.fields.filter((f) => f.category === category)) {
      const allowed = transformsFor(field);
      const options = [['off', t('matrix.off')], ['copy', t('matrix.on')], ...allowed.filter((x) => x !== 'copy').map((x) => [x, t('matrix.onWith', { transform: transformLabel(x) })])];
      const rowCells = original.purposes.map((purpose, index) => {
        const rule = state[index].get(field.path);
        const initial = rule === undefined ? 'off' : rule.transform ?? 'copy';
        const control = select(options, initial, {
          'aria-label': `${fieldLabel(field.path)} — ${purposeLabel(purpose.id)}`,
          'data-path': field.path,
          'data-purpose': purpose.id,
        });
        const condition = h('button', {
          type: 'button',
          class: 'cond',
          'data-condition-path': field.path,
          'data-condition-purpose': purpose.id,
          'aria-label': t('matrix.conditionFor', { field: fieldLabel(field.path), purpose: purposeLabel(purpose.id) }),
        });
        const problem = h('p', { class: 'cell-problem', id: `problem-${index}-${field.path.replace(/[^A-Za-z0-9]/g, '-')}`, hidden: true });
        const td = h('td', {}, control, condition, problem);
        const cell = { select: control, initial, td, condition, when: rule?.when, initialWhen: rule?.when };
        cell.showProblem = (text) => {
          problem.textContent = text;
          problem.hidden = false;
          td.classList.add('invalid');
          control.setAttribute('aria-invalid', 'true');
          control.setAttribute('aria-describedby', problem.id);
        };
        cell.clearProblem = () => {
          problem.hidden = true;
          td.classList.remove('invalid');
          control.removeAttribute('aria-invalid');
          control.removeAttribute('aria-describedby');
        };
        const refresh = () => {
          td.classList.toggle('on', control.value !== 'off');
          td.classList.toggle('off', control.value === 'off');
          td.classList.toggle('changed', isChanged(cell));
          condition.hidden = control.value === 'off';
          condition.textContent = cell.when ? t('matrix.condition', { condition: conditionText(cell.when) }) : t('matrix.addCondition');
          condition.classList.toggle('set', cell.when !== undefined);
        };
        cell.refresh = refresh;
        refresh();
        control.addEventListener('change', () => {
          cell.clearProblem();
          refresh();
          countChanges();
        });
        condition.addEventListener('click', () => editCondition(cell, field, purpose));
        cells.set(`${index}|${field.path}`, cell);
        return td;
      });
      body.push(h('tr', {}, h('th', { scope: 'row' }, fieldLabel(field.path)), rowCells));
    }
  }

  const note = h('input', { type: 'text', id: 'matrix-note', size: 60, maxlength: 500 });
  const result = h('div', { id: 'matrix-result' });
  const save = h('button', { type: 'submit', id: 'matrix-save', disabled: !isOfficer() }, t('matrix.save'));

  const build = () => {
    const where = [];
    const purposes = original.purposes.map((purpose, index) => {
      const fields = [];
      const push = (rule) => {
        where.push({ purpose: index, field: fields.length, path: rule.path });
        fields.push(rule);
      };
      // Keep the existing order, then add newly switched-on fields in catalog order.
      for (const rule of purpose.fields) {
        const cell = cells.get(`${index}|${rule.path}`);
        const value = cell ? cell.select.value : rule.transform ?? 'copy';
        if (value === 'off') continue;
        const next = { path: rule.path };
        if (value !== 'copy') next.transform = value;
        const when = cell ? cell.when : rule.when;
        if (when) next.when = when;
        push(next);
      }
      for (const field of catalog.fields) {
        const cell = cells.get(`${index}|${field.path}`);
        if (!cell || cell.initial !== 'off' || cell.select.value === 'off') continue;
        const next = { path: field.path };
        if (cell.select.value !== 'copy') next.transform = cell.select.value;
        if (cell.when) next.when = cell.when;
        push(next);
      }
      const next = { ...purpose, fields };
      if (consents[index].value === '') delete next.requiresConsent;
      else next.requiresConsent = consents[index].value;
      return next;
    });
    return { document: { ...original, purposes }, where };
  };

  /**
   * The gateway's refusal of the draft, told where it applies: a violation of one rule marks its cell and
   * says there, in words, what is wrong; the box under the save button lists the places (each a button
   * that goes to the cell) and says what it cannot place.
   */
  const refusalAt = (error, where) => {
    const violations = error instanceof ApiError && error.code === 'VALIDATION_FAILED' ? error.details?.violations ?? [] : [];
    if (violations.length === 0) return errorBox(error);
    const items = violations.map((v) => {
      const m = /^(?:document\.)?purposes\[(\d+)\]\.fields\[(\d+)\]/.exec(v.path);
      const spot = m ? where.find((w) => w.purpose === Number(m[1]) && w.field === Number(m[2])) : undefined;
      const cell = spot ? cells.get(`${spot.purpose}|${spot.path}`) : undefined;
      if (cell === undefined) return h('li', {}, violationText(v, original));
      cell.showProblem(violationProblem(v));
      const place = `${fieldLabel(spot.path)} — ${purposeLabel(original.purposes[spot.purpose].id)}`;
      return h('li', {}, h('button', { type: 'button', class: 'link', onclick: () => cell.select.focus() }, place));
    });
    return h('div', { class: 'alert', role: 'alert', 'data-code': 'VALIDATION_FAILED' }, t('matrix.invalid'), h('ul', {}, items));
  };

  const form = h(
    'form',
    {
      class: 'noprint',
      onsubmit: async (event) => {
        event.preventDefault();
        for (const cell of cells.values()) cell.clearProblem();
        const { document: doc, where } = build();
        save.disabled = true;
        try {
          const created = await post(`/api/v1/policies/${enc(partner)}/versions`, { document: doc, ...(note.value.trim() ? { note: note.value.trim() } : {}) });
          fill(result, 
            alertBox(t('matrix.saved', { n: created.version }), 'ok'),
            h('p', { class: 'actions' }, h('a', { class: 'button', href: `#preview/${partner}/${created.version}` }, t('action.preview')), h('a', { class: 'button secondary', href: `#review/${partner}` }, t('action.review'))),
          );
        } catch (error) {
          fill(result, refusalAt(error, where));
        } finally {
          save.disabled = false;
        }
      },
    },
    h('div', { class: 'row' }, labelled(t('matrix.note'), note), h('div', { class: 'field' }, save), h('div', { class: 'field' }, changeCount)),
    result,
  );

  render(
    h('h1', {}, t('matrix.title', { partner: original.displayName })),
    h('p', {}, t('matrix.intro')),
    h('div', { class: 'row noprint' }, labelled(t('matrix.base'), baseSelect)),
    form,
    h('div', { class: 'matrix-wrap' }, h('table', { class: 'matrix', id: 'matrix', onconditionchange: () => countChanges() }, h('thead', {}, head), h('tbody', {}, body))),
  );
}
