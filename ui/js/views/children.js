// The list of children on the caseload, shared by the Caseload and Families screens.

import { listCaseload } from '../backend.js';
import { fromTemplate, slot } from '../dom.js';

/** Fills `host` with the table of children; returns how many there are. */
export async function renderChildren(host) {
  const rows = await listCaseload();
  host.replaceChildren();
  if (rows.length === 0) return 0;
  const table = fromTemplate('tpl-children-table');
  const body = slot(table, 'rows');
  for (const row of rows) {
    const tr = fromTemplate('tpl-child-row');
    const link = slot(tr, 'name');
    link.href = `#/family/${row.child.id}`;
    link.textContent = row.child.name;
    slot(tr, 'age').textContent = row.child.age ?? 'Not known';
    slot(tr, 'practitioner').textContent = row.namedPractitioner || 'Not set';
    if (row.overnightAway > 0) {
      const tag = document.createElement('strong');
      tag.className = 'nhsuk-tag nhsuk-tag--orange';
      tag.textContent = 'Overnight away';
      slot(tr, 'overnight').append(tag);
    } else {
      slot(tr, 'overnight').textContent = 'None recorded';
    }
    body.append(tr);
  }
  host.append(table);
  return rows.length;
}
