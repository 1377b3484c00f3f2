// The consolidated gaps panel: every open gap for a family, most serious first, each with why
// we ask, its history, and quick actions (fill it in now, or record "asked, not obtained", or
// close it with a reason). It never pops up or blocks anything: forms open in place.
// Shown on the family screen and on each contact (where answers are filed against the contact).

import {
  answerGap, confirmDetails, givePack, offerContact, setParentalResponsibility, stateNone,
} from './backend.js';
import { clearErrors, showFailure } from './forms.js';
import { addOptions, choices } from './person-form.js';
import { returnHere } from './return.js';

let formCount = 0;

/** A new element with a class and text (text only ever goes in as textContent). */
export function el(tag, className = '', text = null) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== null) node.textContent = text;
  return node;
}

function tag(text, colour) {
  return el('strong', `nhsuk-tag nhsuk-tag--${colour}`, text);
}

const SEVERITY_COLOUR = { urgent: 'red', high: 'orange', medium: 'yellow', low: 'grey' };

/** `iso` (YYYY-MM-DD) plus `days`, written the way people type dates: 27/12/2026. */
export function typedDate(iso, days = 0) {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(y, m - 1, d + days);
  return `${date.getDate()}/${date.getMonth() + 1}/${date.getFullYear()}`;
}

/** A labelled field in the NHS style; `input` gets a unique id. */
function field(label, input, hint = '') {
  formCount += 1;
  input.id = `${input.name || 'f'}-${formCount}`;
  const group = el('div', 'nhsuk-form-group');
  const labelNode = el('label', 'nhsuk-label', label);
  labelNode.htmlFor = input.id;
  group.append(labelNode);
  if (hint) {
    const hintNode = el('div', 'nhsuk-hint', hint);
    hintNode.id = `${input.id}-hint`;
    input.setAttribute('aria-describedby', hintNode.id);
    group.append(hintNode);
  }
  group.append(input);
  return group;
}

function select(name, list, { blank = null, value = null } = {}) {
  const s = el('select', 'nhsuk-select');
  s.name = name;
  if (blank !== null) {
    const option = el('option', '', blank);
    option.value = '';
    s.append(option);
  }
  addOptions(s, list);
  if (value !== null) s.value = value;
  return s;
}

function textarea(name, rows = 2) {
  const t = el('textarea', 'nhsuk-textarea');
  t.name = name;
  t.rows = rows;
  return t;
}

function dateInput(name, value) {
  const i = el('input', 'nhsuk-input nhsuk-input--width-10');
  i.type = 'text';
  i.autocomplete = 'off';
  i.name = name;
  i.value = value;
  return i;
}

/**
 * A small form inside a <details> disclosure. `submit(form)` saves; on success the panel
 * reloads through `done`; on failure the problems show inside the form.
 */
function disclosure(summaryText, className, build, submit, done, buttonText) {
  const details = el('details', `nhsuk-details kf-gap-form ${className}`);
  const summary = el('summary', 'nhsuk-details__summary');
  summary.append(el('span', 'nhsuk-details__summary-text', summaryText));
  const body = el('div', 'nhsuk-details__text');
  const errors = el('div');
  const form = el('form');
  form.noValidate = true;
  build(form);
  const button = el('button', 'nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0', buttonText);
  button.type = 'submit';
  form.append(button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      await submit(form);
      clearErrors(form, errors);
      await done();
    } catch (error) {
      showFailure(form, errors, error);
    } finally {
      button.disabled = false;
    }
  });
  body.append(errors, form);
  details.append(summary, body);
  return details;
}

function timeline(history) {
  const list = el('ol', 'kf-timeline');
  for (const a of history) {
    const item = el('li');
    const head = a.answer === 'asked'
      ? `${a.on}: asked, not obtained (${a.outcome.toLowerCase()}), by ${a.by}`
      : `${a.on}: ${a.answerLabel.toLowerCase()}, by ${a.by}`;
    item.append(el('span', 'kf-timeline__head', head));
    if (a.words) item.append(el('span', 'kf-timeline__words', `“${a.words}”`));
    if (a.revisitOn) item.append(el('span', 'kf-timeline__when', `Ask again from ${a.revisitOn}`));
    list.append(item);
  }
  return list;
}

function fillInLink(gap, childId) {
  const about = gap.person ?? gap.about;
  const links = {
    add_parent: [`#/family/${childId}/add`, `Add the birth ${gap.parentKind === 'birth_mother' ? 'mother' : 'father'}`],
    edit_person: [`#/person/${about}/edit`, 'Fill it in now'],
    move_home: [`#/person/${about}/move`, 'Record where they live'],
    add_care: [`#/family/${childId}/care/${about}`, 'Record when they look after the child'],
    add_other_child: [`#/family/${childId}/add-child-of/${about}`, 'Add their other children'],
    give_pack: [`#/family/${childId}/pack/${about}`, 'Print a safety pack for them'],
  };
  const target = links[gap.fillIn];
  if (!target) return null;
  const a = el('a', 'kf-link kf-fill-in', target[1]);
  a.href = target[0];
  a.addEventListener('click', () => returnHere(target[0]));
  return a;
}

