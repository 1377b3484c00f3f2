// One person (#/person/ID) and every child they are linked to: a father of children in two
// households is one record, and this is where that shows.

import { personView } from '../backend.js';
import { fromTemplate, show, slot } from '../dom.js';

function row(list, key, value) {
  const div = document.createElement('div');
  div.className = 'nhsuk-summary-list__row';
  const dt = document.createElement('dt');
  dt.className = 'nhsuk-summary-list__key';
  dt.textContent = key;
  const dd = document.createElement('dd');
  dd.className = 'nhsuk-summary-list__value';
  dd.textContent = value;
  div.append(dt, dd);
  list.append(div);
}

export async function render(view, { args }) {
  const data = await personView(Number(args[0]));
  const p = data.person;
  const page = fromTemplate('tpl-person');
  slot(page, 'name').textContent = p.name;
  const details = slot(page, 'details');
  row(details, 'Born', p.age ? `${p.born} (${p.age})` : p.born);
  if (p.nhsNumber) row(details, 'NHS number', p.nhsNumber);
  row(details, 'Lives at', data.home ?? 'Not known');
  row(details, 'Phone', p.phone || 'Not recorded');
  if (data.onCaseload) {
    const link = document.createElement('a');
    link.href = `#/family/${p.id}`;
    link.textContent = `Open ${p.name}'s family`;
    details.after(link);
  }
  slot(page, 'children-heading').textContent = data.children.length === 0
    ? `No children are linked to ${p.name}`
    : `Children linked to ${p.name}`;
  const list = slot(page, 'children');
  for (const child of data.children) {
    const item = document.createElement('li');
    const age = child.person.age ? `, ${child.person.age}` : '';
    const how = child.relationship === 'Child' ? '' : ` (${child.relationship.toLowerCase()})`;
    if (child.onCaseload) {
      const link = document.createElement('a');
      link.href = `#/family/${child.person.id}`;
      link.textContent = child.person.name;
      item.append(link, `${how}${age}`);
    } else {
      item.textContent = `${child.person.name}${how}${age}, not on this caseload`;
    }
    list.append(item);
  }
  show(view, page);
}
