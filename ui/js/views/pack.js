// A leaflet pack for one person (#/family/CHILD/pack/PERSON, or .../again/SENT to print a
// pack from the sent-log again): the leaflets Kinfold suggests (or those sent before; they can
// be changed), large print, the joint-appointment letter, how it will be given; then the pack
// is made and previewed page by page, to print, open or save a copy; and recorded as sent,
// which puts it in the sent-log.

import { makePack, packChoice, recordPack } from '../backend.js';
import { fromTemplate, show, slot } from '../dom.js';
import { clearErrors, showFailure } from '../forms.js';
import { el } from '../gaps-panel.js';
import { addOptions, choices } from '../person-form.js';
import { clearPrintArea, printoutView } from '../printout.js';

export async function render(view, { args }) {
  const childId = Number(args[0]);
  const personId = Number(args[2]);
  const againId = args[3] === 'again' && args[4] ? Number(args[4]) : null;
  const [choice, lists] = await Promise.all([packChoice(childId, personId, againId), choices()]);
  const again = choice.again;
  const page = fromTemplate('tpl-pack');
  slot(page, 'back').href = `#/family/${childId}`;
  slot(page, 'title').textContent = `Leaflet pack for ${choice.recipient}`;
  slot(page, 'child').textContent = `About ${choice.child}`;
  const boxes = slot(page, 'leaflets');
  for (const leaflet of choice.leaflets) {
    const item = el('div', 'nhsuk-checkboxes__item');
    const box = el('input', 'nhsuk-checkboxes__input');
    box.type = 'checkbox';
    box.name = 'leaflets';
    box.value = leaflet.code;
    box.id = `leaflet-${leaflet.code}`;
    box.checked = again ? again.leaflets.includes(leaflet.code) : leaflet.suggested;
    const label = el('label', 'nhsuk-label nhsuk-checkboxes__label', `${leaflet.title} (version ${leaflet.version})${leaflet.suggested ? ', suggested' : ''}`);
    label.htmlFor = box.id;
    item.append(box, label);
    boxes.append(item);
  }
  const method = page.querySelector('#method');
  addOptions(method, lists.sendMethods);
  method.value = choice.hasAddress ? 'post' : 'by_hand';
  if (!choice.hasAddress) slot(page, 'no-address').hidden = false;
  if (again) {
    slot(page, 'title').textContent = `Print again for ${choice.recipient}`;
    const note = slot(page, 'again');
    note.hidden = false;
    note.append(el('p', 'nhsuk-body', `This is the pack given on ${again.sentOn}, with the same leaflets and options. It is printed with their details as they are now.`));
    for (const line of again.newer) note.append(el('p', 'nhsuk-body', line));
    page.querySelector('#large_print').checked = again.largePrint;
    page.querySelector('#invitation').checked = again.invitation;
    if (again.method !== 'post' || choice.hasAddress) method.value = again.method;
  }
  const form = page.querySelector('#pack-form');
  const errors = slot(page, 'errors');
  const made = slot(page, 'made');
  const input = () => ({
    childId,
    personId,
    leaflets: [...form.querySelectorAll('input[name="leaflets"]:checked')].map((b) => b.value),
    largePrint: form.querySelector('#large_print').checked,
    invitation: form.querySelector('#invitation').checked,
    method: method.value,
  });
  const showMade = (pack) => {
    made.replaceChildren();
    const panel = el('div', 'nhsuk-card');
    panel.id = 'made-pack';
    const content = el('div', 'nhsuk-card__content');
    content.append(el('h2', 'nhsuk-heading-m', pack.sentId ? 'Pack made and recorded as sent' : 'Pack made: check it, then record it as sent'));
    const printout = pack.printout;
    content.append(el('p', 'nhsuk-body', `${printout.pages} pages for ${pack.recipient}${pack.largePrint ? ', in large print' : ''}. To be given ${pack.methodLabel.toLowerCase()}.`));
    const list = el('ul', 'nhsuk-list nhsuk-list--bullet');
    for (const part of pack.contents) list.append(el('li', '', part));
    content.append(list);
    const where = el('p', 'nhsuk-body-s', 'The PDF is ');
    const code = el('code', 'kf-path', printout.file);
    code.id = 'pack-file';
    where.append(code, '. Kinfold deletes it when it locks, because it is not encrypted.');
    content.append(where);
    const { actions, preview } = printoutView(printout, {
      onError: (error) => showFailure(form, errors, error),
      savedNote: 'That copy is not encrypted and Kinfold will not delete it: keep it only where your clinic allows.',
    });
    content.append(actions);
    if (!pack.sentId) {
      const record = el('button', 'nhsuk-button kf-space-right', 'Record as sent');
      record.type = 'button';
      record.id = 'record-pack';
      record.addEventListener('click', async () => {
        // The pack in the file on screen is recorded, not the form as it is now.
        record.disabled = true;
        try {
          showMade(await recordPack(printout.file));
        } catch (error) {
          record.disabled = false;
          showFailure(form, errors, error);
        }
      });
      actions.prepend(record);
    } else {
      const back = el('a', 'nhsuk-button kf-space-right', 'Back to the family');
      back.href = `#/family/${childId}`;
      back.id = 'pack-done';
      actions.prepend(back);
    }
    content.append(preview);
    panel.append(content);
    made.append(panel);
    panel.scrollIntoView({ block: 'start' });
  };
  // A change to the choices makes the pack on screen out of date: it goes, and is made again.
  form.addEventListener('change', () => {
    if (!made.querySelector('#made-pack')) return;
    made.replaceChildren(el('p', 'nhsuk-body', 'You changed the choices. Make the pack again to see it.'));
    clearPrintArea();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const pack = await makePack(input(), false);
      clearErrors(form, errors);
      showMade(pack);
    } catch (error) {
      showFailure(form, errors, error);
    }
  });
  show(view, page);
}
