/**
 * Controls declare `inheritAttrs: false`: `class` and `style` stay on the control's root element, every
 * other attribute (name, autocomplete, placeholder, disabled, data-*, listeners…) goes to the input.
 */
export function inputAttrs(attrs: Record<string, unknown>): Record<string, unknown> {
  const { class: _class, style: _style, ...rest } = attrs;
  return rest;
}

export function rootAttrs(attrs: Record<string, unknown>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  if (attrs.class !== undefined) root.class = attrs.class;
  if (attrs.style !== undefined) root.style = attrs.style;
  return root;
}
