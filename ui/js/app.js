// Kinfold's UI entry point: asks the backend where things stand (first run, login, a
// problem with the database, or open), shows the matching screen, and once someone is logged
// in routes between screens by the URL hash (#/caseload, #/families, #/packs, #/settings).

import { appStatus, gapCounts, getSettings, lock } from './backend.js';
import { show } from './dom.js';
import { stopWatching, watchIdle } from './idle.js';
import { clearPrintArea } from './printout.js';
import * as admin from './views/admin.js';
import * as session from './views/session.js';
import * as addChild from './views/add-child.js';
import * as addMember from './views/add-member.js';
import * as caseload from './views/caseload.js';
import * as contact from './views/contact.js';
import * as supervision from './views/supervision.js';
import * as checklist from './views/checklist.js';
import * as pack from './views/pack.js';
import * as editPerson from './views/edit-person.js';
import * as families from './views/families.js';
import * as moveHome from './views/move-home.js';
import * as family from './views/family.js';
import * as familyActions from './views/family-actions.js';
import * as packs from './views/packs.js';
import * as person from './views/person.js';
import * as settings from './views/settings.js';

/** Screens by the first part of the hash; `nav` is the menu item they belong under. */
const routes = {
  caseload: { view: caseload, title: 'Caseload', nav: 'caseload' },
  families: { view: families, title: 'Families', nav: 'families' },
  supervision: { view: supervision, title: 'For supervision', nav: 'supervision' },
  contact: { view: contact, title: 'Contact', nav: 'caseload' },
  'contact-new': { view: { render: contact.renderNew }, title: 'Record a contact', nav: 'caseload' },
  pack: { view: pack, title: 'Leaflet pack', nav: 'packs' },
  checklist: { view: checklist, title: 'Visit checklist', nav: 'families' },
  packs: { view: packs, title: 'Packs', nav: 'packs' },
  settings: { view: settings, title: 'Settings', nav: 'settings' },
  admin: { view: admin, title: 'Admin', nav: 'admin' },
  access: { view: admin.access, title: 'Who has seen this record', nav: 'families' },
  'add-child': { view: addChild, title: 'Add a child', nav: 'families' },
  family: { view: family, title: 'Family', nav: 'families' },
  'family-add': { view: addMember, title: 'Add to a family', nav: 'families' },
  'family-action': { view: familyActions, title: 'Family', nav: 'families' },
  person: { view: person, title: 'Person', nav: 'families' },
  'person-edit': { view: editPerson, title: 'Change details', nav: 'families' },
  'person-move': { view: moveHome, title: 'New home', nav: 'families' },
};

/** "#/family/7/add" → {name: 'family-add', args: ['7', ...]}. */
function parse(hash) {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [name = 'caseload', ...args] = parts;
  if (name === 'family' && args.length > 1 && (args[1] === 'add' || args[1] === 'add-child-of')) {
    return { name: 'family-add', args };
  }
  if (name === 'family' && args[1] === 'contact') return { name: 'contact-new', args };
  if (name === 'family' && args[1] === 'pack' && args[2]) return { name: 'pack', args };
  if (name === 'family' && args[1] === 'checklist') return { name: 'checklist', args };
  if (name === 'family' && (args[1] === 'care' || args[1] === 'restrict')) {
    return { name: 'family-action', args };
  }
  if (name === 'person' && args[1] === 'edit') return { name: 'person-edit', args };
  if (name === 'person' && args[1] === 'move') return { name: 'person-move', args };
  if (name === 'person' && args[1] === 'access') return { name: 'access', args };
  return routes[name] ? { name, args } : { name: 'caseload', args: [] };
}

const view = () => document.getElementById('view');

/** The status of the open session (who is logged in); routes read it. */
let current = null;
/** Who was logged in last: after a lock, they carry on where they were; anyone else starts
 * at the caseload (they should not land on the screen someone else left open). */
let lastUser = null;

function setChrome(status) {
  const open = status?.stage === 'open';
  document.getElementById('nav').hidden = !open;
  document.getElementById('user-area').hidden = !open;
  document.getElementById('nav-admin').hidden = !(open && status.user.role === 'admin');
  if (open) {
    document.getElementById('user-name').textContent = `${status.user.displayName} (${status.user.roleLabel})`;
  } else {
    document.getElementById('clinic-name').textContent = '';
  }
}

