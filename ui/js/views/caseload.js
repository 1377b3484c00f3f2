// The caseload screen: the children the clinic is responsible for, youngest first. Before the
// first child it explains what will appear here, and points to Settings if the clinic is not
// set up.

import { getSettings } from '../backend.js';
import { fromTemplate, show, slot } from '../dom.js';
import { renderChildren } from './children.js';

export async function render(view) {
  const page = fromTemplate('tpl-caseload');
  const clinic = await getSettings();
  slot(page, 'setup').hidden = clinic !== null;
  // One main action at a time: while the clinic is not set up, that comes first.
  if (clinic === null) page.querySelector('#cta-add-child').classList.add('nhsuk-button--secondary');
  const count = await renderChildren(slot(page, 'list'));
  slot(page, 'empty').hidden = count > 0;
  show(view, page);
}
