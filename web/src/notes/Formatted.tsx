import { memo, useMemo } from 'react';
import { formatNote } from './format';

/** A note's text with its formatting, rendered once per text. */
export const Formatted = memo(function Formatted({ text, id }: { text: string; id?: string }) {
  const html = useMemo(() => formatNote(text), [text]);
  // formatNote keeps only formatting tags, without attributes: nothing in it can run.
  return <div id={id} className="formatted" dangerouslySetInnerHTML={{ __html: html }} />;
});
