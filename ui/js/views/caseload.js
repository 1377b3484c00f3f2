// The caseload screen: the children the clinic is responsible for, ranked by risk. Families
// with missing information come first: babies under one, then an overnight carer who is not
// known or has not had the safety leaflets, then questions asked again and again, then
// revisits due; the youngest first. Before the first child it explains what will appear here.

import { caseloadGaps, getSettings } from '../backend.js';
import { fromTemplate, show, slot } from '../dom.js';
import { el } from '../gaps-panel.js';

/** Fills `host` with ranked rows; returns them. */
export function renderRanked(host, rows) {
  host.replaceChildren();
  if (rows.length === 0) return;
  const table = fromTemplate('tpl-ranked-table');
  const body = slot(table, 'rows');
  for (const row of rows) {
    const tr = fromTemplate('tpl-ranked-row');
    const link = slot(tr, 'name');
    link.href = `#/family/${row.child.id}`;
    link.textContent = row.child.name;
    slot(tr, 'age').textContent = row.child.age ?? 'Not known';
    slot(tr, 'practitioner').textContent = row.namedPractitioner || 'Not set';
    const flags = slot(tr, 'flags');
    const flag = (text, colour) => flags.append(el('strong', `nhsuk-tag nhsuk-tag--${colour}`, text), ' ');
    if (row.overnightConcern) flag('Overnight carer: details or safety leaflets missing', 'red');
    if (row.repeatedAsks) flag('Asked again and again', 'orange');
    if (row.revisitDue) flag('Ask again now', 'blue');
    const words = [];
    if (row.openGaps > 0) words.push(`${row.openGaps} open`);
    if (row.quietGaps > 0) words.push(`${row.quietGaps} waiting`);
    const summary = words.length === 0 ? 'Nothing missing' : words.join(', ');
    slot(tr, 'gaps').textContent = row.topGap ? `${summary}. Most serious: ${row.topGap}` : summary;
    body.append(tr);
  }
  host.append(table);
}

export async function render(view) {
  const page = fromTemplate('tpl-caseload');
  const clinic = await getSettings();
  slot(page, 'setup').hidden = clinic !== null;
  // One main action at a time: while the clinic is not set up, that comes first.
  if (clinic === null) page.querySelector('#cta-add-child').classList.add('nhsuk-button--secondary');
  const rows = await caseloadGaps();
  document.dispatchEvent(new CustomEvent('kinfold:counts', {
    detail: {
      familiesWithGaps: rows.filter((r) => r.openGaps > 0).length,
      supervision: rows.filter((r) => r.repeatedAsks).length,
    },
  }));
  slot(page, 'empty').hidden = rows.length > 0;
  const list = slot(page, 'list');
  renderRanked(list, rows);
  const practitioners = [...new Set(rows.map((r) => r.namedPractitioner).filter(Boolean))].sort();
  if (practitioners.length > 1) {
    const filter = slot(page, 'filter');
    filter.hidden = false;
    const select = filter.querySelector('select');
    for (const name of practitioners) {
      const option = el('option', '', name);
      option.value = name;
      select.append(option);
    }
    select.addEventListener('change', async () => {
      renderRanked(list, await caseloadGaps(select.value || null));
    });
  }
  show(view, page);
}
