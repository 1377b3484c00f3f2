// The caseload screen: the children the clinic is responsible for. Until the first child is
// added it explains what will appear here, and points to Settings if the clinic is not set up.

import { getSettings } from '../backend.js';
import { fromTemplate, show, slot } from '../dom.js';

export async function render(view) {
  const page = fromTemplate('tpl-caseload');
  const clinic = await getSettings();
  slot(page, 'setup').hidden = clinic !== null;
  show(view, page);
}
