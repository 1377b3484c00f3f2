// The settings screen: the clinic's details (saved through the backend) and where this
// workstation keeps its database.

import { getSettings, saveSettings } from '../backend.js';
import { fromTemplate, show, slot } from '../dom.js';
import { clearErrors, showFailure } from '../forms.js';

/** Form field ids (as the backend names them) and the DTO keys they map to. */
const FIELDS = {
  clinic_name: 'clinicName',
  team_phone: 'teamPhone',
  team_email: 'teamEmail',
  team_address: 'teamAddress',
  local_services: 'localServices',
};

export async function render(view, { status }) {
  const page = fromTemplate('tpl-settings');
  slot(page, 'db-path').textContent = status.dbPath;
  slot(page, 'version').textContent = status.version;
  const form = page.querySelector('#settings-form');
  const errors = slot(page, 'errors');
  const saved = slot(page, 'saved');
  fill(form, await getSettings());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(form, errors, saved);
  });
  show(view, page);
}

function fill(form, settings) {
  for (const [id, key] of Object.entries(FIELDS)) {
    form.querySelector(`#${id}`).value = settings?.[key] ?? '';
  }
}

async function submit(form, errors, saved) {
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  saved.replaceChildren();
  const draft = {};
  for (const [id, key] of Object.entries(FIELDS)) {
    draft[key] = form.querySelector(`#${id}`).value;
  }
  try {
    const result = await saveSettings(draft);
    clearErrors(form, errors);
    fill(form, result);
    const banner = fromTemplate('tpl-success');
    slot(banner, 'message').textContent = 'Clinic details saved';
    saved.append(banner);
    document.dispatchEvent(new CustomEvent('kinfold:settings-saved', { detail: result }));
  } catch (error) {
    showFailure(form, errors, error);
  } finally {
    button.disabled = false;
  }
}
