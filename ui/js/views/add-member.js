// Adding someone to a child's family (#/family/ID/add), or another child of one of the adults
// (#/family/ID/add-child-of/PARENT): who they are, how they are related, where they live and,
// for adults, whether they look after the child.

import { addMember, addOtherChild, familyNetwork } from '../backend.js';
import { fromTemplate, show, slot } from '../dom.js';
import { clearErrors, showFailure } from '../forms.js';
import { afterSave } from '../return.js';
import { addOptions, choices, fillChoices, homeFields, personFields, readHome, readPerson, showDuplicates } from '../person-form.js';

export async function render(view, { args }) {
  const childId = Number(args[0]);
  const parentId = args[1] === 'add-child-of' ? Number(args[2]) : null;
  const family = await familyNetwork(childId);
  const everyone = [...family.atHome, ...family.elsewhere];
  const parent = parentId === null ? null : everyone.find((m) => m.person.id === parentId);
  const lists = await choices();

  const page = fromTemplate('tpl-add-member');
  slot(page, 'back').href = `#/family/${childId}`;
  slot(page, 'person').append(personFields());
  slot(page, 'home').append(homeFields());
  await fillChoices(page);
  const kind = page.querySelector('#kind');
  if (parent) {
    slot(page, 'title').textContent = `Add another child of ${parent.person.name}`;
    slot(page, 'kind-label').textContent = `What is ${parent.person.name} to this child?`;
    slot(page, 'with-label').textContent = `With ${parent.person.name}`;
    addOptions(kind, lists.parentalKinds);
    slot(page, 'pr').hidden = true;
    slot(page, 'since-group').hidden = true;
    slot(page, 'care-section').hidden = true;
  } else {
    slot(page, 'title').textContent = `Add someone to ${family.child.name}'s family`;
    slot(page, 'kind-label').textContent = `What are they to ${family.child.name}?`;
    slot(page, 'with-label').textContent = `At ${family.child.name}'s main home`;
    addOptions(kind, lists.relationshipKinds);
    // A partner is the partner of one of the adults (a mother's new partner), not of the child.
    addOptions(kind, everyone
      .filter((m) => m.isAdultForChild)
      .map((m) => ({ code: `partner:${m.person.id}`, label: `Partner of ${m.person.name}` })));
    addOptions(page.querySelector('#care_kind'), lists.careKinds);
  }
  const form = page.querySelector('#add-member-form');
  const homeHost = slot(page, 'home');
  for (const radio of form.querySelectorAll('input[name="lives"]')) {
    radio.addEventListener('change', () => {
      homeHost.hidden = form.querySelector('input[name="lives"]:checked')?.value !== 'elsewhere';
    });
  }
  const errors = slot(page, 'errors');
  const duplicates = slot(page, 'duplicates');

  const submit = async (who) => {
    const residence = {
      lives: form.querySelector('input[name="lives"]:checked')?.value ?? 'not_known',
      home: readHome(form),
    };
    try {
      let result;
      if (parent) {
        result = await addOtherChild({ parentId, who, kind: kind.value, residence });
      } else {
        const careKind = form.querySelector('#care_kind').value;
        const care = careKind
          ? {
              kind: careKind,
              frequency: form.querySelector('#care_frequency').value,
              atCarersHome: form.querySelector('#at_carers_home').checked,
            }
          : null;
        const partnerOf = kind.value.startsWith('partner:') ? Number(kind.value.slice('partner:'.length)) : null;
        result = await addMember({
          childId,
          who,
          kind: partnerOf === null ? kind.value : 'partner',
          partnerOfId: partnerOf,
          parentalResponsibility: form.querySelector('#parental_responsibility').value,
          since: form.querySelector('#since').value,
          residence,
          care,
        });
      }
      clearErrors(form, errors);
      if (result.status === 'added') {
        location.hash = afterSave(`#/family/${childId}`);
      } else {
        showDuplicates(duplicates, result.matches, (existingId) => {
          submit(existingId === null
            ? { person: readPerson(form), notADuplicate: true }
            : { existingId });
        });
      }
    } catch (error) {
      duplicates.replaceChildren();
      showFailure(form, errors, error);
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit({ person: readPerson(form), notADuplicate: false });
  });
  show(view, page);
}
