// The gateway's refusals in the console's words. A server error is told by its code (error.code) from the
// dictionary, never by the server's English message; a code the console has no words for gets a general
// sentence naming it. Shown once, where the officer acted (errorBox next to the action).
import { ApiError } from './api.js';
import { h } from './dom.js';
import { hasText, t } from './i18n.js';
import { fieldLabel, purposeLabel, transformLabel } from './labels.js';

/** One sentence for an error: by its code when the server gave one, else a network or page error. */
export function errorText(error) {
  if (error instanceof ApiError) {
    if (error.code === 'VALIDATION_FAILED') {
      const violations = error.details?.violations ?? [];
      return violations.length === 0 ? t('code.VALIDATION_FAILED') : `${t('code.VALIDATION_FAILED')} ${violations.map((v) => violationText(v)).join('; ')}.`;
    }
    if (hasText(`code.${error.code}`)) return t(`code.${error.code}`);
    if (/^HTTP_\d+$/.test(error.code ?? '')) return t('code.HTTP', { status: error.status });
    return t('code.unknown', { code: error.code });
  }
  if (error instanceof TypeError) return t('code.network');
  return t('code.page');
}

/** The console's sentence for a server code given in an answer (a refusal listed in a report, say). */
export function codeText(code) {
  return hasText(`code.${code}`) ? t(`code.${code}`) : t('code.unknown', { code });
}

/** An alert with the error's text, marked with its code (data-code) for whoever looks closer. */
export function errorBox(error, prefix) {
  const text = errorText(error);
  return h('div', { class: 'alert', role: 'alert', 'data-code': error instanceof ApiError ? error.code : 'PAGE' }, prefix ? `${prefix} ${text}` : text);
}

/** The wire preview's reason for showing no message ('no connector', 'MAPPING_FAILED: …'), in words. */
export function wireReasonText(reason) {
  if (reason === 'no connector') return t('wire.noConnector');
  if (reason === 'connector not enabled') return t('wire.disabled');
  const code = /^([A-Z][A-Z0-9_]+):/.exec(reason ?? '')?.[1];
  if (code !== undefined) return hasText(`code.${code}`) ? t(`code.${code}`) : t('code.unknown', { code });
  return t('wire.cannotMap');
}

const PURPOSE_FIELD = /^(?:document\.)?purposes\[(\d+)\]\.fields\[(\d+)\]\.(path|transform|when)(?:\.(.+))?$/;
const QUOTED = /'([^']+)'/g;

/**
 * One violation of a draft in words: which field of which purpose, and what is wrong with it. `context`
 * (optional) names the purposes of the document, so that a place reads "geboortedatum — uitlenen".
 */
export function violationText(violation, context = {}) {
  const place = violationPlace(violation.path, context);
  const m = PURPOSE_FIELD.exec(violation.path ?? '');
  const rule = m === null ? undefined : context.purposes?.[Number(m[1])]?.fields?.[Number(m[2])];
  return place === '' ? violationProblem(violation, rule) : `${place}: ${violationProblem(violation, rule)}`;
}

/** Where a violation is, in words ('' when the console cannot say). */
export function violationPlace(path, context = {}) {
  const m = PURPOSE_FIELD.exec(path ?? '');
  if (m !== null) {
    const purpose = context.purposes?.[Number(m[1])];
    const rule = purpose?.fields?.[Number(m[2])];
    const field = rule ? fieldLabel(rule.path) : t('violation.fieldN', { n: Number(m[2]) + 1 });
    return `${field} — ${purpose ? purposeLabel(purpose.id) : t('violation.purposeN', { n: Number(m[1]) + 1 })}`;
  }
  const p = /^(?:document\.)?purposes\[(\d+)\]\.(\w+)/.exec(path ?? '');
  if (p !== null) {
    const purpose = context.purposes?.[Number(p[1])];
    return `${purpose ? purposeLabel(purpose.id) : t('violation.purposeN', { n: Number(p[1]) + 1 })} (${hasText(`violation.setting.${p[2]}`) ? t(`violation.setting.${p[2]}`) : t('violation.setting')})`;
  }
  if (/^(?:document\.)?agreement\./.test(path ?? '')) return t('violation.agreement');
  return '';
}

/** What is wrong, in words, from the kind of violation (its path) and the paths it names. */
export function violationProblem(violation, rule) {
  const m = PURPOSE_FIELD.exec(violation.path ?? '');
  const named = [...String(violation.message ?? '').matchAll(QUOTED)].map((q) => q[1]);
  if (m !== null && m[3] === 'transform') return rule?.transform ? t('violation.transformNamed', { transform: transformLabel(rule.transform) }) : t('violation.transform');
  if (m !== null && m[3] === 'when') return t('violation.condition', { field: fieldLabel(m[4] ?? '') });
  if (m !== null && m[3] === 'path') {
    if (/overlaps/.test(violation.message ?? '') && named.length >= 2) return t('violation.overlap', { field: fieldLabel(named[1]) });
    if (/unknown field/.test(violation.message ?? '')) return t('violation.unknownField');
  }
  if (/validUntil/.test(violation.path ?? '')) return t('violation.agreementDates');
  return t('violation.other');
}
