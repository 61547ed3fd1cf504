/** `text` with the first occurrence of `term` marked. */
export function HighlightText({ text, term }: { text: string; term: string }) {
  const index = term ? text.indexOf(term) : -1;
  if (index < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, index)}
      <mark className="xy-mark">{term}</mark>
      {text.slice(index + term.length)}
    </>
  );
}
