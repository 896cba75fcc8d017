// The field grid of one partner: per field and purpose off, on, or on with a transform; saved as a draft.
//
// A rule may name a whole group ("adressen"): then every field in it is shared, and the grid says so in
// each of them ("aan, via adressen"). A group without a rule of its own shows what its fields do: "uit",
// "aan", or "deels" when they differ. Changing one field of a group that is shared as a whole splits the
// group's rule into rules for its parts, so the document always says exactly what the grid shows.
import { ApiError, enc, get, post } from './api.js';
import { activeOf, drafts, policyDocument } from './data.js';
import { alertBox, fill, h, labelled, render, select } from './dom.js';
import { errorBox, violationProblem, violationText } from './errors.js';
import { t } from './i18n.js';
import { categoryLabel, conditionText, consentLabel, fieldLabel, purposeLabel, transformLabel } from './labels.js';
import { changed, isOfficer } from './session.js';

let conditionFields = [];

const sameWhen = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The catalog as a tree: each path's parent, its direct children and the single values under it. */
function catalogTree(catalog) {
  const parent = new Map();
  for (const field of catalog.fields) {
    let best;
    for (const other of catalog.fields) if (field.path.startsWith(`${other.path}.`) && (best === undefined || other.path.length > best.length)) best = other.path;
    if (best !== undefined) parent.set(field.path, best);
  }
  const children = new Map(catalog.fields.map((f) => [f.path, catalog.fields.filter((c) => parent.get(c.path) === f.path).map((c) => c.path)]));
  const leaf = new Map(catalog.fields.map((f) => [f.path, f.leaf]));
  const descendants = (path) => (children.get(path) ?? []).flatMap((c) => [c, ...descendants(c)]);
  const leaves = (path) => (leaf.get(path) ? [path] : descendants(path).filter((d) => leaf.get(d)));
  return { parent, children, leaf, descendants, leaves };
}

/**
 * One purpose's rules (path → rule), with what the grid shows for any path and the edits that keep the
 * rules and the grid in agreement.
 */
function purposeRules(tree, rules) {
  const covering = (path) => {
    for (let p = tree.parent.get(path); p !== undefined; p = tree.parent.get(p)) if (rules.has(p)) return rules.get(p);
    return undefined;
  };
  /** What the grid shows: { value: off | copy | <transform> | partial, when?, own: rule of its own, via?: the group's path }. */
  const shown = (path) => {
    const rule = rules.get(path);
    if (rule !== undefined) return { value: rule.transform ?? 'copy', when: rule.when, own: true };
    const cover = covering(path);
    if (cover !== undefined) return { value: 'copy', when: cover.when, own: false, via: cover.path };
    if (tree.leaf.get(path)) return { value: 'off', own: false };
    const values = new Set(tree.leaves(path).map((l) => shown(l).value));
    if (values.size === 1 && values.has('off')) return { value: 'off', own: false };
    if (values.size === 1 && values.has('copy')) return { value: 'copy', own: false, all: true };
    return { value: 'partial', own: false };
  };
  /** A group's rule becomes rules for each of its parts (with its condition), until `path` has its own. */
  const splitDownTo = (path) => {
    for (let cover = covering(path); cover !== undefined; cover = covering(path)) {
      rules.delete(cover.path);
      for (const child of tree.children.get(cover.path) ?? []) rules.set(child, { path: child, ...(cover.when ? { when: cover.when } : {}) });
    }
  };
  const set = (path, value) => {
    splitDownTo(path);
    for (const below of tree.descendants(path)) rules.delete(below);
    const before = rules.get(path);
    if (value === 'off') rules.delete(path);
    else rules.set(path, { path, ...(value === 'copy' ? {} : { transform: value }), ...(before?.when ? { when: before.when } : {}) });
  };
  const setWhen = (path, when) => {
    const rule = rules.get(path);
    if (rule === undefined) return;
    const next = { ...rule };
    if (when === undefined) delete next.when;
    else next.when = when;
    rules.set(path, next);
  };
  return { rules, shown, set, setWhen };
}

