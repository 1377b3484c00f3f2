// The Gap rules part of the Admin screen: each rule with what it checks, on or off (off only
// with a reason), and how strict the rules are (how recent a confirmation must be, how many
// unanswered asks put a family on the supervision list).

import { gapRules, saveGapSettings, setGapRule } from '../backend.js';
import { clearErrors, showFailure } from '../forms.js';
import { el } from '../gaps-panel.js';

function labelled(label, input, hint) {
  const group = el('div', 'nhsuk-form-group');
  const l = el('label', 'nhsuk-label', label);
  l.htmlFor = input.id;
  group.append(l);
  if (hint) {
    const h = el('div', 'nhsuk-hint', hint);
    h.id = `${input.id}-hint`;
    input.setAttribute('aria-describedby', h.id);
    group.append(h);
  }
  group.append(input);
  return group;
}

function ruleRow(rule, host) {
  const row = el('div', 'kf-rule');
  row.dataset.rule = rule.rule;
  const head = el('h3', 'nhsuk-heading-s');
  head.append(el('strong', `nhsuk-tag ${rule.on ? 'nhsuk-tag--green' : 'nhsuk-tag--grey'}`, rule.on ? 'On' : 'Off'), ' ', rule.title);
  row.append(head, el('p', 'nhsuk-body-s', rule.checks));
  if (!rule.on) row.append(el('p', 'nhsuk-body-s kf-rule__reason', `Turned off: ${rule.offReason}`));
  const details = el('details', 'nhsuk-details');
  const summary = el('summary', 'nhsuk-details__summary');
  summary.append(el('span', 'nhsuk-details__summary-text', rule.on ? 'Turn this rule off' : 'Turn this rule back on'));
  const body = el('div', 'nhsuk-details__text');
  const errors = el('div');
  const form = el('form');
  form.noValidate = true;
  const reason = el('textarea', 'nhsuk-textarea');
  reason.name = 'words';
  reason.rows = 2;
  reason.id = `rule-reason-${rule.rule}`;
  const button = el('button', 'nhsuk-button nhsuk-button--secondary', rule.on ? 'Turn off' : 'Turn on');
  button.type = 'submit';
  form.append(labelled('Reason', reason, rule.on ? 'Why the clinic does not need this rule. Everyone can see it.' : ''), button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await setGapRule(rule.rule, !rule.on, reason.value);
      clearErrors(form, errors);
      await renderGapRules(host);
    } catch (error) {
      showFailure(form, errors, error);
    }
  });
  body.append(errors, form);
  details.append(summary, body);
  row.append(details);
  return row;
}

/** Fills `host` with the rules and the strictness form. */
export async function renderGapRules(host) {
  const rules = await gapRules();
  const errors = el('div');
  const form = el('form', 'kf-gap-settings');
  form.noValidate = true;
  const months = el('input', 'nhsuk-input nhsuk-input--width-3');
  months.id = 'confirm_within_months';
  months.inputMode = 'numeric';
  months.value = String(rules.confirmWithinMonths);
  const asks = el('input', 'nhsuk-input nhsuk-input--width-3');
  asks.id = 'asks_before_supervision';
  asks.inputMode = 'numeric';
  asks.value = String(rules.asksBeforeSupervision);
  const save = el('button', 'nhsuk-button nhsuk-button--secondary', 'Save gap settings');
  save.type = 'submit';
  const saved = el('p', 'nhsuk-body-s');
  form.append(
    labelled('Months before details need confirming again', months, 'From 1 to 36'),
    labelled('Asks without an answer before a family goes to supervision', asks, 'From 2 to 10'),
    save,
    saved,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await saveGapSettings({ confirmWithinMonths: months.value, asksBeforeSupervision: asks.value });
      clearErrors(form, errors);
      saved.textContent = 'Saved.';
    } catch (error) {
      saved.textContent = '';
      showFailure(form, errors, error);
    }
  });
  const list = el('div', 'kf-rules');
  list.id = 'gap-rules';
  for (const rule of rules.rules) list.append(ruleRow(rule, host));
  host.replaceChildren(errors, form, list);
}
