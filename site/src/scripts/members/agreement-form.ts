/** Client helpers of the agreement forms (the decisions page and the agreements register). */

/**
 * An element with properties and children. The type follows the tag alone: forms of many controls
 * stay cheap to check, where a helper typing its properties per tag makes the checker give up.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string | boolean> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

/** One checkbox per working group, the bound ones ticked, in a fieldset with its legend. */
export function groupChoice(legend: string, groups: { id: string; name: string }[], ticked: (id: string) => boolean): HTMLFieldSetElement {
  return h('fieldset', {}, h('legend', {}, legend), ...groups.map((g) => h('label', {}, h('input', { type: 'checkbox', name: 'bindingGroups', value: g.id, checked: ticked(g.id) }), ` ${g.name}`)));
}

/** The groups ticked in a `groupChoice`. */
export const chosenGroups = (fieldset: HTMLFieldSetElement) => [...fieldset.querySelectorAll<HTMLInputElement>('input:checked')].map((box) => box.value);
