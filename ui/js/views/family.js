// One child's family view (#/family/ID): overnight care away from home first, then the people
// at the main home and, clearly apart, the people who live elsewhere, each with how they are
// related, parental responsibility, contact details, where the facts came from, and their
// other children.

import { familyGaps, familyNetwork } from '../backend.js';
import { familyDiagram } from '../diagram.js';
import { fromTemplate, show, slot, summaryRow } from '../dom.js';
import { el, renderGapsPanel } from '../gaps-panel.js';

function sourceText(person) {
  const detail = person.sourceDetail ? ` (${person.sourceDetail})` : '';
  const when = person.confirmedOn ? `, confirmed ${person.confirmedOn}` : ', not confirmed';
  return `${person.source}${detail}${when}`;
}

function paragraph(text, className = 'nhsuk-body') {
  const p = document.createElement('p');
  p.className = className;
  p.textContent = text;
  return p;
}

function memberCard(member, family) {
  const card = fromTemplate('tpl-member');
  const p = member.person;
  const nameLink = document.createElement('a');
  nameLink.href = `#/person/${p.id}`;
  nameLink.textContent = p.name;
  slot(card, 'name').append(nameLink);
  slot(card, 'roles').textContent = member.roles;
  const details = slot(card, 'details');
  summaryRow(details, 'Born', p.age ? `${p.born} (${p.age})` : p.born);
  if (member.parentalResponsibility) summaryRow(details, 'Parental responsibility', member.parentalResponsibility);
  if (!member.livesWithChild) summaryRow(details, 'Lives at', member.home ?? 'Not known');
  summaryRow(details, 'Phone', p.phone || 'Not recorded');
  if (p.nhsNumber) summaryRow(details, 'NHS number', p.nhsNumber);
  summaryRow(details, 'Source', sourceText(p));

  const others = slot(card, 'other-children');
  if (member.otherChildren.length > 0) {
    const heading = paragraph(`${p.name}'s other children`, 'nhsuk-body nhsuk-u-font-weight-bold');
    const list = document.createElement('ul');
    list.className = 'nhsuk-list nhsuk-list--bullet';
    for (const other of member.otherChildren) {
      const item = document.createElement('li');
      const age = other.person.age ? `, ${other.person.age}` : '';
      const home = other.home ? `, lives at ${other.home}` : ', home not known';
      const kind = other.relationship === 'Child' ? '' : ` (${other.relationship.toLowerCase()})`;
      item.textContent = `${other.person.name}${kind}${age}${home}`;
      list.append(item);
    }
    others.append(heading, list);
  }
  const addChild = slot(card, 'add-child');
  const care = slot(card, 'add-care');
  if (member.isAdultForChild) {
    addChild.href = `#/family/${family.child.id}/add-child-of/${p.id}`;
    addChild.textContent = `Add another child of ${p.name}`;
    care.href = `#/family/${family.child.id}/care/${p.id}`;
    care.textContent = `Record care by ${p.name}`;
  } else {
    addChild.parentElement.remove();
    care.parentElement.remove();
  }
  const pack = slot(card, 'pack');
  if (member.isAdultForChild) {
    pack.href = `#/family/${family.child.id}/pack/${p.id}`;
    pack.textContent = `Make a leaflet pack for ${p.name}`;
  } else {
    pack.parentElement.remove();
  }
  const restrict = slot(card, 'restrict');
  restrict.href = `#/family/${family.child.id}/restrict/${p.id}`;
  restrict.textContent = `Limit what ${p.name} is told`;
  return card;
}