/** The quick forms that fill a gap in place. */
async function quickFill(gap, ctx) {
  const lists = await choices();
  const { childId, asOfIso, done } = ctx;
  const none = (summary, statement, button) => disclosure(summary, 'kf-none', (form) => {
    form.append(field('Who told you', select('source', lists.sources, { blank: 'Choose' })));
  }, (form) => stateNone(childId, gap.about, statement, form.elements.source.value), done, button);
  if (gap.rule === 'other_children') return none('They have no other children', 'no_other_children', 'Save: no other children');
  if (gap.rule === 'care') return none('They do not look after the child', 'does_not_care', 'Save: does not look after the child');
  switch (gap.fillIn) {
    case 'give_pack':
      return disclosure('Record the safety leaflets given', 'kf-give-pack', (form) => {
        const group = el('div', 'nhsuk-checkboxes');
        for (const { code, label } of lists.leaflets) {
          const item = el('div', 'nhsuk-checkboxes__item');
          const box = el('input', 'nhsuk-checkboxes__input');
          box.type = 'checkbox';
          box.name = 'leaflets';
          box.value = code;
          box.id = `leaflet-${code}-${++formCount}`;
          box.checked = ['overnight_checklist', 'safer_sleep', 'crying'].includes(code);
          const label2 = el('label', 'nhsuk-label nhsuk-checkboxes__label', label);
          label2.htmlFor = box.id;
          item.append(box, label2);
          group.append(item);
        }
        const fieldset = el('fieldset', 'nhsuk-fieldset nhsuk-form-group');
        fieldset.append(el('legend', 'nhsuk-fieldset__legend nhsuk-fieldset__legend--s', 'Leaflets given'), group);
        form.append(fieldset,
          field('How', select('method', lists.sendMethods, { blank: 'Choose' })),
          field('Date given', dateInput('sent_on', typedDate(asOfIso))));
      }, (form) => givePack(childId, {
        recipient: gap.about,
        method: form.elements.method.value,
        sentOn: form.elements.sent_on.value,
        leaflets: [...form.querySelectorAll('input[name="leaflets"]:checked')].map((b) => b.value),
      }), done, 'Save leaflets given');
    case 'offer_contact':
      return disclosure('Record an offer of a joint appointment or call', 'kf-offer', (form) => {
        form.append(
          field('What was offered', select('invitation_kind', lists.invitationKinds, { blank: 'Choose' })),
          field('Their answer', select('response', lists.invitationResponses, { blank: 'Choose' })),
          field('Date offered', dateInput('offered_on', typedDate(asOfIso))),
        );
      }, (form) => offerContact(childId, {
        person: gap.about,
        kind: form.elements.invitation_kind.value,
        response: form.elements.response.value,
        offeredOn: form.elements.offered_on.value,
      }), done, 'Save the offer');
    case 'confirm':
      return disclosure('Confirm their details today', 'kf-confirm', (form) => {
        form.append(field('Confirmed with', select('source', lists.sources, { blank: 'Choose' })));
      }, (form) => confirmDetails(childId, gap.about, form.elements.source.value), done, 'Confirmed today');
    case 'parental_responsibility':
      return disclosure('Record parental responsibility', 'kf-responsibility', (form) => {
        const choice = select('parental_responsibility', lists.answers.filter((a) => a.code !== 'not_known'), { blank: 'Choose' });
        form.append(field('Do they have parental responsibility?', choice));
      }, (form) => setParentalResponsibility(childId, gap.about, form.elements.parental_responsibility.value), done, 'Save');
    default:
      return null;
  }
}

function askForm(gap, ctx, outcomes) {
  return disclosure('Asked, not obtained', 'kf-ask', (form) => {
    form.append(
      field('Why didn\u2019t you find out?', select('outcome', outcomes, { blank: 'Choose' })),
      field('What they said, in their words', textarea('words'), 'The reason or worry they gave. Leave blank if there was none.'),
      field('Ask again from', dateInput('revisit_on', typedDate(ctx.asOfIso, 28)), 'For example, 27/12/2026. Until then the question waits here, out of the way.'),
    );
  }, (form) => answerGap(ctx.childId, {
    rule: gap.rule,
    about: gap.about,
    answer: 'asked',
    outcome: form.elements.outcome.value,
    words: form.elements.words.value,
    revisitOn: form.elements.revisit_on.value,
    contactId: ctx.contactId,
  }), ctx.done, 'Save: asked, not obtained');
}

function reasonForm(gap, ctx, kind) {
  const closing = kind === 'closed';
  return disclosure(closing ? 'Close with a reason' : 'Open again', closing ? 'kf-close' : 'kf-reopen', (form) => {
    form.append(field(closing ? 'Why we won\u2019t ask for this' : 'Why it needs asking again', textarea('words'),
      closing ? 'For example: conceived with donor sperm. The gap stays in the history.' : ''));
  }, (form) => answerGap(ctx.childId, {
    rule: gap.rule,
    about: gap.about,
    answer: kind,
    outcome: '',
    words: form.elements.words.value,
    revisitOn: '',
    contactId: ctx.contactId,
  }), ctx.done, closing ? 'Close this gap' : 'Open it again');
}

