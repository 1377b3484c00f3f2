// Kinfold's UI entry point: checks the backend is ready, then routes between screens by the
// URL hash (#/caseload, #/families, #/packs, #/settings).

import { appStatus, getSettings } from './backend.js';
import { fromTemplate, show, slot } from './dom.js';
import * as addChild from './views/add-child.js';
import * as addMember from './views/add-member.js';
import * as caseload from './views/caseload.js';
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
  packs: { view: packs, title: 'Packs', nav: 'packs' },
  settings: { view: settings, title: 'Settings', nav: 'settings' },
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
  if (name === 'family' && (args[1] === 'care' || args[1] === 'restrict')) {
    return { name: 'family-action', args };
  }
  if (name === 'person' && args[1] === 'edit') return { name: 'person-edit', args };
  if (name === 'person' && args[1] === 'move') return { name: 'person-move', args };
  return routes[name] ? { name, args } : { name: 'caseload', args: [] };
}

/** What to do when the database cannot be opened, by error code. */
const startupAdvice = {
  database_too_new:
    'This computer has an older copy of Kinfold than the one that last used this database. Install the newest version of Kinfold, then open it again.',
  database_unavailable:
    "Check that the file is your clinic's Kinfold database and that this computer account can open it. If the file is damaged, ask your IT team to put back the last backup.",
  migration_failed:
    'Ask your IT team for help and give them the message above. Your records have not been changed.',
};

const view = () => document.getElementById('view');

async function boot() {
  const status = await appStatus();
  if (status.error) {
    showStartupError(status);
    return;
  }
  document.addEventListener('kinfold:settings-saved', (event) => showClinicName(event.detail));
  getSettings().then(showClinicName, () => {});
  window.addEventListener('hashchange', () => route(status));
  await route(status);
}

async function route(status) {
  const { name, args } = parse(location.hash);
  const route = routes[name];
  for (const link of document.querySelectorAll('#nav a[data-route]')) {
    if (link.dataset.route === route.nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${route.title} – Kinfold`;
  delete document.body.dataset.screen;
  try {
    await route.view.render(view(), { status, args });
  } catch (error) {
    show(view(), paragraph(`This screen could not be shown: ${error.message}`));
  }
  document.body.dataset.screen = name;
  window.scrollTo(0, 0);
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

function showStartupError(status) {
  const page = fromTemplate('tpl-startup-error');
  slot(page, 'title').textContent =
    status.error.code === 'database_too_new' ? 'This database needs a newer Kinfold' : 'Kinfold cannot open its database';
  slot(page, 'message').textContent = status.error.message;
  slot(page, 'advice').textContent =
    startupAdvice[status.error.code] ?? 'Close Kinfold and open it again. If this keeps happening, ask your IT team for help.';
  slot(page, 'path').textContent = status.dbPath;
  document.getElementById('nav').hidden = true;
  show(view(), page);
  document.title = 'Cannot open the database – Kinfold';
  document.body.dataset.screen = 'startup-error';
}

boot().catch((error) => {
  const message = document.createElement('p');
  message.className = 'nhsuk-body';
  message.textContent = `Kinfold could not start: ${error.message}`;
  show(view(), message);
  document.body.dataset.screen = 'startup-error';
});
