// Small helpers for building screens from <template> elements. User data only ever goes
// into the page through textContent or form values, never as HTML.

/** A fresh copy of the template with this id. */
export function fromTemplate(id) {
  const template = document.getElementById(id);
  if (!(template instanceof HTMLTemplateElement)) {
    throw new Error(`missing template #${id}`);
  }
  return template.content.cloneNode(true);
}

/** The element marked data-slot="name" inside root. */
export function slot(root, name) {
  const found = root.querySelector(`[data-slot="${name}"]`);
  if (!found) throw new Error(`missing slot ${name}`);
  return found;
}

/** Replaces everything in the view with these nodes. */
export function show(view, ...nodes) {
  view.replaceChildren(...nodes);
}

/** Adds a key and value row to an NHS summary list (`<dl class="nhsuk-summary-list">`). */
export function summaryRow(list, key, value) {
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
