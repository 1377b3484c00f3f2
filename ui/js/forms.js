// The NHS error-summary pattern: a summary at the top linking to each field, and the same
// message above the field itself.

import { BackendError } from './backend.js';
import { fromTemplate, slot } from './dom.js';

/** Removes every error message and error style from the form. */
export function clearErrors(form, summaryHost) {
  summaryHost.replaceChildren();
  for (const group of form.querySelectorAll('.nhsuk-form-group--error')) {
    group.classList.remove('nhsuk-form-group--error');
  }
  for (const message of form.querySelectorAll('.nhsuk-error-message')) {
    message.remove();
  }
  for (const input of form.querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
    input.classList.remove('nhsuk-input--error', 'nhsuk-textarea--error');
    const describedBy = (input.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter((id) => id && !id.endsWith('-error'))
      .join(' ');
    if (describedBy) input.setAttribute('aria-describedby', describedBy);
    else input.removeAttribute('aria-describedby');
  }
}

/**
 * Shows `errors` ([{field, message}]) in the summary and next to each field, then moves
 * focus to the summary so screen readers announce it.
 */
export function showErrors(form, summaryHost, errors) {
  clearErrors(form, summaryHost);
  const summary = fromTemplate('tpl-error-summary');
  const list = slot(summary, 'list');
  for (const { field, message } of errors) {
    const item = document.createElement('li');
    // Fields are found by id, or by name in small forms that appear many times on one page.
    const input = field
      ? form.querySelector(`#${CSS.escape(field)}`) ?? form.querySelector(`[name="${CSS.escape(field)}"]`)
      : null;
    if (input) {
      const link = document.createElement('a');
      link.href = `#${input.id || field}`;
      link.textContent = message;
      link.addEventListener('click', (event) => {
        event.preventDefault();
        input.focus();
      });
      item.append(link);
      markField(input, field, message);
    } else {
      item.textContent = message;
    }
    list.append(item);
  }
  summaryHost.append(summary);
  summaryHost.querySelector('.nhsuk-error-summary')?.focus();
}

function markField(input, field, message) {
  const group = input.closest('.nhsuk-form-group');
  group?.classList.add('nhsuk-form-group--error');
  const error = document.createElement('span');
  error.className = 'nhsuk-error-message';
  error.id = `${input.id || field}-error`;
  const hidden = document.createElement('span');
  hidden.className = 'nhsuk-u-visually-hidden';
  hidden.textContent = 'Error: ';
  error.append(hidden, message);
  input.before(error);
  input.setAttribute('aria-invalid', 'true');
  input.classList.add(input.tagName === 'TEXTAREA' ? 'nhsuk-textarea--error' : 'nhsuk-input--error');
  const describedBy = [input.getAttribute('aria-describedby'), error.id].filter(Boolean).join(' ');
  input.setAttribute('aria-describedby', describedBy);
}

/**
 * Shows why a save failed: each field's problem for invalid input, otherwise what happened,
 * in the same error summary.
 */
export function showFailure(form, summaryHost, error) {
  const invalid = error instanceof BackendError && error.code === 'invalid_input';
  showErrors(form, summaryHost, invalid ? error.fields : [{ field: '', message: error.message }]);
}
