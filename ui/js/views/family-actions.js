// Two things to record about someone already in a child's family: the care they give the
// child (#/family/ID/care/PERSON) and what they must not be told (#/family/ID/restrict/PERSON).

import { addCare, addRestriction, familyNetwork } from '../backend.js';
import { fromTemplate, show, slot } from '../dom.js';
import { clearErrors, showFailure } from '../forms.js';
import { afterSave } from '../return.js';
import { fillChoices } from '../person-form.js';

function wire(form, errors, save, childId) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await save();
      clearErrors(form, errors);
      location.hash = afterSave(`#/family/${childId}`);
    } catch (error) {
      showFailure(form, errors, error);
    }
  });
}

export async function render(view, { args }) {
  const [childArg, action, personArg] = args;
  const childId = Number(childArg);
  const personId = Number(personArg);
  const family = await familyNetwork(childId);
  const everyone = [family.child, ...[...family.atHome, ...family.elsewhere].map((m) => m.person)];
  const person = everyone.find((p) => p.id === personId);
  if (!person) throw new Error('That person is not in this family');

  if (action === 'care') {
    const page = fromTemplate('tpl-add-care');
    slot(page, 'back').href = `#/family/${childId}`;
    slot(page, 'title').textContent = `Care ${family.child.name} gets from ${person.name}`;
    slot(page, 'where').textContent = `The care happens where ${person.name} lives`;
    await fillChoices(page);
    const form = page.querySelector('#care-form');
    wire(form, slot(page, 'errors'), () => addCare({
      childId,
      carerId: personId,
      care: {
        kind: form.querySelector('#care_kind').value,
        frequency: form.querySelector('#care_frequency').value,
        atCarersHome: form.querySelector('#at_carers_home').checked,
      },
      source: form.querySelector('#source').value,
    }), childId);
    show(view, page);
    return;
  }

  const page = fromTemplate('tpl-restrict');
  slot(page, 'back').href = `#/family/${childId}`;
  slot(page, 'title').textContent = `Limit what ${person.name} is told`;
  await fillChoices(page);
  const subject = page.querySelector('#subject');
  for (const other of everyone.filter((p) => p.id !== personId)) {
    const option = document.createElement('option');
    option.value = String(other.id);
    option.textContent = other.name;
    subject.append(option);
  }
  const form = page.querySelector('#restrict-form');
  wire(form, slot(page, 'errors'), () => addRestriction({
    subjectId: Number(subject.value),
    withheldFromId: personId,
    fact: form.querySelector('#fact').value,
    reason: form.querySelector('#reason').value,
  }), childId);
  show(view, page);
}