async function gapCard(gap, ctx, outcomes) {
  const card = el('article', `kf-gap kf-gap--${gap.severity}`);
  card.dataset.rule = gap.rule;
  card.dataset.about = gap.about ?? '';
  card.dataset.state = gap.state;
  const head = el('h3', 'nhsuk-heading-s kf-gap__title');
  head.append(tag(gap.severityLabel, SEVERITY_COLOUR[gap.severity]), ' ', el('span', '', gap.title));
  card.append(head);
  if (gap.aboutName) card.append(el('p', 'nhsuk-body-s kf-gap__about', gap.aboutName));
  if (gap.state === 'quiet') card.append(el('p', 'nhsuk-body-s kf-gap__quiet', `Ask again from ${gap.quietUntil}`));
  if (gap.revisitDue) card.append(el('p', 'nhsuk-body-s kf-gap__due', 'The date to ask again has come.'));
  if (gap.tryAnotherSource) {
    const warn = el('div', 'nhsuk-warning-callout kf-gap__another-source');
    warn.append(el('p', '', `Asked ${gap.failedAsks} times without an answer. Try another source, such as the GP or another agency, and talk about this family at supervision.`));
    card.append(warn);
  } else if (gap.failedAsks > 0) {
    card.append(el('p', 'nhsuk-body-s', `Asked ${gap.failedAsks} ${gap.failedAsks === 1 ? 'time' : 'times'} so far.`));
  }
  const why = el('p', 'nhsuk-body-s kf-gap__why');
  why.append(el('span', 'kf-gap__why-label', 'Why we ask: '), gap.whyWeAsk);
  card.append(why);
  if (gap.history.length > 0) card.append(timeline(gap.history));
  const actions = el('div', 'kf-gap__actions');
  if (gap.state === 'closed') {
    actions.append(reasonForm(gap, ctx, 'reopened'));
  } else {
    const link = fillInLink(gap, ctx.childId);
    if (link) actions.append(link);
    const quick = await quickFill(gap, ctx);
    if (quick) actions.append(quick);
    actions.append(askForm(gap, ctx, outcomes), reasonForm(gap, ctx, 'closed'));
  }
  card.append(actions);
  return card;
}

/**
 * Renders the panel into `host`. `followUp` is the backend's FollowUpDto; `contactId` files
 * answers against a contact; `reload()` fetches the panel again after a change.
 */
export async function renderGapsPanel(host, followUp, { childId, contactId = null, reload }) {
  const lists = await choices();
  const ctx = { childId, contactId, asOfIso: followUp.asOfIso, done: reload };
  const panel = el('section', 'kf-gaps');
  panel.id = 'gaps-panel';
  panel.setAttribute('aria-labelledby', 'gaps-heading');
  const heading = el('h2', 'nhsuk-heading-m', followUp.open.length === 0
    ? 'No missing information'
    : `Missing information (${followUp.open.length})`);
  heading.id = 'gaps-heading';
  panel.append(heading);
  if (followUp.open.length === 0) {
    panel.append(el('p', 'nhsuk-body', 'Everything the gap rules ask for is recorded, or has an answer.'));
  } else {
    panel.append(el('p', 'nhsuk-body-s', 'Most serious first. Fill in what you can; if the family cannot or will not say, record that and when to ask again.'));
  }
  const list = el('div', 'kf-gap-list');
  list.id = 'gaps-open';
  for (const gap of followUp.open) list.append(await gapCard(gap, ctx, lists.askOutcomes));
  panel.append(list);

  const section = async (title, id, gaps) => {
    if (gaps.length === 0) return;
    const details = el('details', 'nhsuk-details');
    details.id = id;
    const summary = el('summary', 'nhsuk-details__summary');
    summary.append(el('span', 'nhsuk-details__summary-text', `${title} (${gaps.length})`));
    const body = el('div', 'nhsuk-details__text');
    for (const gap of gaps) body.append(await gapCard(gap, ctx, lists.askOutcomes));
    details.append(summary, body);
    panel.append(details);
  };
  await section('Waiting until the date to ask again', 'gaps-quiet', followUp.quiet);
  await section('Closed with a reason', 'gaps-closed', followUp.closed);
  if (followUp.filled.length > 0) {
    const details = el('details', 'nhsuk-details');
    details.id = 'gaps-filled';
    const summary = el('summary', 'nhsuk-details__summary');
    summary.append(el('span', 'nhsuk-details__summary-text', `Filled in since it was asked (${followUp.filled.length})`));
    const body = el('div', 'nhsuk-details__text');
    for (const f of followUp.filled) {
      body.append(el('h3', 'nhsuk-heading-xs', f.aboutName ? `${f.ruleTitle}: ${f.aboutName}` : f.ruleTitle), timeline(f.history));
    }
    details.append(summary, body);
    panel.append(details);
  }
  host.replaceChildren(panel);
}
