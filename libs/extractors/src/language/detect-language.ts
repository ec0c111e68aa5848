import { franc } from 'franc-min';

/** Texts shorter than this are not classified: trigram statistics say nothing about them. */
const MIN_LENGTH = 20;

/**
 * The ISO 639-3 code of a text's language (franc-min: the ~80 most spoken languages), or `und`
 * when the text is too short or ambiguous. franc-min rather than franc: the full model calls
 * plain English "sco" (Scots).
 */
export function detectLanguage(text: string): string {
  if (text.trim().length < MIN_LENGTH) return 'und';
  return franc(text, { minLength: MIN_LENGTH });
}
