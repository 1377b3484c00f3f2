// The families screen: every child's family network recorded in Kinfold.

import { fromTemplate, show, slot } from '../dom.js';
import { renderChildren } from './children.js';

export async function render(view) {
  const page = fromTemplate('tpl-families');
  const count = await renderChildren(slot(page, 'list'));
  slot(page, 'empty').hidden = count > 0;
  show(view, page);
}
