// One person (#/person/ID) and every child they are linked to: a father of children in two
// households is one record, and this is where that shows.

import { endRelationship, mergePeople, personDuplicates, personHistory, personView } from '../backend.js';
import { fromTemplate, show, slot, summaryRow } from '../dom.js';

export async function render(view, { args, status }) {
  const data = await personView(Number(args[0]));
  const p = data.person;
  const page = fromTemplate('tpl-person');
  slot(page, 'name').textContent = p.name;
  const details = slot(page, 'details');
  slot(page, 'edit').href = `#/person/${p.id}/edit`;
  slot(page, 'move').href = `#/person/${p.id}/move`;
  if (status?.user?.role === 'admin') {
    slot(page, 'access-item').hidden = false;
    slot(page, 'access').href = `#/person/${p.id}/access`;
  }
  if (p.deceased) summaryRow(details, 'Died', 'Yes: this person has died');
  summaryRow(details, 'Born', p.age ? `${p.born} (${p.age})` : p.born);
  if (p.nhsNumber) summaryRow(details, 'NHS number', p.nhsNumber);
  summaryRow(details, 'Lives at', data.home ?? 'Not known');
  summaryRow(details, 'Phone', p.phone || 'Not recorded');
  if (data.onCaseload) {
    const para = document.createElement('p');
    para.className = 'nhsuk-body';
    const link = document.createElement('a');
    link.href = `#/family/${p.id}`;
    link.textContent = `Open ${p.name}'s family`;
    para.append(link);
    details.after(para);
  }
  const heading = slot(page, 'children-heading');
  if (data.children.length > 0) heading.textContent = `Children linked to ${p.name}`;
  else if (data.onCaseload) heading.remove();
  else heading.textContent = `No children are linked to ${p.name}`;
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
  showRelationships(slot(page, 'relationships'), data.relationships);
  await showDuplicates(slot(page, 'duplicates'), p);
  const history = slot(page, 'history');
  for (const event of await personHistory(p.id)) {
    const tr = document.createElement('tr');
    tr.className = 'nhsuk-table__row';
    for (const text of [event.at, event.by, event.what]) {
      const td = document.createElement('td');
      td.className = 'nhsuk-table__cell';
      td.textContent = text;
      tr.append(td);
    }
    history.append(tr);
  }
  show(view, page);
}

/** Runs a change from a button, then shows the screen again; a refusal is shown beside it. */
async function act(button, change) {
  button.disabled = true;
  try {
    await change();
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } catch (error) {
    const message = document.createElement('span');
    message.className = 'nhsuk-error-message';
    message.setAttribute('role', 'alert');
    // An invalid answer says exactly what is wrong; anything else says what happened.
    message.textContent = error.fields?.length ? error.fields.map((f) => f.message).join(' ') : error.message;
    button.after(message);
    button.disabled = false;
  }
}

function cell(text) {
  const td = document.createElement('td');
  td.className = 'nhsuk-table__cell';
  if (text !== undefined) td.textContent = text;
  return td;
}

function showRelationships(body, relationships) {
  for (const r of relationships) {
    const tr = document.createElement('tr');
    tr.className = 'nhsuk-table__row';
    const who = cell();
    const link = document.createElement('a');
    link.href = `#/person/${r.otherId}`;
    link.textContent = r.otherName;
    who.append(link);
    const label = r.endedOn ? `${r.label} (ended ${r.endedOn})` : r.label;
    const action = cell();
    if (r.canEnd) {
      const date = document.createElement('input');
      date.className = 'nhsuk-input nhsuk-input--width-10 kf-end-date';
      date.type = 'text';
      date.id = `ended_on-${r.id}`;
      date.placeholder = 'Today';
      date.setAttribute('aria-label', `Date the relationship with ${r.otherName} ended (leave empty for today)`);
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'nhsuk-button nhsuk-button--small nhsuk-button--secondary kf-end';
      button.textContent = 'End';
      button.setAttribute('aria-label', `End the relationship with ${r.otherName}`);
      button.addEventListener('click', () => act(button, () => endRelationship(r.id, date.value)));
      action.append(date, button);
    }
    tr.append(who, cell(label), cell(r.source), action);
    body.append(tr);
  }
}

async function showDuplicates(host, person) {
  const found = await personDuplicates(person.id);
  if (found.matches.length === 0) return;
  const panel = fromTemplate('tpl-person-duplicates');
  const list = slot(panel, 'list');
  for (const match of found.matches) {
    const item = document.createElement('li');
    item.className = 'kf-duplicate';
    const name = document.createElement('strong');
    name.textContent = match.name;
    const nhs = match.nhsNumber ? `, NHS number ${match.nhsNumber}` : '';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'nhsuk-button nhsuk-button--small nhsuk-button--secondary kf-use-record';
    button.textContent = `Merge into ${person.name}`;
    // A merge cannot be undone, so it takes a second, explicit click.
    let asked = false;
    button.addEventListener('click', () => {
      if (!asked) {
        asked = true;
        button.textContent = 'Yes, merge them: this cannot be undone';
        button.classList.replace('nhsuk-button--secondary', 'nhsuk-button--warning');
        return;
      }
      act(button, () => mergePeople(person.id, match.personId));
    });
    item.append(name, ` born ${match.born}${nhs} (${match.reason}) `, button);
    list.append(item);
  }
  host.append(panel);
}
