// The packs screen: every safety pack that is due (each adult who has a child overnight away
// from home and has not had the safety leaflets), one by one or all at once with a progress
// bar. Each pack is saved as a PDF and recorded as sent.

import { makePack, packChoice, packsDue } from '../backend.js';
import { fromTemplate, show, slot } from '../dom.js';
import { el } from '../gaps-panel.js';

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
  all.addEventListener('click', async () => {
    all.disabled = true;
    progress.hidden = false;
    bar.max = due.length;
    bar.value = 0;
    const problems = [];
    let folder = '';
    for (const [i, d] of due.entries()) {
      status.textContent = `Making pack ${i + 1} of ${due.length}: ${d.person}`;
      try {
        const choice = await packChoice(d.childId, d.personId);
        const leaflets = choice.leaflets.filter((l) => l.suggested).map((l) => l.code);
        const made = await makePack({ childId: d.childId, personId: d.personId, leaflets, largePrint: false, invitation: true, method: '' }, true);
        folder = made.printout.file.replace(/\/[^/]*$/, '');
      } catch (error) {
        problems.push(`${d.person}: ${error.message}`);
      }
      bar.value = i + 1;
    }
    status.textContent = `Made ${due.length - problems.length} of ${due.length} packs${folder ? `, saved in ${folder}` : ''}.`;
    for (const p of problems) status.append(el('span', 'nhsuk-error-message', p));
  });
  show(view, page);
}
