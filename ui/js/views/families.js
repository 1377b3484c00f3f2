// The families screen: every family network recorded in Kinfold.

import { fromTemplate, show } from '../dom.js';

export async function render(view) {
  show(view, fromTemplate('tpl-families'));
}
