// Changing a person's details (#/person/ID/edit). Nothing is overwritten silently: the
// record's history keeps what the details were, who changed them and when.

import { personDraft, updatePerson } from '../backend.js';
import { fromTemplate, show, slot } from '../dom.js';
import { clearErrors, showFailure } from '../forms.js';
import { afterSave } from '../return.js';
import { fillChoices, fillPerson, personFields, readPerson } from '../person-form.js';

export async function render(view, { args }) {
  const id = Number(args[0]);
  const current = await personDraft(id);
  const page = fromTemplate('tpl-edit-person');
  slot(page, 'back').href = `#/person/${id}`;
  const name = [current.givenName, current.familyName].filter(Boolean).join(' ') || 'this person';
  slot(page, 'title').textContent = `Change ${name}'s details`;
  slot(page, 'person').append(personFields());
  await fillChoices(page);
  const form = page.querySelector('#edit-person-form');
  fillPerson(form, current);
  const errors = slot(page, 'errors');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await updatePerson(id, { ...current, ...readPerson(form) });
      clearErrors(form, errors);
      location.hash = afterSave(`#/person/${id}`);
    } catch (error) {
      showFailure(form, errors, error);
    }
  });
  show(view, page);
}
