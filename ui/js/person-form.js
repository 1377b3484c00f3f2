// The parts the add forms share: the person fields, the home fields, the choice lists from the
// backend, and the duplicate warning that asks before a second record of one person is made.

import { vocabulary } from './backend.js';
import { fromTemplate, slot } from './dom.js';

let cachedVocabulary;

/** The backend's choice lists, fetched once. */
export async function choices() {
  cachedVocabulary ??= await vocabulary();
  return cachedVocabulary;
}

/** Adds <option>s for each choice to a <select>. */
export function addOptions(select, list) {
  for (const { code, label } of list) {
    const option = document.createElement('option');
    option.value = code;
    option.textContent = label;
    select.append(option);
  }
}

/** Fills every select marked data-choices="listName" inside root. */
export async function fillChoices(root) {
  const lists = await choices();
  for (const select of root.querySelectorAll('select[data-choices]')) {
    addOptions(select, lists[select.dataset.choices] ?? []);
  }
}

const PERSON_FIELDS = {
  given_name: 'givenName',
  family_name: 'familyName',
  known_as: 'knownAs',
  birth_date: 'birthDate',
  birth_year: 'birthYear',
  sex: 'sex',
  nhs_number: 'nhsNumber',
  phone: 'phone',
  source: 'source',
  confirmed_on: 'confirmedOn',
};

/** Fields only the edit form has. */
const MORE_FIELDS = {
  email: 'email',
  first_language: 'firstLanguage',
  interpreter_needed: 'interpreterNeeded',
  source_detail: 'sourceDetail',
  notes: 'notes',
};

const HOME_FIELDS = { address_lines: 'addressLines', postcode: 'postcode', description: 'description' };

export const personFields = () => fromTemplate('tpl-person-fields');
export const homeFields = () => fromTemplate('tpl-home-fields');

function read(form, fields) {
  const out = {};
  for (const [id, key] of Object.entries(fields)) {
    const input = form.querySelector(`#${id}`);
    if (input) out[key] = input.value;
  }
  return out;
}

/** The person fields of `form` as the backend's PersonInputDto. */
export function readPerson(form) {
  const person = { ...read(form, PERSON_FIELDS), ...read(form, MORE_FIELDS) };
  person.nameStatus = form.querySelector('input[name="name_status"]:checked')?.value ?? 'known';
  const deceased = form.querySelector('#deceased');
  if (deceased) person.deceased = deceased.checked;
  return person;
}

/** Fills the person fields of `form` from a PersonInputDto. */
export function fillPerson(form, person) {
  for (const [id, key] of Object.entries({ ...PERSON_FIELDS, ...MORE_FIELDS })) {
    const input = form.querySelector(`#${id}`);
    if (input) input.value = person[key] ?? '';
  }
  const deceased = form.querySelector('#deceased');
  if (deceased) deceased.checked = Boolean(person.deceased);
  const status = form.querySelector(`input[name="name_status"][value="${CSS.escape(person.nameStatus)}"]`);
  if (status) status.checked = true;
}

/** The home fields of `form` as the backend's HomeInputDto. */
export function readHome(form) {
  return read(form, HOME_FIELDS);
}

/**
 * Shows the duplicate warning in `host` for `matches`. `onChoice` is called with the id of
 * the record to use, or null when the practitioner says it is someone new.
 */
export function showDuplicates(host, matches, onChoice) {
  const panel = fromTemplate('tpl-duplicates');
  const list = slot(panel, 'list');
  for (const match of matches) {
    const item = fromTemplate('tpl-duplicate-item');
    slot(item, 'name').textContent = match.name;
    const nhs = match.nhsNumber ? `, NHS number ${match.nhsNumber}` : '';
    slot(item, 'details').textContent = `born ${match.born}${nhs} (${match.reason})`;
    slot(item, 'use').addEventListener('click', () => onChoice(match.personId));
    list.append(item);
  }
  panel.querySelector('#not-a-duplicate').addEventListener('click', () => onChoice(null));
  host.replaceChildren(panel);
  host.querySelector('#duplicates')?.scrollIntoView();
}