/** A modal (native <dialog>: focus trapped, Esc closes) to set or remove a cell's condition ('when'). */
function editCondition(when, apply, field, purpose, returnTo) {
  const [currentPath, currentValue] = Object.entries(when ?? {})[0] ?? ['', ''];
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
          if (!chosen || valueControl === null) apply(undefined);
          else {
            const raw = valueControl.value;
            apply({ [chosen.path]: chosen.kind === 'boolean' ? raw === 'true' : chosen.kind === 'integer' ? Number(raw) : raw });
          }
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
    returnTo.focus();
  });
  document.body.append(dialog);
  renderValue(currentValue);
  dialog.showModal();
  pathSelect.focus();
}


export async function matrixView(partner, baseVersion, notice) {
  const [catalog, active, versions] = await Promise.all([get('/api/v1/catalog'), activeOf(partner), get(`/api/v1/policies/${enc(partner)}/versions`)]);
  conditionFields = catalog.fields.filter((f) => f.leaf && !f.inArray);
  const open = drafts(versions);
  const base = baseVersion ?? open[0]?.version ?? active?.version;
  if (base === undefined) {
    render(h('h1', {}, t('matrix.title', { partner })), h('p', {}, t('matrix.noVersion')));
    return;
  }
  const original = await policyDocument(partner, base);
  const tree = catalogTree(catalog);
  // The working state: per purpose its rules (copied, so the cached document stays intact).
  const purposes = original.purposes.map((purpose) => purposeRules(tree, new Map(purpose.fields.map((rule) => [rule.path, { ...rule }]))));
  const initial = original.purposes.map((purpose) => purposeRules(tree, new Map(purpose.fields.map((rule) => [rule.path, rule]))));
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
    for (const cell of cells.values()) if (cell.changed()) n += 1;
    original.purposes.forEach((purpose, index) => {
      if (consents[index].value !== (purpose.requiresConsent ?? '')) n += 1;
    });
    changeCount.textContent = n === 0 ? t('matrix.noChanges') : t('matrix.changes', { n });
  };
  /** Draws one purpose's column again from its rules: a change to a group changes its fields, and back. */
  const refreshColumn = (index) => {
    for (const [key, cell] of cells) if (key.startsWith(`${index}|`)) cell.refresh();
  };

  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, t('matrix.field')),
    original.purposes.map((purpose, index) => h('th', { scope: 'col', title: purpose.description }, purposeLabel(purpose.id), h('br'), consents[index])),
  );
  const body = [];
  for (const category of catalog.categories) {
    body.push(h('tr', { class: 'category' }, h('th', { scope: 'colgroup', colspan: original.purposes.length + 1 }, categoryLabel(category))));
    for (const field of catalog.fields.filter((f) => f.category === category)) {
      const group = !field.leaf;
      const depth = (() => {
        let n = 0;
        for (let p = tree.parent.get(field.path); p !== undefined; p = tree.parent.get(p)) n += 1;
        return n;
      })();
      // Only the transforms the gateway accepts for this field (the catalog says which fit it).
      const allowed = field.transforms ?? ['copy'];
      const rowCells = original.purposes.map((purpose, index) => {
        const rules = purposes[index];
        const current = rules.shown(field.path);
        const options = [['off', t('matrix.off')], ['copy', t('matrix.on')], ...allowed.filter((x) => x !== 'copy').map((x) => [x, t('matrix.onWith', { transform: transformLabel(x) })])];
        // A rule from before the gateway checked fit keeps its transform visible, named as not fitting.
        if (current.own && !options.some(([value]) => value === current.value)) options.push([current.value, t('matrix.unfit', { transform: transformLabel(current.value) })]);
        if (group) options.push(['partial', t('matrix.partial')]);
        const control = select(options, undefined, {
          'aria-label': `${fieldLabel(field.path)} — ${purposeLabel(purpose.id)}`,
          'data-path': field.path,
          'data-purpose': purpose.id,
        });
        const partialOption = control.querySelector('option[value="partial"]');
        if (partialOption !== null) partialOption.disabled = true;
        const condition = h('button', {
          type: 'button',
          class: 'cond',
          'data-condition-path': field.path,
          'data-condition-purpose': purpose.id,
          'aria-label': t('matrix.conditionFor', { field: fieldLabel(field.path), purpose: purposeLabel(purpose.id) }),
        });
        const via = h('span', { class: 'via', id: `via-${index}-${field.path.replace(/[^A-Za-z0-9]/g, '-')}` });
        const problem = h('p', { class: 'cell-problem', id: `problem-${index}-${field.path.replace(/[^A-Za-z0-9]/g, '-')}`, hidden: true });
        const td = h('td', { 'data-cell-path': field.path, 'data-cell-purpose': purpose.id }, control, via, condition, problem);
        const cell = {
          select: control,
          td,
          showProblem: (text) => {
            problem.textContent = text;
            problem.hidden = false;
            td.classList.add('invalid');
            control.setAttribute('aria-invalid', 'true');
            control.setAttribute('aria-describedby', problem.id);
          },
          clearProblem: () => {
            problem.hidden = true;
            td.classList.remove('invalid');
            control.removeAttribute('aria-invalid');
            control.removeAttribute('aria-describedby');
          },
          changed: () => {
            const now = rules.shown(field.path);
            const then = initial[index].shown(field.path);
            return now.value !== then.value || (now.own && !sameWhen(now.when, then.when));
          },
          refresh: () => {
            const now = rules.shown(field.path);
            control.value = now.value;
            td.dataset.shown = now.value;
            td.classList.toggle('on', now.value !== 'off');
            td.classList.toggle('off', now.value === 'off');
            td.classList.toggle('partial', now.value === 'partial');
            td.classList.toggle('changed', cell.changed());
            via.textContent = now.via === undefined ? '' : t('matrix.via', { group: fieldLabel(now.via) });
            via.hidden = now.via === undefined;
            if (now.via === undefined) control.removeAttribute('aria-describedby');
            else if (problem.hidden) control.setAttribute('aria-describedby', via.id);
            // A condition belongs to a rule: shown on the cell that has one, set from there.
            condition.hidden = !now.own;
            condition.textContent = now.when ? t('matrix.condition', { condition: conditionText(now.when) }) : t('matrix.addCondition');
            condition.classList.toggle('set', now.when !== undefined);
          },
        };
        control.addEventListener('change', () => {
          if (control.value === 'partial') return;
          rules.set(field.path, control.value);
          cell.clearProblem();
          refreshColumn(index);
          countChanges();
        });
        condition.addEventListener('click', () =>
          editCondition(
            rules.shown(field.path).when,
            (when) => {
              rules.setWhen(field.path, when);
              refreshColumn(index);
              countChanges();
            },
            field,
            purpose,
            condition,
          ),
        );
        cells.set(`${index}|${field.path}`, cell);
        return td;
      });
      body.push(h('tr', { class: group ? 'group' : '' }, h('th', { scope: 'row', class: `depth-${depth}` }, fieldLabel(field.path)), rowCells));
    }
  }
  for (const cell of cells.values()) cell.refresh();

  const note = h('input', { type: 'text', id: 'matrix-note', size: 60, maxlength: 500 });
  const result = h('div', { id: 'matrix-result' });
  const save = h('button', { type: 'submit', id: 'matrix-save', disabled: !isOfficer() }, t('matrix.save'));

  /** The draft: per purpose its rules, those of the starting point in their order, new ones in the catalog's. */
  const build = () => {
    const where = [];
    const order = new Map(catalog.fields.map((f, i) => [f.path, i]));
    const next = original.purposes.map((purpose, index) => {
      const rules = purposes[index].rules;
      const kept = purpose.fields.map((rule) => rule.path).filter((path) => rules.has(path));
      const added = [...rules.keys()].filter((path) => !kept.includes(path)).sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
      const fields = [...kept, ...added].map((path, field) => {
        where.push({ purpose: index, field, path });
        const rule = rules.get(path);
        return { path, ...(rule.transform && rule.transform !== 'copy' ? { transform: rule.transform } : {}), ...(rule.when ? { when: rule.when } : {}) };
      });
      const out = { ...purpose, fields };
      if (consents[index].value === '') delete out.requiresConsent;
      else out.requiresConsent = consents[index].value;
      return out;
    });
    return { document: { ...original, purposes: next }, where };
  };

  /**
   * The gateway's refusal of the draft, told where it applies: a violation of one rule marks its cell and
   * says there, in words, what is wrong; the box under the save button lists the places (each a button
   * that goes to the cell) and says what it cannot place.
   */
  const refusalAt = (error, where, doc) => {
    const violations = error instanceof ApiError && error.code === 'VALIDATION_FAILED' ? error.details?.violations ?? [] : [];
    if (violations.length === 0) return errorBox(error);
    const items = violations.map((v) => {
      const m = /^(?:document\.)?purposes\[(\d+)\]\.fields\[(\d+)\]/.exec(v.path);
      const spot = m ? where.find((w) => w.purpose === Number(m[1]) && w.field === Number(m[2])) : undefined;
      const cell = spot ? cells.get(`${spot.purpose}|${spot.path}`) : undefined;
      if (cell === undefined) return h('li', {}, violationText(v, doc));
      cell.showProblem(violationProblem(v, doc.purposes[spot.purpose]?.fields[spot.field]));
      const place = `${fieldLabel(spot.path)} — ${purposeLabel(original.purposes[spot.purpose].id)}`;
      return h('li', {}, h('button', { type: 'button', class: 'link', onclick: () => cell.select.focus() }, place));
    });
    return h('div', { class: 'alert', role: 'alert', 'data-code': 'VALIDATION_FAILED' }, t('matrix.invalid'), h('ul', {}, items));
  };

  let saving = false;
  const form = h(
    'form',
    {
      class: 'noprint',
      onsubmit: async (event) => {
        event.preventDefault();
        // One draft per click: while the first is on its way, the button is off and a second submit does nothing.
        if (saving) return;
        saving = true;
        save.disabled = true;
        for (const cell of cells.values()) cell.clearProblem();
        const { document: doc, where } = build();
        try {
          const created = await post(`/api/v1/policies/${enc(partner)}/versions`, { document: doc, ...(note.value.trim() ? { note: note.value.trim() } : {}) });
          changed();
          // Drawn again from the gateway, starting from the new draft (now listed under "Uitgangspunt").
          await matrixView(partner, created.version, created.version);
        } catch (error) {
          fill(result, refusalAt(error, where, doc));
          saving = false;
          save.disabled = !isOfficer();
        }
      },
    },
    h('div', { class: 'row' }, labelled(t('matrix.note'), note), h('div', { class: 'field' }, save), h('div', { class: 'field' }, changeCount)),
    result,
  );
  if (notice !== undefined) {
    fill(
      result,
      alertBox(t('matrix.saved', { n: notice }), 'ok'),
      h('p', { class: 'actions' }, h('a', { class: 'button', href: `#preview/${partner}/${notice}` }, t('action.preview')), h('a', { class: 'button secondary', href: `#review/${partner}` }, t('action.review'))),
    );
  }

  render(
    h('h1', {}, t('matrix.title', { partner: original.displayName })),
    h('p', {}, t('matrix.intro')),
    h('div', { class: 'row noprint' }, labelled(t('matrix.base'), baseSelect)),
    form,
    h('div', { class: 'matrix-wrap' }, h('table', { class: 'matrix', id: 'matrix' }, h('thead', {}, head), h('tbody', {}, body))),
  );
}
