// The families screen: a search for anyone recorded (by name, NHS number, date of birth or
// postcode) and every child's family network on the caseload.

import { searchPeople } from '../backend.js';
import { fromTemplate, show, slot } from '../dom.js';
import { renderChildren } from './children.js';

async function search(query, host) {
  const results = await searchPeople(query);
  const block = fromTemplate('tpl-results');
  slot(block, 'heading').textContent = results.length === 0
    ? `Nobody found for "${query}". Check the spelling, or try a date of birth or postcode.`
    : `${results.length} found for "${query}"`;
  const list = slot(block, 'list');
  for (const { person, matched } of results) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `#/person/${person.id}`;
    link.textContent = person.name;
    const born = person.born === 'Not known' ? 'date of birth not known' : `born ${person.born}`;
    item.append(link, ` – ${born} (matched on ${matched})`);
    list.append(item);
  }
  host.replaceChildren(block);
}

export async function render(view) {
  const page = fromTemplate('tpl-families');
  const count = await renderChildren(slot(page, 'list'));
  slot(page, 'empty').hidden = count > 0;
  const results = slot(page, 'results');
  const form = page.querySelector('#search-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = form.querySelector('#search-query').value.trim();
    if (query) search(query, results).catch((error) => { results.textContent = error.message; });
  });
  show(view, page);
}
