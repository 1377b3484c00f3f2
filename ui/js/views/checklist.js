// The practitioner's visit checklist for one child (#/family/CHILD/checklist): what is known
// about the family, what must not be shared, the open gaps with why we ask, and room for
// notes, previewed page by page to print, open or save. Making it is audited.

import { visitChecklist } from '../backend.js';
import { fromTemplate, show, slot } from '../dom.js';
import { showFailure } from '../forms.js';
import { printoutView } from '../printout.js';

export async function render(view, { args }) {
  const childId = Number(args[0]);
  const printout = await visitChecklist(childId);
  const page = fromTemplate('tpl-checklist');
  slot(page, 'back').href = `#/family/${childId}`;
  const errors = slot(page, 'errors');
  const form = slot(page, 'body');
  slot(page, 'pages').textContent = `${printout.pages} page${printout.pages === 1 ? '' : 's'}.`;
  const { actions, preview } = printoutView(printout, {
    onError: (error) => showFailure(form, errors, error),
    printIsMain: true,
    savedNote: 'That copy is not encrypted and Kinfold will not delete it: keep it only where your clinic allows, and delete it when you are done.',
  });
  slot(page, 'actions').append(actions);
  slot(page, 'preview').append(preview);
  show(view, page);
}
