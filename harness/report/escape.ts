/** Text and attribute values for HTML and SVG: everything the markup could mistake for syntax. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** A fragment id made of safe characters only (letters, digits, `-`, `.`, `_`). */
export function slug(text: string, max = 80): string {
  return text.replace(/[^A-Za-z0-9._]+/g, '-').replace(/^-|-$/g, '').slice(0, max);
}
