// The program picker shared by the cells and the comparison: a <select> of
// generators, number inputs for the chosen one's parameters, and reading them back.
import { integer } from './meter.js';

/** The picker's controls inside `root` (a cell, or the comparison): form, select, params, max-lines, Run, Stop. */
export function pickerParts(root) {
  const part = (selector) => root.querySelector(selector);
  return {
    form: part('form'),
    select: part('select'),
    params: part('.params'),
    maxLines: part('[name="max-lines"]'),
    runButton: part('.run'),
    stopButton: part('.stop'),
  };
}

/** Fills `select` with `generators` ([{ name, title }]), choosing `chosen`. */
export function fillPicker(select, generators, chosen) {
  select.replaceChildren(
    ...generators.map(({ name, title, about }) => {
      const option = document.createElement('option');
      option.value = name;
      option.textContent = title;
      option.title = about;
      return option;
    }),
  );
  select.value = chosen;
}

/** Replaces the inputs in `container` with one per parameter of `generator`. */
export function showParams(container, generator, idPrefix) {
  container.replaceChildren(
    ...generator.params.map((param) => {
      const label = document.createElement('label');
      label.className = 'field';
      const name = document.createElement('span');
      name.textContent = param.label;
      const input = document.createElement('input');
      Object.assign(input, { type: 'number', name: `param-${param.name}`, min: param.min, max: param.max, step: 1, value: param.default, required: true });
      input.inputMode = 'numeric';
      input.id = `${idPrefix}-${param.name}`;
      // Wide enough for the largest value, plus the spinner.
      input.style.width = `calc(${String(param.max).length}ch + 40px)`;
      input.title = `${integer.format(param.min)} to ${integer.format(param.max)}`;
      label.append(name, input);
      return label;
    }),
  );
}

/**
 * The parameter values in `container` for `generator`, or { error } naming the
 * first out of range, marked and focused unless `quiet` (the server checks them
 * again, and answers 400 if not).
 */
export function readParams(container, generator, { quiet = false } = {}) {
  const values = {};
  for (const param of generator.params) {
    const input = container.querySelector(`[name="param-${param.name}"]`);
    const value = input.valueAsNumber;
    if (!Number.isInteger(value) || value < param.min || value > param.max) {
      if (quiet) return {};
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return { error: `${param.label} must be a whole number from ${integer.format(param.min)} to ${integer.format(param.max)}` };
    }
    input.removeAttribute('aria-invalid');
    values[param.name] = value;
  }
  return { values };
}

/** The command line a run of `generator` with `values` is, as the page shows it. */
export function commandLine(generator, values) {
  return generator.template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? '?'));
}

/** Makes `button` the focus when the focus sat on a control just disabled. */
export function keepFocus(previous, button) {
  if (previous?.disabled) button.focus();
}
