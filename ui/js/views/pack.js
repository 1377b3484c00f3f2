// A leaflet pack for one person (#/family/CHILD/pack/PERSON): the leaflets Kinfold suggests
// (they can be changed), large print, the joint-appointment letter, how it will be given;
// then the pack is made, shown (what is in it, how many pages) and opened in the PDF viewer
// to read or print; and recorded as sent, which puts it in the sent-log.

import { makePack, openPack, packChoice } from '../backend.js';
import { fromTemplate, show, slot } from '../dom.js';
import { clearErrors, showFailure } from '../forms.js';
import { el } from '../gaps-panel.js';
import { addOptions, choices } from '../person-form.js';

export async function render(view, { args }) {
  const childId = Number(args[0]);
  const personId = Number(args[2]);
  const [choice, lists] = await Promise.all([packChoice(childId, personId), choices()]);
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
    box.checked = leaflet.suggested;
    const label = el('label', 'nhsuk-label nhsuk-checkboxes__label', `${leaflet.title} (version ${leaflet.version})${leaflet.suggested ? ', suggested' : ''}`);
    label.htmlFor = box.id;
    item.append(box, label);
    boxes.append(item);
  }
  const method = page.querySelector('#method');
  addOptions(method, lists.sendMethods);
  method.value = choice.hasAddress ? 'post' : 'by_hand';
  if (!choice.hasAddress) slot(page, 'no-address').hidden = false;
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
    content.append(el('p', 'nhsuk-body', `${pack.pages} pages for ${pack.recipient}${pack.largePrint ? ', in large print' : ''}. To be given ${pack.methodLabel.toLowerCase()}.`));
    const list = el('ul', 'nhsuk-list nhsuk-list--bullet');
    for (const part of pack.contents) list.append(el('li', '', part));
    content.append(list);
    const where = el('p', 'nhsuk-body-s', 'Saved as ');
    const code = el('code', 'kf-path', pack.file);
    code.id = 'pack-file';
    where.append(code, '. It is deleted when Kinfold locks, because it is not encrypted.');
    content.append(where);
    const open = el('button', 'nhsuk-button nhsuk-button--secondary kf-space-right', 'Open to read or print');
    open.type = 'button';
    open.id = 'open-pack';
    open.addEventListener('click', () => openPack(pack.file).catch((error) => showFailure(form, errors, error)));
    content.append(open);
    if (!pack.sentId) {
      const record = el('button', 'nhsuk-button', 'Record as sent');
      record.type = 'button';
      record.id = 'record-pack';
      record.addEventListener('click', async () => {
        try {
          showMade(await makePack(input(), true));
        } catch (error) {
          showFailure(form, errors, error);
        }
      });
      content.append(record);
    } else {
      const back = el('a', 'nhsuk-button', 'Back to the family');
      back.href = `#/family/${childId}`;
      back.id = 'pack-done';
      content.append(back);
    }
    panel.append(content);
    made.append(panel);
  };
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
