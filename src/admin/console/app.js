// The privacy officer's console: the shell (language, sign-in, menu) and the hash routes to its pages,
// one module per page. Every page draws itself from the gateway's API; after an action it draws again.
import { ApiError, del, get, post } from './api.js';
import { alertBox, h, labelled, render } from './dom.js';
import { errorBox, errorText } from './errors.js';
import { language, setLanguage, t } from './i18n.js';
import { accountsView } from './page-accounts.js';
import { bankView } from './page-bank.js';
import { disclosuresView, reportView } from './page-disclosures.js';
import { illView } from './page-ill.js';
import { legalView } from './page-legal.js';
import { matrixView } from './page-matrix.js';
import { partnersView } from './page-partners.js';
import { previewView } from './page-preview.js';
import { registerView } from './page-register.js';
import { reviewView } from './page-review.js';
import { syncView } from './page-sync.js';
import { todoView, waitingCount } from './page-todo.js';
import { withdrawalsView } from './page-withdrawals.js';
import { currentLeaveGuard, expired, home, mayLeave, session, whenChanged, whenExpired } from './session.js';

const main = document.getElementById('main');

function applyStaticTexts() {
  document.documentElement.lang = language();
  document.title = `${t('brand')} — bieb-gateway`;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.getAttribute('data-i18n'));
  document.getElementById('nav').setAttribute('aria-label', t('mainNav'));
  const langButton = document.getElementById('lang');
  langButton.textContent = t('switchTo');
  langButton.setAttribute('lang', t('switchLang'));
  document.getElementById('who').textContent = session.me ? t('signedInAs', { name: session.me.name, roles: session.me.roles.map((role) => t(`role.${role}`)).join(', ') }) : '';
}

document.getElementById('lang').addEventListener('click', async () => {
  if (!(await mayLeave())) return;
  setLanguage(language() === 'nl' ? 'en' : 'nl');
  applyStaticTexts();
  void route();
});

document.getElementById('signout').addEventListener('click', async () => {
  if (!(await mayLeave())) return;
  try {
    await del('/api/v1/console/session');
  } catch {
    // the cookie is cleared either way
  }
  session.me = null;
  // The next to sign in starts on their own first page, not on the page the last one left open.
  history.replaceState(null, '', location.pathname);
  showSignedIn(false);
  signInView(t('signedOut'), 'ok');
});

function showSignedIn(yes) {
  document.getElementById('nav').hidden = !yes;
  // A menu entry names the roles that can read its page (data-roles); without it, officers and auditors.
  for (const link of document.querySelectorAll('#nav a')) {
    const roles = (link.getAttribute('data-roles') ?? 'officer auditor').split(' ');
    link.hidden = session.me === null || !session.me.roles.some((role) => roles.includes(role));
  }
  document.getElementById('signout').hidden = !yes;
  applyStaticTexts();
}

function signInView(message, kind = '') {
  const token = h('input', { type: 'password', id: 'token', name: 'token', autocomplete: 'off', required: true, spellcheck: 'false', size: 50 });
  const form = h(
    'form',
    {
      onsubmit: async (event) => {
        event.preventDefault();
        const value = token.value;
        token.value = '';
        try {
          session.me = await post('/api/v1/console/session', { token: value });
          showSignedIn(true);
          if (location.hash === '' || location.hash === '#') location.hash = home();
          else await route();
        } catch (error) {
          signInView(t('signin.failed', { message: error instanceof ApiError && error.code === 'FORBIDDEN' ? t('signin.forbidden') : errorText(error) }));
        }
      },
    },
    labelled(t('signin.token'), token),
    h('button', { type: 'submit' }, t('signin.submit')),
  );
  render(h('h1', {}, t('signin.title')), h('p', {}, t('signin.intro')), message ? alertBox(message, kind) : null, form);
  titleFromPage();
  token.focus();
}

const ROUTES = [
  [/^#?$/, () => (home() === '#sync' ? syncView() : home() === '#todo' ? todoView() : partnersView())],
  [/^#todo$/, () => todoView()],
  [/^#partners$/, () => partnersView()],
  [/^#matrix\/([a-z0-9-]+)$/, (m) => matrixView(m[1])],
  [/^#preview\/([a-z0-9-]+)(?:\/(\d+))?$/, (m) => previewView(m[1], m[2] ? Number(m[2]) : undefined)],
  [/^#review\/([a-z0-9-]+)$/, (m) => reviewView(m[1])],
  [/^#disclosures$/, () => disclosuresView()],
  [/^#register$/, () => registerView()],
  [/^#legal$/, () => legalView()],
  [/^#accounts$/, () => accountsView()],
  [/^#sync$/, () => syncView()],
  [/^#bank$/, () => bankView()],
  [/^#ill$/, () => illView()],
  [/^#withdrawals(?:\/(.+))?$/, (m) => withdrawalsView(m[1] === undefined ? undefined : decodeURIComponent(m[1]))],
  [/^#report\/(.+)$/, (m) => reportView(decodeURIComponent(m[1]))],
];

/** The menu says how many drafts and orders wait for this officer; counted again at every page. */
function countWaiting() {
  const badge = document.getElementById('todo-count');
  if (session.me === null || !session.me.roles.includes('officer')) {
    badge.hidden = true;
    return;
  }
  waitingCount().then(
    (n) => {
      badge.textContent = String(n);
      badge.hidden = n === 0;
      badge.setAttribute('aria-label', t('nav.todoCount', { n }));
    },
    () => {
      badge.hidden = true;
    },
  );
}

async function route() {
  if (session.me === null) return signInView();
  countWaiting();
  const hash = location.hash;
  for (const link of document.querySelectorAll('#nav a')) {
    const active = hash.startsWith(link.getAttribute('href')) || (link.getAttribute('href') === '#partners' && /^#(matrix|preview|review)/.test(hash));
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const found = ROUTES.find(([pattern]) => pattern.test(hash));
  render(h('p', {}, t('loading')));
  try {
    if (found === undefined) render(h('h1', {}, t('notFound')));
    else await found[1](found[0].exec(hash));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return expired();
    render(errorBox(error));
  }
  titleFromPage();
  main.focus();
}

/** The browser tab says which page this is: its heading, then the console's name. */
function titleFromPage() {
  const heading = main.querySelector('h1')?.textContent?.trim();
  document.title = heading ? `${heading} — ${t('brand')}` : `${t('brand')} — bieb-gateway`;
}

// The hash the page shows now: where the officer is taken back to when they choose to stay.
let shownHash = location.hash;
let returning = false;

window.addEventListener('hashchange', async () => {
  if (returning) {
    returning = false;
    return;
  }
  if (!(await mayLeave())) {
    returning = true;
    location.hash = shownHash;
    return;
  }
  shownHash = location.hash;
  void route();
});

// Closing or reloading the tab while a page holds what would be lost: the browser asks first.
window.addEventListener('beforeunload', (event) => {
  if (currentLeaveGuard() === null) return;
  event.preventDefault();
  event.returnValue = '';
});

async function start() {
  applyStaticTexts();
  try {
    session.me = await get('/api/v1/console/session');
    showSignedIn(true);
    await route();
  } catch {
    session.me = null;
    showSignedIn(false);
    signInView();
  }
}

whenChanged(() => countWaiting());

whenExpired(() => {
  showSignedIn(false);
  signInView();
});

void start();
