/**
 * A short button label that also names, for screen readers only, the person it acts on ("Make
 * case giver: Gia"): the accessible name starts with the words on the button, so speech control
 * ("click Make case giver") finds it and no aria-label contradicts what is seen. The spoken name
 * is one piece of text, since a hidden piece beside the visible one would be read with a gap.
 */
export function ActionFor({ action, name }: { readonly action: string; readonly name: string }) {
  return (
    <>
      <span aria-hidden="true">{action}</span>
      <span className="visually-hidden">{`${action}: ${name}`}</span>
    </>
  );
}
