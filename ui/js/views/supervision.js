// The supervision list: families where a question has been asked again and again (the
// clinic's number of asks, 3 unless changed) without an answer, with what was asked and what
// the family said each time.

import { supervisionList } from '../backend.js';
import { fromTemplate, show, slot } from '../dom.js';
import { el } from '../gaps-panel.js';

export async function render(view) {
  const page = fromTemplate('tpl-supervision');
  const rows = await supervisionList();
  document.dispatchEvent(new CustomEvent('kinfold:counts', { detail: { supervision: rows.length } }));
  const list = slot(page, 'list');
  if (rows.length === 0) {
    const inset = el('div', 'nhsuk-inset-text');
    inset.append(el('p', '', 'No family is on the list. A family comes here when the same question has been asked again and again without an answer.'));
    list.append(inset);
  }
  for (const row of rows) {
    const card = el('div', 'nhsuk-card kf-supervision');
    const content = el('div', 'nhsuk-card__content');
    const heading = el('h2', 'nhsuk-card__heading nhsuk-heading-m');
    const link = el('a', '', row.child.name);
    link.href = `#/family/${row.child.id}`;
    heading.append(link);
    content.append(heading, el('p', 'nhsuk-body-s', `${row.child.age ?? 'Age not known'} · named practitioner: ${row.namedPractitioner || 'not set'}`));
    for (const gap of row.repeatedlyAsked) {
      content.append(el('h3', 'nhsuk-heading-s', gap.aboutName ? `${gap.title}: ${gap.aboutName}` : gap.title));
      const asks = el('ul', 'nhsuk-list nhsuk-list--bullet');
      for (const a of gap.history.filter((h) => h.answer === 'asked')) {
        asks.append(el('li', '', `${a.on}, ${a.by}: ${a.outcome.toLowerCase()}${a.words ? `. “${a.words}”` : ''}`));
      }
      content.append(asks);
    }
    card.append(content);
    list.append(card);
  }
  show(view, page);
}
