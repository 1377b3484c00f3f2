// Recording a move (#/person/ID/move): the new home, and who said so. The old home is not
// overwritten: it stays in the record's history with today as its end.

import { moveHome, personView } from '../backend.js';
import { fromTemplate, show, slot } from '../dom.js';
import { clearErrors, showFailure } from '../forms.js';
import { afterSave } from '../return.js';
import { fillChoices, homeFields, readHome } from '../person-form.js';

export async function render(view, { args }) {
  const id = Number(args[0]);
  const { person } = await personView(id);
  const page = fromTemplate('tpl-move');
  slot(page, 'back').href = `#/person/${id}`;
  slot(page, 'title').textContent = `${person.name}'s new home`;
  slot(page, 'home').append(homeFields());
  await fillChoices(page);
  const form = page.querySelector('#move-form');
  const errors = slot(page, 'errors');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await moveHome({ personId: id, home: readHome(form), source: form.querySelector('#source').value });
      clearErrors(form, errors);
      location.hash = afterSave(`#/person/${id}`);
    } catch (error) {
      showFailure(form, errors, error);
    }
  });
  show(view, page);
}
