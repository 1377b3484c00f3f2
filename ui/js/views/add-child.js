// Adding a child to the caseload: the child, their main home and their named practitioner.
// A likely duplicate is shown before anything is saved; choosing it puts that record on the
// caseload instead of making a second one.

import { addChild } from '../backend.js';
import { fromTemplate, show, slot } from '../dom.js';
import { clearErrors, showFailure } from '../forms.js';
import { fillChoices, homeFields, personFields, readHome, readPerson, showDuplicates } from '../person-form.js';

export async function render(view) {
  const page = fromTemplate('tpl-add-child');
  slot(page, 'person').append(personFields());
  slot(page, 'home').append(homeFields());
  await fillChoices(page);
  const form = page.querySelector('#add-child-form');
  const errors = slot(page, 'errors');
  const duplicates = slot(page, 'duplicates');
  const submit = async (notADuplicate, existingId = null) => {
    const input = {
      child: readPerson(form),
      notADuplicate,
      existingId,
      home: readHome(form),
      namedPractitioner: form.querySelector('#named_practitioner').value,
    };
    try {
      const result = await addChild(input);
      clearErrors(form, errors);
      if (result.status === 'added') {
        location.hash = `#/family/${result.personId}`;
      } else {
        // The record chosen joins the caseload at this home (or opens, if it is on it already).
        showDuplicates(duplicates, result.matches, (existingId) => submit(existingId === null, existingId));
      }
    } catch (error) {
      duplicates.replaceChildren();
      showFailure(form, errors, error);
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(false);
  });
  show(view, page);
}
