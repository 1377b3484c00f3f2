// A printout on screen (a leaflet pack or a visit checklist): each page drawn as an SVG from the
// same marks the PDF was drawn from, so what is previewed is what prints, with the ways to
// use it: print (the desktop's print dialog, from the backend, prints these pages through the
// print styles), open the PDF in the desktop's viewer, or save a copy where the practitioner
// chooses.

import { openPrintout, printPrintout, savePrintout } from './backend.js';
import { el } from './gaps-panel.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

/** One page as an SVG whose units are millimetres (an A4 sheet is 210 by 297). */
export function drawSheet(sheet, number, total) {
  const page = svg('svg', {
    viewBox: '0 0 210 297',
    class: 'kf-sheet',
    role: 'img',
    'aria-label': `Page ${number} of ${total}`,
  });
  page.append(svg('rect', { x: 0, y: 0, width: 210, height: 297, fill: '#ffffff' }));
  for (const mark of sheet.marks) {
    if (mark.kind === 'text') {
      const text = svg('text', {
        x: mark.x,
        y: mark.y,
        'font-size': mark.size,
        'font-weight': mark.bold ? 700 : 400,
        fill: mark.colour,
      });
      text.textContent = mark.text;
      page.append(text);
    } else if (mark.kind === 'rule') {
      page.append(svg('line', {
        x1: mark.x1, y1: mark.y, x2: mark.x2, y2: mark.y, stroke: mark.colour, 'stroke-width': mark.width,
      }));
    } else if (mark.kind === 'box') {
      // The PDF fills a filled box and outlines the others with a 1 pt line.
      page.append(svg('rect', mark.filled
        ? { x: mark.x, y: mark.y, width: mark.w, height: mark.h, fill: mark.colour }
        : { x: mark.x, y: mark.y, width: mark.w, height: mark.h, fill: 'none', stroke: mark.colour, 'stroke-width': 0.353 }));
    }
  }
  return page;
}

/**
 * Takes the printout off the print area (whenever the screen changes or Kinfold locks), with
 * the print-only stylesheet that makes its pages the whole print (A4, no margins), so other
 * screens print as they are.
 */
export function clearPrintArea() {
  document.getElementById('print-area')?.replaceChildren();
  document.getElementById('printout-css')?.remove();
}

function setPrintArea(pages) {
  const area = document.getElementById('print-area');
  if (!area) return;
  area.replaceChildren(...pages.map((p) => p.cloneNode(true)));
  if (!document.getElementById('printout-css')) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.media = 'print';
    link.href = 'css/printout-print.css';
    link.id = 'printout-css';
    document.head.append(link);
  }
}

function button(text, id, secondary = true) {
  const b = el('button', `nhsuk-button kf-space-right${secondary ? ' nhsuk-button--secondary' : ''}`, text);
  b.type = 'button';
  b.id = id;
  return b;
}

function drawAll(printout) {
  return printout.sheets.map((sheet, i) => drawSheet(sheet, i + 1, printout.sheets.length));
}

/**
 * The ways to use `printout` ({file, pages, bytes, sheets}): print (its pages are put on the
 * print area when Print is pressed, so each of several printouts on a screen prints itself),
 * open the PDF, save a copy. `onError` shows a refusal (the caller's error summary);
 * `printIsMain` makes Print the main button (when there is nothing else to do); `suffix`
 * keeps the buttons' ids apart when several printouts share a screen; `pages` are the pages
 * already drawn, if they are.
 */
export function printoutActions(printout, { onError, savedNote, printIsMain = false, suffix = '', pages = null }) {
  const actions = el('div', 'kf-printout__actions');
  const status = el('p', 'nhsuk-body-s kf-printout__status');
  status.id = `printout-status${suffix}`;
  status.setAttribute('aria-live', 'polite');
  const print = button('Print', `print-printout${suffix}`, !printIsMain);
  print.addEventListener('click', () => {
    setPrintArea(pages ?? drawAll(printout));
    printPrintout(printout.file).catch(onError);
  });
  const open = button('Open the PDF', `open-printout${suffix}`);
  open.addEventListener('click', () => openPrintout(printout.file).catch(onError));
  const save = button('Save a copy', `save-printout${suffix}`);
  save.addEventListener('click', async () => {
    try {
      const path = await savePrintout(printout.file);
      status.textContent = path ? `Saved a copy as ${path}. ${savedNote}` : 'Not saved.';
    } catch (error) {
      onError(error);
    }
  });
  actions.append(print, open, save, status);
  return actions;
}

/**
 * The preview of `printout` and its actions (see printoutActions). Returns {actions,
 * preview}: the buttons (to add more beside them) and the pages.
 */
export function printoutView(printout, options) {
  const pages = drawAll(printout);
  setPrintArea(pages);
  const actions = printoutActions(printout, { ...options, pages });
  const preview = el('div', 'kf-preview');
  preview.id = 'printout-preview';
  preview.setAttribute('aria-label', `Preview: ${printout.pages} pages`);
  preview.append(...pages);
  return { actions, preview };
}