export async function render(view, { args }) {
  const family = await familyNetwork(Number(args[0]));
  const page = fromTemplate('tpl-family');
  slot(page, 'name').textContent = family.child.name;
  const facts = [family.child.age, family.child.born !== 'Not known' ? `born ${family.child.born}` : null,
    family.child.nhsNumber ? `NHS number ${family.child.nhsNumber}` : null].filter(Boolean);
  slot(page, 'summary').textContent = facts.join(' · ');

  const away = family.care.filter((c) => c.current && c.awayFromHome);
  if (away.length > 0) {
    const warning = fromTemplate('tpl-overnight');
    const list = slot(warning, 'list');
    for (const care of away) {
      const item = document.createElement('li');
      const when = care.frequency ? `, ${care.frequency}` : '';
      item.textContent = `${care.carerName}${when}, at ${care.place ?? 'a place not recorded'}`;
      list.append(item);
    }
    slot(page, 'overnight').append(warning);
  }

  const details = slot(page, 'child-details');
  summaryRow(details, 'Main home', family.mainHome ?? 'Not recorded');
  summaryRow(details, 'Named practitioner', family.namedPractitioner || 'Not set');
  const otherCare = family.care.filter((c) => c.current && !c.awayFromHome);
  if (otherCare.length > 0) {
    summaryRow(details, 'Other care', otherCare.map((c) => `${c.carerName}: ${c.kind.toLowerCase()}${c.frequency ? `, ${c.frequency}` : ''}`).join('; '));
  }

  if (family.restrictions.length > 0) {
    const inset = document.createElement('div');
    inset.className = 'nhsuk-inset-text';
    for (const r of family.restrictions) {
      inset.append(paragraph(`Do not share ${r.subject}'s ${r.fact.toLowerCase()} with ${r.withheldFrom}: ${r.reason}`));
    }
    slot(page, 'restrictions').append(inset);
  }

  slot(page, 'diagram').append(familyDiagram(family));

  const atHome = slot(page, 'at-home');
  if (family.atHome.length === 0) atHome.append(paragraph('Nobody else is recorded at the main home yet.'));
  for (const member of family.atHome) atHome.append(memberCard(member, family));
  const elsewhere = slot(page, 'elsewhere');
  if (family.elsewhere.length === 0) elsewhere.append(paragraph('Nobody who lives elsewhere is recorded yet. Ask about the father and anyone else who looks after the child.'));
  for (const member of family.elsewhere) elsewhere.append(memberCard(member, family));

  slot(page, 'add').href = `#/family/${family.child.id}/add`;
  slot(page, 'record-contact').href = `#/family/${family.child.id}/contact`;
  slot(page, 'checklist').href = `#/family/${family.child.id}/checklist`;
  const followUp = await familyGaps(family.child.id);
  const panelHost = slot(page, 'gaps');
  const reload = async () => {
    const again = await familyGaps(family.child.id);
    await renderGapsPanel(panelHost, again, { childId: family.child.id, reload });
    renderRecords(records, again, family.child.id);
  };
  await renderGapsPanel(panelHost, followUp, { childId: family.child.id, reload });
  const records = slot(page, 'records');
  renderRecords(records, followUp, family.child.id);
  show(view, page);
}

/** Contacts, leaflets given and offers made, newest first. */
function renderRecords(host, followUp, childId) {
  host.replaceChildren();
  const list = (title, id, items, text) => {
    host.append(el('h3', 'nhsuk-heading-s', title));
    if (items.length === 0) {
      host.append(el('p', 'nhsuk-body-s', 'None recorded yet.'));
      return;
    }
    const ul = el('ul', 'nhsuk-list nhsuk-list--bullet');
    ul.id = id;
    for (const item of items) ul.append(text(item));
    host.append(ul);
  };
  list('Contacts', 'contacts-list', followUp.contacts, (c) => {
    const li = el('li');
    const link = el('a', '', `${c.date}: ${c.kindLabel}`);
    link.href = `#/contact/${c.id}`;
    li.append(link, ` (${c.present.join(', ') || 'nobody recorded'})`);
    return li;
  });
  list('Leaflets given', 'packs-given', followUp.packs, (p) => {
    const li = el('li', '', `${p.sentOn}: ${p.leaflets.join(', ')}, to ${p.recipient}, ${p.method.toLowerCase()}`);
    if (p.canPrintAgain) {
      const again = el('a', 'kf-link kf-space-left', 'Print again');
      again.href = `#/family/${childId}/pack/${p.recipientId}/again/${p.id}`;
      again.dataset.sent = p.id;
      li.append(again);
    }
    return li;
  });
  list('Joint appointments and calls offered', 'offers-list', followUp.invitations, (i) =>
    el('li', '', `${i.offeredOn}: ${i.kind.toLowerCase()} offered to ${i.person} (${i.response.toLowerCase()})`));
}
