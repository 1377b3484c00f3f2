// The packs screen: leaflet packs sent to parents and carers, and those due.

import { fromTemplate, show } from '../dom.js';

export async function render(view) {
  show(view, fromTemplate('tpl-packs'));
}
