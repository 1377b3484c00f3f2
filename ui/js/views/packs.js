// The packs screen: every safety pack that is due (each adult who has a child overnight away
// from home and has not had the safety leaflets), one by one or all at once with a progress
// bar. Each pack is saved as a PDF and recorded as sent; then each can be printed, opened or
// saved from the list of packs made.

import { makePack, packChoice, packsDue } from '../backend.js';
import { fromTemplate, show, slot } from '../dom.js';
import { el } from '../gaps-panel.js';
import { printoutActions } from '../printout.js';

export async function render(view) {
  const page = fromTemplate('tpl-packs');
  const due = await packsDue();
  const list = slot(page, 'due');
  const all = slot(page, 'all');
  if (due.length === 0) {
    list.append(el('p', 'nhsuk-body', 'No safety packs are due. A pack is due when someone has a baby overnight away from the main home and has not had the safety leaflets.'));
    all.hidden = true;
  } else {
    const ul = el('ul', 'nhsuk-list');
    ul.id = 'packs-due';
    for (const d of due) {
      const li = el('li');
      const link = el('a', '', `${d.person}, for ${d.child}`);
      link.href = `#/family/${d.childId}/pack/${d.personId}`;
      li.append(link);
      ul.append(li);
    }
    list.append(ul);
  }
  const progress = slot(page, 'progress');
  const bar = progress.querySelector('progress');
  const status = slot(page, 'status');
  const made = slot(page, 'made');
  all.addEventListener('click', async () => {
    all.disabled = true;
    progress.hidden = false;
    bar.max = due.length;
    bar.value = 0;
    const problems = [];
    const packs = [];
    for (const [i, d] of due.entries()) {
      status.textContent = `Making pack ${i + 1} of ${due.length}: ${d.person}`;
      try {
        const choice = await packChoice(d.childId, d.personId);
        const leaflets = choice.leaflets.filter((l) => l.suggested).map((l) => l.code);
        packs.push({ due: d, pack: await makePack({ childId: d.childId, personId: d.personId, leaflets, largePrint: false, invitation: true, method: '' }, true) });
      } catch (error) {
        problems.push(`${d.person}: ${error.message}`);
        if (error.code === 'locked') break;
      }
      bar.value = i + 1;
    }
    status.textContent = `Made ${packs.length} of ${due.length} packs and recorded them as sent. Print each one below, or open it to print it from the PDF viewer.`;
    for (const p of problems) status.append(el('span', 'nhsuk-error-message', p));
    made.replaceChildren();
    if (packs.length === 0) return;
    made.append(el('h2', 'nhsuk-heading-m', 'Packs made'));
    const rows = el('ul', 'nhsuk-list');
    rows.id = 'packs-made';
    for (const [i, { due: d, pack }] of packs.entries()) {
      const row = el('li', 'kf-made-pack');
      row.append(el('p', 'nhsuk-body nhsuk-u-margin-bottom-2', `${d.person}, for ${d.child}: ${pack.printout.pages} pages, to be given ${pack.methodLabel.toLowerCase()}.`));
      row.append(printoutActions(pack.printout, {
        onError: (error) => status.append(el('span', 'nhsuk-error-message', `${d.person}: ${error.message}`)),
        savedNote: 'That copy is not encrypted and Kinfold will not delete it: keep it only where your clinic allows.',
        suffix: `-${i + 1}`,
      }));
      rows.append(row);
    }
    made.append(rows, el('p', 'nhsuk-body-s', 'The PDFs are not encrypted, so Kinfold deletes them when it locks. A pack can be printed again from the family’s sent-log.'));
  });
  show(view, page);
}