function screen(name, title) {
  document.title = `${title} – Kinfold`;
  document.body.dataset.screen = name;
  window.scrollTo(0, 0);
}

/** Shows whatever the backend's status calls for. */
async function enter(status) {
  current = null;
  stopWatching();
  clearPrintArea();
  setChrome(status);
  delete document.body.dataset.screen;
  switch (status.stage) {
    case 'first_run':
      session.renderSetup(view(), status, (recoveryKey) => {
        if (recoveryKey) {
          session.renderRecoveryKey(view(), recoveryKey, () => reload());
          screen('recovery-key', 'Recovery key');
        } else {
          reload();
        }
      });
      return screen('setup', 'Set up Kinfold');
    case 'login':
      return showLogin({});
    case 'problem':
      session.renderProblem(view(), status, (next) => enter(next));
      return screen('startup-error', 'Cannot open the database');
    default:
      return openApp(status);
  }
}

async function reload() {
  await enter(await appStatus());
}

function showLogin(how) {
  current = null;
  stopWatching();
  clearPrintArea();
  setChrome(null);
  session.renderLogin(view(), how, () => reload());
  screen('login', 'Log in');
}

function watch(minutes) {
  watchIdle(minutes, (after) => showLogin({ lockedAfter: after }));
}

async function openApp(status) {
  if (lastUser !== null && lastUser !== status.user.username) {
    history.replaceState(null, '', '#/caseload');
  }
  lastUser = status.user.username;
  current = status;
  refreshCounts();
  watch(status.idleLockMinutes ?? 5);
  getSettings().then(showClinicName, () => {});
  await route();
}

async function boot() {
  document.addEventListener('kinfold:settings-saved', (event) => showClinicName(event.detail));
  document.addEventListener('kinfold:idle-changed', (event) => {
    if (current) watch(event.detail);
  });
  document.addEventListener('kinfold:locked', () => {
    if (current) showLogin({ lockedNow: true });
  });
  document.getElementById('lock-now').addEventListener('click', async () => {
    await lock().catch(() => {});
    showLogin({ lockedNow: true });
  });
  document.addEventListener('kinfold:counts', (event) => showCounts(event.detail));
  window.addEventListener('hashchange', () => {
    if (current) route();
  });
  await reload();
}

async function route() {
  const status = current;
  const { name, args } = parse(location.hash);
  const route = routes[name];
  for (const link of document.querySelectorAll('#nav a[data-route]')) {
    if (link.dataset.route === route.nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${route.title} – Kinfold`;
  delete document.body.dataset.screen;
  clearPrintArea();
  try {
    await route.view.render(view(), { status, args });
  } catch (error) {
    if (current !== status) return; // locked meanwhile: the login screen is showing
    show(view(), paragraph(`This screen could not be shown: ${error.message}`));
  }
  if (current !== status) return;
  document.body.dataset.screen = name;
  window.scrollTo(0, 0);
}

/**
 * The numbers beside Caseload and Supervision: asked for after login, then kept up to date by
 * the Caseload and Supervision screens (which have the figures anyway), so moving between
 * screens never waits for a whole-caseload scan.
 */
async function refreshCounts() {
  try {
    showCounts(await gapCounts());
  } catch {
    showCounts({});
  }
}

function showCounts({ familiesWithGaps, supervision }) {
  const put = (id, n, words) => {
    const node = document.getElementById(id);
    if (n === undefined) return;
    node.textContent = n > 0 ? `(${n})` : '';
    node.title = `${n} ${words}`;
  };
  put('nav-caseload-count', familiesWithGaps, 'families with missing information');
  put('nav-supervision-count', supervision, 'families for supervision');
}

function paragraph(text) {
  const p = document.createElement('p');
  p.className = 'nhsuk-body';
  p.textContent = text;
  return p;
}

function showClinicName(saved) {
  document.getElementById('clinic-name').textContent = saved?.clinicName ?? '';
}

boot().catch((error) => {
  const message = document.createElement('p');
  message.className = 'nhsuk-body';
  message.textContent = `Kinfold could not start: ${error.message}`;
  show(view(), message);
  document.body.dataset.screen = 'startup-error';
});
