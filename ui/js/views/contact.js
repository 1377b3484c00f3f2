// Contacts with a family. `#/family/ID/contact` records one (what kind, when, who was there);
// `#/contact/ID` shows it with the gaps panel as the family's gaps stood on that day, so every
// "asked, not obtained" answer given there is filed against the contact.

import { contactView, familyNetwork, recordContact } from '../backend.js';
import { fromTemplate, show, slot, summaryRow } from '../dom.js';
import { clearErrors, showFailure } from '../forms.js';
import { el, renderGapsPanel } from '../gaps-panel.js';
import { fillChoices } from '../person-form.js';

function localToday() {
  const d = new Date();
  return `${d.getDate()}/${d.getMonth() + 1}/${d.getFullYear()}`;
}

/** The form for a new contact. */
export async function renderNew(view, { args }) {
  const childId = Number(args[0]);
  const family = await familyNetwork(childId);
  const page = fromTemplate('tpl-contact-form');
  slot(page, 'child').textContent = family.child.name;
  slot(page, 'back').href = `#/family/${childId}`;
  await fillChoices(page);
  const form = page.querySelector('#contact-form');
  form.elements.date.value = localToday();
  const present = slot(page, 'present');
  const people = [{ id: family.child.id, name: family.child.name, roles: 'The child' },
    ...[...family.atHome, ...family.elsewhere].map((m) => ({ id: m.person.id, name: m.person.name, roles: m.roles }))];
  for (const person of people) {
    const item = el('div', 'nhsuk-checkboxes__item');
    const box = el('input', 'nhsuk-checkboxes__input');
    box.type = 'checkbox';
    box.name = 'present';
    box.value = String(person.id);
    box.id = `present-${person.id}`;
    const label = el('label', 'nhsuk-label nhsuk-checkboxes__label', `${person.name} (${person.roles})`);
    label.htmlFor = box.id;
    item.append(box, label);
    present.append(item);
  }
  const errors = slot(page, 'errors');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const contact = {
      kind: form.elements.kind.value,
      date: form.elements.date.value,
      present: [...form.querySelectorAll('input[name="present"]:checked')].map((b) => Number(b.value)),
      othersPresent: form.elements.others_present.value,
      notes: form.elements.notes.value,
    };
    try {
      const id = await recordContact(childId, contact);
      clearErrors(form, errors);
      location.hash = `#/contact/${id}`;
    } catch (error) {
      showFailure(form, errors, error);
    }
  });
  show(view, page);
}

/** One contact, with the gaps panel as of its date. */
export async function render(view, { args }) {
  const contactId = Number(args[0]);
  const page = fromTemplate('tpl-contact');
  const panelHost = slot(page, 'gaps');
  const load = async () => {
    const { contact, followUp } = await contactView(contactId);
    return { contact, followUp };
  };
  const { contact, followUp } = await load();
  slot(page, 'back').href = `#/family/${followUp.child.id}`;
  slot(page, 'title').textContent = `${contact.kindLabel} on ${contact.date}`;
  slot(page, 'child').textContent = followUp.child.name;
  const details = slot(page, 'details');
  summaryRow(details, 'Who was there', [...contact.present, contact.othersPresent].filter(Boolean).join(', ') || 'Not recorded');
  if (contact.notes) summaryRow(details, 'Notes', contact.notes);
  summaryRow(details, 'Recorded by', contact.by);
  const reload = async () => {
    const again = await load();
    await renderGapsPanel(panelHost, again.followUp, { childId: again.followUp.child.id, contactId, reload });
  };
  await renderGapsPanel(panelHost, followUp, { childId: followUp.child.id, contactId, reload });
  show(view, page);
}
